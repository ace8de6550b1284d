import type { Pool } from 'pg';
import type { PushBatch } from '../../electron/contract/sync';
import type { TokenOwner } from '../enrolment/enrolment';

/**
 * A batch refused because one of its events takes a stream version already stored under another
 * id (two windows, or a window restored from an old backup, wrote the same case's version N).
 * Nothing of the batch is stored.
 */
export class StreamVersionConflictError extends Error {
  constructor(
    readonly streamType: string,
    readonly streamId: string,
    readonly version: number,
  ) {
    super(`事件流 ${streamType}:${streamId} 的第 ${version} 版已由另一个事件保存在上级平台，本批次未保存；请联系上级平台管理员核对该窗口的数据`);
    this.name = 'StreamVersionConflictError';
  }
}

/** Why PostgreSQL refused the batch's insert, in the cases handled here. */
interface PgError {
  code?: string;
  constraint?: string;
}

/** The batch's rows as jsonb_to_recordset reads them, and its ids in order. */
function batchRows(batch: PushBatch): { rowsJson: string; ids: string[] } {
  const rows = batch.events.map((e) => ({
    id: e.id,
    stream_type: e.stream.type,
    stream_id: e.stream.id,
    stream_version: e.version,
    type: e.type,
    occurred_at: e.occurredAt,
    staff: e.staff,
    payload: e.payload,
  }));
  return { rowsJson: JSON.stringify(rows), ids: batch.events.map((e) => e.id) };
}

/**
 * The insert of a batch's rows ($rows) as hall $hall, window $window: jsonb_to_recordset unpacks
 * them server-side; an id already held in the hall is left as it is. `where`: a condition on the
 * whole statement (the token's check in storeBatchForToken). Returns the ids inserted.
 */
function insertSql(rows: string, hall: string, window: string, where = 'true'): string {
  return `INSERT INTO events (hall, id, window_number, stream_type, stream_id, stream_version, type, occurred_at, staff, payload)
       SELECT ${hall}, r.id, ${window}, r.stream_type, r.stream_id, r.stream_version, r.type, r.occurred_at, r.staff, r.payload
         FROM jsonb_to_recordset(${rows}::jsonb) AS r(id uuid, stream_type text, stream_id uuid, stream_version integer,
                                                 type text, occurred_at timestamptz, staff uuid, payload jsonb)
        WHERE ${where}
       ON CONFLICT (hall, id) DO NOTHING
       RETURNING id`;
}

const INSERT_SQL = insertSql('$3', '$1', '$2');

// The token's check as enrolment.ts's authenticate() makes it (live, by its SHA-256), narrowed to
// the window the batch names; evaluated once for the statement (an InitPlan), before any row.
const INSERT_FOR_TOKEN_SQL = `WITH inserted AS (
  ${insertSql('$4', '$2', '$3', 'EXISTS (SELECT 1 FROM tokens t WHERE t.hall = $2 AND t.token_hash = $1 AND t.window_number = $3 AND t.revoked_at IS NULL)')}
)
SELECT EXISTS (SELECT 1 FROM tokens t WHERE t.hall = $2 AND t.token_hash = $1 AND t.window_number = $3 AND t.revoked_at IS NULL) AS owner,
       (SELECT count(*) FROM inserted)::integer AS inserted`;

/**
 * A push's usual case in one round trip (POST /v1/push): the token whose SHA-256 is `tokenHash`
 * is live for the batch's own hall and window (`claimed`, the window every event names), and the
 * batch is stored as storeBatch() stores it, in the same statement. Returns the ids held, as
 * storeBatch(); or null when the token is not live for `claimed` (unknown, revoked, or another
 * window's), and nothing was stored: the caller then authenticates the token on its own for the
 * answer (401, 403). `prepared`: a named statement (PostgreSQL only, see there).
 * Throws what storeBatch() throws.
 */
