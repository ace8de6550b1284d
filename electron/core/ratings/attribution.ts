import type { RatingAttribution } from '../../contract/ratings';
import { WINDOW_WORK, type Role } from '../../contract/roles';
import type { Db } from '../storage/database';
import { statement } from '../storage/statements';

/**
 * How far ahead of the host the device's clock may be for its time of the coin to be believed:
 * a coin cannot fall after the host read it, so a time beyond this margin is a clock that is
 * wrong (set by hand, drifted), not a late delivery. Milliseconds.
 */
export const PLAUSIBLE_DEVICE_CLOCK_MS = 10 * 60_000;

/**
 * The earliest device time believed: the host SET_TIMEs the device on every connection
 * (protocols/rating-device.md), so a time before this proves a clock that was never set or
 * restarted at 1970 (a battery-less clock after a power cut). A fixed floor, not the first
 * SET_TIME this host sent to the serial: the drivers do not record that (yet).
 */
export const DEVICE_CLOCK_SET_FLOOR = '2020-01-01T00:00:00.000Z';

/**
 * The device's time of the coin when it can be believed, else null (ISO 8601 UTC).
 * Believed when it is not in the future (at most PLAUSIBLE_DEVICE_CLOCK_MS after `receivedAt`)
 * and not before DEVICE_CLOCK_SET_FLOOR. A time far before the receipt is believed: a device
 * keeps its coins while the cable is out, the program closed or the PC off, and tells each
 * with the time it fell (review of issue 15, #2) — lateness is not a clock error.
 */
export function believedDeviceTime(deviceTime: string | null, receivedAt: string): string | null {
  if (deviceTime === null) return null;
  const device = Date.parse(deviceTime);
  const host = Date.parse(receivedAt);
  if (!Number.isFinite(device) || !Number.isFinite(host)) return null;
  if (device > host + PLAUSIBLE_DEVICE_CLOCK_MS || device < Date.parse(DEVICE_CLOCK_SET_FLOOR)) return null;
  return new Date(device).toISOString();
}

/**
 * When the coin fell, as far as the host can tell: the device's time when believed
 * (believedDeviceTime), else the host's time of reading. Both ISO 8601; returns ISO 8601 (UTC).
 */
export function coinTime(deviceTime: string | null, receivedAt: string): string {
  return believedDeviceTime(deviceTime, receivedAt) ?? receivedAt;
}

/**
 * The moment to look up who was signed in for a coin at the believed device time `deviceTime`:
 * a device's time counts whole seconds (u32 unix seconds), so the coin fell somewhere in that
 * second; its end is taken, so a coin in the very second of a sign-in goes to the person who
 * just signed in.
 */
export function signedInLookupAt(deviceTime: string): string {
  return new Date(Date.parse(deviceTime) + 999).toISOString();
}

/**
 * When to look up the staff member on duty for a coin with no session, or null for nobody:
 * the believed device time (its second's end); the receipt when the device keeps no time (the
 * legacy bus: it reports a key press at once and has no queue); null when the device gave a
 * time that cannot be believed — the coin may have fallen on anyone's shift, so it is the
 * window's alone, never the clerk's on duty at delivery (review of issue 15, #2).
 */
export function onDutyLookupAt(deviceTime: string | null, receivedAt: string): string | null {
  if (deviceTime === null) return receivedAt;
  const believed = believedDeviceTime(deviceTime, receivedAt);
  return believed === null ? null : signedInLookupAt(believed);
}

/**
 * The statement of staffSignedInAt: the staff streams' last sign-in, pause, resume or sign-out at
 * or before a moment. Served by the partial index events_staff_by_time (migration 0019), walked
 * backwards from the moment over the staff events only — never over the whole event log. Named
 * (INDEXED BY): with the statistics SQLite's bounded analysis writes, the planner took the
 * (stream_type, …) key instead and sorted every staff event (one per 请评价 too), ~85 ms at a
 * million events; SQLite refuses the statement outright should the index ever be missing.
 */
export const STAFF_SIGNED_IN_AT_SQL = `SELECT stream_id AS staffId, type FROM events INDEXED BY events_staff_by_time
      WHERE stream_type = 'staff' AND type IN ('staff.signedIn', 'staff.signedOut', 'staff.paused', 'staff.resumed') AND occurred_at <= ?
      ORDER BY occurred_at DESC, seq DESC LIMIT 1`;

