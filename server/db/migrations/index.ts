import type { ServerMigration } from '../migrate';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-backoffice';
import { migration0003 } from './0003-server-epoch';
import { migration0004 } from './0004-client-made-tokens';
import { migration0005 } from './0005-backoffice-indexes';
import { migration0006 } from './0006-queue';
import { migration0007 } from './0007-queue-withdrawn';
import { migration0008 } from './0008-queue-dispensers';
import { migration0009 } from './0009-device-roles';
import { migration0010 } from './0010-queue-calls-by-ticket';
import { migration0011 } from './0011-queue-dispenser-refusals';
import { migration0012 } from './0012-events-payload-lz4';
import { migration0013 } from './0013-events-received-case-index';

/** The server's migrations in order; both backends (PostgreSQL, PGlite) run the same SQL. */
export const SERVER_MIGRATIONS: readonly ServerMigration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010, migration0011, migration0012, migration0013];
