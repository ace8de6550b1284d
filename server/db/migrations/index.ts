import type { ServerMigration } from '../migrate';
import { migration0001 } from './0001-initial';

/** The server's migrations in order; both backends (PostgreSQL, PGlite) run the same SQL. */
export const SERVER_MIGRATIONS: readonly ServerMigration[] = [migration0001];
