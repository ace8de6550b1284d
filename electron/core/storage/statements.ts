import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from './database';

const cache = new WeakMap<Db, Map<string, BetterSqlite3.Statement>>();

/**
 * A prepared statement for this connection, prepared once. Preparing costs more than running a
 * small statement, and accepting a case runs a dozen of them. Shared by every caller of the
 * same SQL, so callers must not switch its modes (pluck, raw, expand).
 */
export function statement(db: Db, text: string): BetterSqlite3.Statement {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  let stmt = perDb.get(text);
  if (!stmt) {
    stmt = db.prepare(text);
    perDb.set(text, stmt);
  }
  return stmt;
}
