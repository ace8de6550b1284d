import type BetterSqlite3 from 'better-sqlite3';

/** The one handle type the core's SQL functions take. */
export type Db = BetterSqlite3.Database;
