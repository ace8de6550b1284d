import { PGlite } from '@electric-sql/pglite';
import { SERVER_MIGRATIONS } from '../../server/db/migrations';

/** An in-memory PGlite with every server migration applied in order, as the server's start applies them. The caller closes it. */
export async function migratedPglite(): Promise<PGlite> {
  const db = new PGlite();
  for (const m of SERVER_MIGRATIONS) await db.exec(m.sql);
  return db;
}
