import { randomInt } from 'node:crypto';
import type { RatingSession, RatingSessionState } from '../../contract/ratings';
import type { Db } from '../storage/database';
import { statement } from '../storage/statements';

/** The `rating_sessions` row (migration 0009). */
interface SessionRow {
  id: string;
  device_session_id: number;
  state: RatingSessionState;
  case_id: string | null;
  case_number: string | null;
  staff_id: string;
  service_label: string;
  armed_at: string;
  expires_at: string;
  device_armed: number;
  rating_id: string | null;
}

const SELECT = `
  SELECT s.id, s.device_session_id, s.state, s.case_id, c.case_number, s.staff_id, s.service_label, s.armed_at, s.expires_at,
         s.device_armed, s.rating_id
    FROM rating_sessions s LEFT JOIN cases c ON c.id = s.case_id`;

function fromRow(row: SessionRow): RatingSession {
  return {
    id: row.id,
    deviceSessionId: row.device_session_id,
    state: row.state,
    caseId: row.case_id,
    caseNumber: row.case_number,
    serviceLabel: row.service_label,
    staffId: row.staff_id,
    armedAt: row.armed_at,
    expiresAt: row.expires_at,
    deviceArmed: row.device_armed === 1,
    ratingId: row.rating_id,
  };
}

/** The window's armed session (at most one: the table's partial unique index), or null. */
export function armedSession(db: Db): RatingSession | null {
  const row = statement(db, `${SELECT} WHERE s.state = 'armed'`).get() as SessionRow | undefined;
  return row ? fromRow(row) : null;
}

export function loadSession(db: Db, id: string): RatingSession | null {
  const row = statement(db, `${SELECT} WHERE s.id = ?`).get(id) as SessionRow | undefined;
  return row ? fromRow(row) : null;
}

/**
 * The session a device's session_id names (ids are never reused at a window, see
 * newDeviceSessionId), or null for 0 or an id this window never armed.
 */
export function sessionOfDeviceId(db: Db, deviceSessionId: number): RatingSession | null {
  if (deviceSessionId === 0) return null;
  const row = statement(db, `${SELECT} WHERE s.device_session_id = ? ORDER BY s.seq DESC LIMIT 1`).get(deviceSessionId) as SessionRow | undefined;
  return row ? fromRow(row) : null;
}

/**
 * Whether the session already has its rating (一次一评): a coin tied to it, in whatever state
 * (a superseded session's late coin is its rating too, without marking it `rated`).
 */
export function sessionHasRating(db: Db, sessionId: string): boolean {
  return statement(db, 'SELECT 1 FROM ratings WHERE session_id = ? LIMIT 1').get(sessionId) !== undefined;
}

/**
 * A fresh ARM session_id: a random non-zero u32 never used at this window. Random rather than a
 * counter, so a device that kept an old session armed across a host's database restore cannot
 * match a new one; never reused, so a late coin of an old session is tied to that session only.
 */
export function newDeviceSessionId(db: Db): number {
  const used = statement(db, 'SELECT 1 FROM rating_sessions WHERE device_session_id = ? LIMIT 1');
  for (;;) {
    const candidate = randomInt(1, 0x1_0000_0000);
    if (used.get(candidate) === undefined) return candidate;
  }
}

/** What a new session is recorded against. */
export interface NewSession {
  id: string;
  deviceSessionId: number;
  caseId: string | null;
  staffId: string;
  serviceLabel: string;
  armedAt: string;
  expiresAt: string;
}

/**
 * Records a new armed session; the one armed before (if any) becomes `superseded` at `armedAt`
 * (a newer service's rating is the one the citizen at the counter gives). Call in a transaction.
 * Returns the superseded session's id, or null.
 */
export function insertSession(db: Db, s: NewSession): string | null {
  const before = armedSession(db);
  if (before) endSession(db, before.id, 'superseded', s.armedAt);
  statement(
    db,
    `INSERT INTO rating_sessions (id, device_session_id, state, case_id, staff_id, service_label, armed_at, expires_at, device_armed)
     VALUES (?, ?, 'armed', ?, ?, ?, ?, ?, 0)`,
  ).run(s.id, s.deviceSessionId, s.caseId, s.staffId, s.serviceLabel, s.armedAt, s.expiresAt);
  return before?.id ?? null;
}

/** Ends an armed session (`expired`, `superseded`, `ended`); false when it was no longer armed. */
export function endSession(db: Db, id: string, state: 'expired' | 'superseded' | 'ended', at: string): boolean {
  return statement(db, `UPDATE rating_sessions SET state = ?, ended_at = ? WHERE id = ? AND state = 'armed'`).run(state, at, id).changes === 1;
}

/**
 * Marks the session rated by `ratingId` (one service, one rating): from `armed`, or from
 * `expired` when the device's own time-out (counted from its receipt of ARM) outlasted the
 * host's by the coin's moment. A superseded or already rated session stays as it is.
 * Returns whether it changed.
 */
export function markRated(db: Db, id: string, ratingId: string, at: string): boolean {
  return (
    statement(
      db,
      `UPDATE rating_sessions SET state = 'rated', rating_id = ?, ended_at = coalesce(ended_at, ?)
        WHERE id = ? AND state IN ('armed', 'expired') AND rating_id IS NULL`,
    ).run(ratingId, at, id).changes === 1
  );
}

/** Notes that the device acknowledged ARM (or lost it: offline). Returns whether it changed. */
export function setDeviceArmed(db: Db, id: string, armed: boolean): boolean {
  return statement(db, `UPDATE rating_sessions SET device_armed = ? WHERE id = ? AND state = 'armed' AND device_armed <> ?`).run(armed ? 1 : 0, id, armed ? 1 : 0).changes === 1;
}
