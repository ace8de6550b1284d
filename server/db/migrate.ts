import type { Pool } from 'pg';
import { SERVER_MIGRATIONS } from './migrations';

/** One numbered migration: plain SQL, run in one transaction. */
export interface ServerMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * An advisory-lock key of the server's own (any bigint; this one spells "COUNTERM" in ASCII), so
 * several server processes starting at once against one PostgreSQL migrate one at a time.
 */
const MIGRATION_LOCK_KEY = '4846966888264911437';

/**
 * Brings the database to the latest schema: in one transaction holding a transaction-level
 * advisory lock, creates `schema_migrations (version, name, applied_at)` if missing and applies
 * every migration not listed there, in order. A second process waits for the lock and then finds
 * nothing to do. Returns the versions this call applied. Throws (and rolls back) on any SQL error.
 */
export async function migrate(pool: Pool, migrations: readonly ServerMigration[] = SERVER_MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
