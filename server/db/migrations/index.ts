import type { ServerMigration } from '../migrate';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-backoffice';

/** The server's migrations in order; both backends (PostgreSQL, PGlite) run the same SQL. */
export const SERVER_MIGRATIONS: readonly ServerMigration[] = [migration0001, migration0002];
