import { SyncChangeSchema, type SyncChange } from '../../electron/contract/sync';
import type { Queryable } from '../db/queryable';

/** What publishChange stored: the change's place in the server's order (the pull cursor's unit). */
export interface PublishedChange {
  id: string;
  /** The server sequence, as the decimal string a pull cursor carries. */
  seq: string;
  /** false when a change with this id was already published for the hall (publishing is idempotent). */
  inserted: boolean;
}

/**
 * Publishes a change for a hall's windows to pull (the back office and operators call this).
 * `window` null sends it to every window of the hall; a `case.backOfficeDecision` must name the
 * case's window (the server sends a window only its own cases' decisions) — it throws otherwise.
 * The change is validated with the wire's SyncChangeSchema (throws the ZodError) and stored as
 * parsed. `db` may be a client inside the caller's transaction: the change is then visible to
 * pulls only when that transaction commits.
 *
 * Publishes of one hall are serialised by a transaction-level advisory lock taken in the same
 * statement as the sequence is drawn, so a hall's changes commit in sequence order and a pull
 * after cursor N never misses a change that commits later with a smaller sequence.
 */
export async function publishChange(db: Queryable, hall: string, change: SyncChange, window: number | null): Promise<PublishedChange> {
  const parsed = SyncChangeSchema.parse(change);
  if (parsed.kind === 'case.backOfficeDecision' && window === null) {
    throw new Error('a back-office decision goes to the window of its case: pass that window number');
  }
  const result = await db.query<{ seq: string; inserted: boolean }>(
    `WITH serialised AS (SELECT pg_advisory_xact_lock(hashtext('counter.changes'), hashtext($1)) AS locked),
          ins AS (
            INSERT INTO changes (hall, id, kind, window_number, body)
            SELECT $1, $2, $3, $4, $5::jsonb FROM serialised
            ON CONFLICT (hall, id) DO NOTHING
            RETURNING seq::text AS seq)
     SELECT seq, true AS inserted FROM ins
     UNION ALL
     SELECT seq::text, false FROM changes WHERE hall = $1 AND id = $2 AND NOT EXISTS (SELECT 1 FROM ins)`,
    [hall, parsed.id, parsed.kind, window, JSON.stringify(parsed)],
  );
  const row = result.rows[0];
  if (!row) throw new Error(`change ${parsed.id} was neither stored nor found`);
  return { id: parsed.id, seq: row.seq, inserted: row.inserted };
}
