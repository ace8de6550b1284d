import type { Migration } from '../migration';
import { migration0001 } from './0001-foundation';
import { migration0002 } from './0002-events-and-staff';
import { migration0003 } from './0003-cases';
import { migration0004 } from './0004-intake-drafts';
import { migration0005 } from './0005-search-keys';
import { migration0006 } from './0006-item-types';
import { migration0007 } from './0007-staff-roles';
import { migration0008 } from './0008-printing';
import { migration0009 } from './0009-ratings';
import { migration0010 } from './0010-follow-ups';
import { migration0011 } from './0011-document-storage';
import { migration0012 } from './0012-sync';
import { migration0013 } from './0013-notices-owed';
import { migration0014 } from './0014-outbox-parking';
import { migration0015 } from './0015-sync-tokens';
import { migration0016 } from './0016-queue';
import { migration0017 } from './0017-outbox-as-stored';
import { migration0018 } from './0018-queue-hall-refusals';
import { migration0019 } from './0019-staff-events-by-time';

/** In order; the last one's version is the schema version this build writes. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010, migration0011, migration0012, migration0013, migration0014, migration0015, migration0016, migration0017, migration0018, migration0019];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
