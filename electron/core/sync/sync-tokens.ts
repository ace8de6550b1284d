import type { Db } from '../storage/database';
import { statement } from '../storage/statements';

// The window's enrolment tokens, one per (hall, window) it has held (migration 0015): the live
// token of each, and the token of an enrolment whose answer is not had yet. Never logged.

/** A hall and window number, as events and tokens are stamped. */
export interface WindowKey {
  hall: string;
  window: number;
}

/** The live token the server accepted for `key`, or null. */
export function tokenFor(db: Db, key: WindowKey): string | null {
  const row = statement(db, 'SELECT token FROM sync_tokens WHERE hall_code = ? AND window_number = ?').get(key.hall, key.window) as { token: string | null } | undefined;
  return row?.token ?? null;
}

/** The token made for an enrolment of `key` with the code whose SHA-256 is `codeHash`, not yet confirmed; or null. */
export function pendingTokenFor(db: Db, key: WindowKey, codeHash: string): string | null {
  const row = statement(db, 'SELECT pending_token AS t FROM sync_tokens WHERE hall_code = ? AND window_number = ? AND pending_code_hash = ?').get(
    key.hall,
    key.window,
    codeHash,
  ) as { t: string | null } | undefined;
  return row?.t ?? null;
}

/**
 * Stores a token made for an enrolment of `key` with the code `codeHash`, before it is sent (it
 * replaces another code's pending token; the live token stays until the server accepts this one).
 */
export function storePendingToken(db: Db, key: WindowKey, pending: { token: string; codeHash: string; at: string }): void {
  statement(
    db,
    `INSERT INTO sync_tokens (hall_code, window_number, pending_token, pending_code_hash, pending_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (hall_code, window_number) DO UPDATE SET pending_token = excluded.pending_token,
         pending_code_hash = excluded.pending_code_hash, pending_at = excluded.pending_at`,
  ).run(key.hall, key.window, pending.token, pending.codeHash, pending.at);
}

/** Forgets `key`'s pending token: its code was refused, so it can never be accepted. */
export function clearPendingToken(db: Db, key: WindowKey): void {
  statement(db, 'UPDATE sync_tokens SET pending_token = NULL, pending_code_hash = NULL, pending_at = NULL WHERE hall_code = ? AND window_number = ?').run(
    key.hall,
    key.window,
  );
}

/**
 * The server accepted `token` for `key`: it becomes `key`'s live token (the one it replaces was
 * revoked by the server), the pending one is cleared, and sync_state records the enrolment (what
 * the 设置 page shows) with the clock offset read from the answer. One transaction.
 */
export function confirmToken(db: Db, key: WindowKey, enrolment: { token: string; at: string; clockOffsetMs: number }): void {
  db.transaction(() => {
    statement(
      db,
      `INSERT INTO sync_tokens (hall_code, window_number, token, enrolled_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (hall_code, window_number) DO UPDATE SET token = excluded.token, enrolled_at = excluded.enrolled_at,
           pending_token = NULL, pending_code_hash = NULL, pending_at = NULL`,
    ).run(key.hall, key.window, enrolment.token, enrolment.at);
    statement(
      db,
      `UPDATE sync_state SET token = ?, enrolled_hall = ?, enrolled_window = ?, enrolled_at = ?, clock_offset_ms = ?,
         last_error = NULL, last_error_at = NULL WHERE id = 1`,
    ).run(enrolment.token, key.hall, key.window, enrolment.at, enrolment.clockOffsetMs);
  }).immediate();
}

/** A (hall, window) the outbox holds events of, with how many, in the order of its oldest event. */
export interface OutboxGroup extends WindowKey {
  count: number;
}

/** The statement of outboxGroups: the outbox outside, each event by its key (CROSS JOIN, see outbox.ts batchSql). */
export const OUTBOX_GROUPS_SQL = `SELECT e.hall_code AS hall, e.window_number AS number, count(*) AS count, min(o.event_seq) AS first
         FROM outbox o CROSS JOIN events e ON e.seq = o.event_seq
        GROUP BY e.hall_code, e.window_number ORDER BY first`;

/**
 * The outbox's events by the hall and window they were recorded under, oldest group first. One
 * short read over the outbox (a few thousand rows after a week offline; the join is by primary key).
 */
export function outboxGroups(db: Db): OutboxGroup[] {
  return (
    statement(db, OUTBOX_GROUPS_SQL).all() as Array<{ hall: string; number: number; count: number; first: number }>
  ).map(({ hall, number, count }) => ({ hall, window: number, count }));
}
