import type { Pool } from 'pg';
import type { PullResponse, SyncChange } from '../../electron/contract/sync';
import type { TokenOwner } from '../enrolment/enrolment';

/**
 * A pull cursor as a window sends it back: `<epoch>:<seq>` as this server writes it (the
 * database's epoch, migration 0003, and the last sequence sent, a bigint's digits), or a bare
 * `<seq>` as servers before the epoch wrote it.
 */
const CURSOR = /^(?:([0-9a-z]{8,32}):)?(0|[1-9][0-9]{0,18})$/;

/** The largest value a PostgreSQL bigint holds: a cursor beyond it was never written by anyone. */
const BIGINT_MAX = 9223372036854775807n;

/**
 * Thrown for a cursor this server did not write (answered `bad_cursor`): malformed, of another
 * database's epoch, or ahead of every sequence this database ever drew. The window should clear
 * its cursor and pull from the beginning.
 */
export class BadCursorError extends Error {
  constructor(cursor: string, why: string) {
    super(`同步游标“${cursor.slice(0, 40)}”不是本服务给出的（${why}），请清除游标后从头拉取`);
    this.name = 'BadCursorError';
  }
}

/** The cursor as the server writes it. */
export function formatCursor(epoch: string, seq: string): string {
  return `${epoch}:${seq}`;
}

/**
 * The changes for `owner` after `cursor` (POST /v1/pull): the hall's changes meant for the whole
 * hall or for this window, in the server's order, at most `limit`; `more` when others wait
 * beyond. The answer's cursor is `<epoch>:<last sequence sent>` (the given cursor's sequence, or
 * 0, when none is sent).
 *
 * A bare number (written before migration 0003) is taken as this database's: every such cursor was
 * written by the database the migration then ran on, so all windows keep their place through the
 * upgrade instead of all pulling the hall's whole history at once; the ahead-of-sequence check
 * below still catches one from a database since replaced, and the answer gives the epoch form.
 * Throws BadCursorError for a malformed cursor, one of another epoch, or one whose sequence is
 * beyond the last this database drew (a restored backup, a new database under the same epoch).
 */
export async function pullChanges(pool: Pool, owner: TokenOwner, cursor: string | null, limit: number): Promise<PullResponse> {
  const meta = await pool.query<{ epoch: string; drawn: string }>(
    `SELECT e.epoch, (SELECT CASE WHEN s.is_called THEN s.last_value ELSE 0 END FROM change_seq s)::text AS drawn FROM server_epoch e`,
  );
  const row = meta.rows[0];
  if (!row) throw new Error('server_epoch has no row: migration 0003 did not run');
  let after = '0';
  if (cursor !== null) {
    const match = CURSOR.exec(cursor);
    if (!match) throw new BadCursorError(cursor, '格式不对');
    const [, epoch, seq] = match as unknown as [string, string | undefined, string];
    if (epoch !== undefined && epoch !== row.epoch) throw new BadCursorError(cursor, '来自另一个数据库');
    if (BigInt(seq) > BIGINT_MAX || BigInt(seq) > BigInt(row.drawn)) throw new BadCursorError(cursor, '超出本服务已编的序号');
    after = seq;
  }
  const found = await pool.query<{ seq: string; body: SyncChange }>(
    `SELECT seq::text AS seq, body FROM changes
      WHERE hall = $1 AND seq > $2::bigint AND (window_number IS NULL OR window_number = $3)
      ORDER BY seq LIMIT $4`,
    [owner.hall, after, owner.window, limit + 1],
  );
  const rows = found.rows.slice(0, limit);
  return {
    changes: rows.map((r) => r.body),
    cursor: formatCursor(row.epoch, rows.length > 0 ? (rows[rows.length - 1]?.seq ?? after) : after),
    more: found.rows.length > limit,
  };
}