export async function storeBatchForToken(pool: Pool, tokenHash: string, claimed: TokenOwner, batch: PushBatch, options: { prepared?: boolean } = {}): Promise<string[] | null> {
  const { rowsJson, ids } = batchRows(batch);
  const values = [tokenHash, claimed.hall, claimed.window, rowsJson];
  try {
    // `prepared` (PostgreSQL only): a named statement, parsed and planned once per connection, not
    // on every push. Measured with 20 windows pushing 5 events at a time on PostgreSQL 15: its CPU
    // per push 1.5 → 0.9 ms, the server's 1.25 → 1.15 ms (review-24, bench:server's live phase).
    // Behind PgBouncer in transaction mode this needs PgBouncer 1.21+ with max_prepared_statements.
    // Never on PGlite: its one backend session is shared by every socket connection, so a
    // replacement connection's Parse of the same name fails ("already exists").
    const result = await pool.query<{ owner: boolean; inserted: number }>(
      options.prepared === true ? { name: 'counter.push-for-token', text: INSERT_FOR_TOKEN_SQL, values } : { text: INSERT_FOR_TOKEN_SQL, values },
    );
    const row = result.rows[0];
    if (!row?.owner) return null;
    return row.inserted === ids.length ? ids : await heldOf(pool, claimed, ids);
  } catch (err) {
    throw await refined(err, pool, claimed, rowsJson);
  }
}

/** The ids of `ids` held for `owner`'s window, in their order (a second read, after the insert committed). */
async function heldOf(pool: Pool, owner: TokenOwner, ids: string[]): Promise<string[]> {
  const held = await pool.query<{ id: string }>('SELECT id FROM events WHERE hall = $1 AND window_number = $2 AND id = ANY($3::uuid[])', [owner.hall, owner.window, ids]);
  const heldSet = new Set(held.rows.map((r) => r.id));
  return ids.filter((id) => heldSet.has(id));
}

/** A conflict on a stream's version as StreamVersionConflictError; any other error as it is. */
async function refined(err: unknown, pool: Pool, owner: TokenOwner, rowsJson: string): Promise<unknown> {
  const pgErr = err as PgError;
  if (pgErr.code === '23505' && pgErr.constraint === 'events_stream_version_key') return describeConflict(pool, owner, rowsJson, err);
  return err;
}

/**
 * Stores a window's batch (POST /v1/push), all or nothing, in one statement: every event not
 * already held (by hall and id) is inserted with the server's receive time and sequence; events
 * already held are left as they are, so a repeated or overlapping batch changes nothing.
 * The caller has checked that every event is `owner`'s (hall and window).
 * Returns the batch's ids now held for this window, in the batch's order (all of them, unless an
 * id was already held for another window of the hall).
 * Throws StreamVersionConflictError (nothing stored), or the database's own error.
 */
export async function storeBatch(pool: Pool, owner: TokenOwner, batch: PushBatch): Promise<string[]> {
  const { rowsJson, ids } = batchRows(batch);
  try {
    // One INSERT, committed on its own: a single statement is all or nothing, so no BEGIN/COMMIT
    // round trips (each costs as much as the insert's own work on a loaded server, bench:server).
    const inserted = await pool.query<{ id: string }>(INSERT_SQL, [owner.hall, owner.window, rowsJson]);
    // Every event new (the batch's ids are distinct, PushBatchSchema): all held now, for this window.
    // Otherwise some were held already: by an earlier push of this window (its answer lost), or —
    // not listed then — under another window of the hall.
    return inserted.rowCount === ids.length ? ids : await heldOf(pool, owner, ids);
  } catch (err) {
    throw await refined(err, pool, owner, rowsJson);
  }
}

/** Finds which event of the batch met a stored version under another id, for the reason. */
async function describeConflict(pool: Pool, owner: TokenOwner, rowsJson: string, original: unknown): Promise<unknown> {
  try {
    const found = await pool.query<{ stream_type: string; stream_id: string; stream_version: number }>(
      `SELECT r.stream_type, r.stream_id::text, r.stream_version
         FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, stream_type text, stream_id uuid, stream_version integer)
         JOIN events e ON e.hall = $1 AND e.stream_type = r.stream_type AND e.stream_id = r.stream_id
                      AND e.stream_version = r.stream_version AND e.id <> r.id
        LIMIT 1`,
      [owner.hall, rowsJson],
    );
    const row = found.rows[0];
    // A conflict with a concurrent batch that has since rolled back leaves nothing to name.
    return row ? new StreamVersionConflictError(row.stream_type, row.stream_id, row.stream_version) : new StreamVersionConflictError('?', '?', 0);
  } catch {
    return original;
  }
}
