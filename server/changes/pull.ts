import type { Pool } from 'pg';
import type { PullResponse, SyncChange } from '../../electron/contract/sync';
import type { TokenOwner } from '../enrolment/enrolment';

/** A pull cursor as the server writes it: the last sequence sent, in decimal (a bigint's digits). */
const CURSOR = /^(0|[1-9][0-9]{0,18})$/;

/** Thrown for a cursor this server did not write; the window should pull from the beginning. */
export class BadCursorError extends Error {
  constructor(cursor: string) {
    super(`同步游标“${cursor.slice(0, 40)}”不是本服务给出的，请清除游标后从头拉取`);
    this.name = 'BadCursorError';
  }
}

/**
 * The changes for `owner` after `cursor` (POST /v1/pull): the hall's changes meant for the whole
 * hall or for this window, in the server's order, at most `limit`; `more` when others wait
 * beyond. The answer's cursor is the last sequence sent (the given cursor, or "0", when none).
 * Throws BadCursorError for a cursor that is not a sequence number.
 */
export async function pullChanges(pool: Pool, owner: TokenOwner, cursor: string | null, limit: number): Promise<PullResponse> {
  if (cursor !== null && !CURSOR.test(cursor)) throw new BadCursorError(cursor);
  const after = cursor ?? '0';
  const found = await pool.query<{ seq: string; body: SyncChange }>(
    `SELECT seq::text AS seq, body FROM changes
      WHERE hall = $1 AND seq > $2::bigint AND (window_number IS NULL OR window_number = $3)
      ORDER BY seq LIMIT $4`,
    [owner.hall, after, owner.window, limit + 1],
  );
  const rows = found.rows.slice(0, limit);
  return {
    changes: rows.map((r) => r.body),
    cursor: rows.length > 0 ? (rows[rows.length - 1]?.seq ?? after) : after,
    more: found.rows.length > limit,
  };
}
