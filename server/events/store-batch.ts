import type { Pool } from 'pg';
import type { PushBatch } from '../../electron/contract/sync';
import { inTransaction } from '../db/transaction';
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

/**
 * Stores a window's batch (POST /v1/push), all or nothing, in one transaction: every event not
 * already held (by hall and id) is inserted with the server's receive time and sequence; events
 * already held are left as they are, so a repeated or overlapping batch changes nothing.
 * The caller has checked that every event is `owner`'s (hall and window).
 * Returns the batch's ids now held for this window, in the batch's order (all of them, unless an
 * id was already held for another window of the hall).
 * Throws StreamVersionConflictError (nothing stored), or the database's own error.
 */
export async function storeBatch(pool: Pool, owner: TokenOwner, batch: PushBatch): Promise<string[]> {
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
  const rowsJson = JSON.stringify(rows);
  const ids = batch.events.map((e) => e.id);
  try {
    return await inTransaction(pool, async (client) => {
      // One statement for the whole batch: jsonb_to_recordset unpacks the rows server-side.
      await client.query(
        `INSERT INTO events (hall, id, window_number, stream_type, stream_id, stream_version, type, occurred_at, staff, payload)
         SELECT $1, r.id, $2, r.stream_type, r.stream_id, r.stream_version, r.type, r.occurred_at, r.staff, r.payload
           FROM jsonb_to_recordset($3::jsonb) AS r(id uuid, stream_type text, stream_id uuid, stream_version integer,
                                                   type text, occurred_at timestamptz, staff uuid, payload jsonb)
         ON CONFLICT (hall, id) DO NOTHING`,
        [owner.hall, owner.window, rowsJson],
      );
      const held = await client.query<{ id: string }>('SELECT id FROM events WHERE hall = $1 AND window_number = $2 AND id = ANY($3::uuid[])', [
        owner.hall,
        owner.window,
        ids,
      ]);
      const heldSet = new Set(held.rows.map((r) => r.id));
      return ids.filter((id) => heldSet.has(id));
    });
  } catch (err) {
    const pgErr = err as PgError;
    if (pgErr.code === '23505' && pgErr.constraint === 'events_stream_version_key') throw await describeConflict(pool, owner, rowsJson, err);
    throw err;
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