/**
 * The staff member signed in at this window at `at` (ISO 8601), read from the staff streams'
 * sign-in events (the record a manager reads too): the last `staff.signedIn` / `staff.paused` /
 * `staff.resumed` / `staff.signedOut` at or before `at` decides. 暂离 (paused) leaves the clerk
 * signed in: the window is still theirs, and a citizen served just before may still rate it.
 * Null when nobody was signed in.
 */
export function staffSignedInAt(db: Db, at: string): string | null {
  const row = statement(db, STAFF_SIGNED_IN_AT_SQL).get(at) as { staffId: string; type: string } | undefined;
  if (!row || row.type === 'staff.signedOut') return null;
  return row.staffId;
}

/**
 * The statement of staffRoleAt: read through the person's own stream (the events' (stream_type,
 * stream_id, …) key). The unary `+` keeps the time out of index choice: events_staff_by_time
 * would otherwise serve the ORDER BY and walk every staff event back to the person's
 * registration, years ago for most.
 */
export const STAFF_ROLE_AT_SQL = `SELECT CASE type WHEN 'staff.registered' THEN json_extract(payload, '$.role') ELSE json_extract(payload, '$.to') END AS role
       FROM events
      WHERE stream_type = 'staff' AND stream_id = ? AND type IN ('staff.registered', 'staff.roleChanged') AND +occurred_at <= ?
      ORDER BY +occurred_at DESC, seq DESC LIMIT 1`;

/**
 * The role `staffId` had at `at` (ISO 8601): the role of the staff stream's last
 * `staff.registered` (payload.role) or `staff.roleChanged` (payload.to) at or before `at`, so a
 * coin keeps the role of its time after a later change; the staff table's current role when
 * the stream has none by then (an account registered after `at` by a clock set otherwise, or
 * older data). Null for an unknown staff member.
 */
export function staffRoleAt(db: Db, staffId: string, at: string): Role | null {
  const row = statement(db, STAFF_ROLE_AT_SQL).get(staffId, at) as { role: Role | null } | undefined;
  if (row?.role) return row.role;
  const current = statement(db, `SELECT role FROM staff WHERE id = ?`).get(staffId) as { role: Role } | undefined;
  return current?.role ?? null;
}

/**
 * The staff member on duty at the window at `at` for a coin with no session: the one signed in
 * (staffSignedInAt) when their role at that time (staffRoleAt) is window work (contract/roles.ts
 * WINDOW_WORK: clerk, lead), else null. The 系统管理员 serves no applicant (separation of duties,
 * GB/T 22239-2019 8.1.4.2), so a coin dropped while only the administrator is signed in (a
 * tryout while setting up) is nobody's, never a rating of the administrator.
 */
export function staffOnDutyAt(db: Db, at: string): string | null {
  const staffId = staffSignedInAt(db, at);
  if (staffId === null) return null;
  const role = staffRoleAt(db, staffId, at);
  return role !== null && (WINDOW_WORK as readonly Role[]).includes(role) ? staffId : null;
}

/** A session as attribution needs it. */
export interface SessionForVote {
  id: string;
  caseId: string | null;
  staffId: string;
}

/** What a vote is tied to (contract/ratings.ts RATING_ATTRIBUTIONS). */
export interface Attribution {
  attribution: RatingAttribution;
  sessionId: string | null;
  caseId: string | null;
  staffId: string | null;
}

/**
 * The COMMON rule for issue 15 (protocols/rating-device.md host rule 2): the vote's session when
 * it has one the host knows → `session` (its case and staff member); else the staff member
 * on duty at the coin's time (staffOnDutyAt: signed in, in a window-work role) → `on_duty` (no
 * case); else `nobody` (the window only).
 */
export function attribute(session: SessionForVote | null, signedIn: string | null): Attribution {
  if (session) return { attribution: 'session', sessionId: session.id, caseId: session.caseId, staffId: session.staffId };
  if (signedIn) return { attribution: 'on_duty', sessionId: null, caseId: null, staffId: signedIn };
  return { attribution: 'nobody', sessionId: null, caseId: null, staffId: null };
}
