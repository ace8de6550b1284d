import type { RatingAttribution } from '../../contract/ratings';
import type { Db } from '../storage/database';
import { statement } from '../storage/statements';

/**
 * How far the device's clock may be from the host's for its time of the coin to be believed
 * (COMMON rule for issue 15): a device whose battery-less clock restarted at 1970, or was never
 * set, would otherwise put the coin on another person's shift. Milliseconds.
 */
export const PLAUSIBLE_DEVICE_CLOCK_MS = 10 * 60_000;

/**
 * When the coin fell, as far as the host can tell: the device's time when it is within
 * PLAUSIBLE_DEVICE_CLOCK_MS of when the host read the vote, else the host's time of reading.
 * Both ISO 8601; returns ISO 8601 (UTC).
 */
export function coinTime(deviceTime: string | null, receivedAt: string): string {
  if (deviceTime === null) return receivedAt;
  const device = Date.parse(deviceTime);
  const host = Date.parse(receivedAt);
  if (!Number.isFinite(device) || !Number.isFinite(host)) return receivedAt;
  return Math.abs(device - host) <= PLAUSIBLE_DEVICE_CLOCK_MS ? new Date(device).toISOString() : receivedAt;
}

/**
 * The moment to look up who was signed in for a coin at `ratedAt`: a device's time counts whole
 * seconds (u32 unix seconds), so the coin fell somewhere in that second; its end is taken, so a
 * coin in the very second of a sign-in goes to the person who just signed in.
 */
export function signedInLookupAt(ratedAt: string, receivedAt: string): string {
  return ratedAt === receivedAt ? ratedAt : new Date(Date.parse(ratedAt) + 999).toISOString();
}

/**
 * The staff member signed in at this window at `at` (ISO 8601), read from the staff streams'
 * sign-in events (the record a manager reads too): the last `staff.signedIn` / `staff.paused` /
 * `staff.resumed` / `staff.signedOut` at or before `at` decides. 暂离 (paused) leaves the clerk
 * signed in: the window is still theirs, and a citizen served just before may still rate it.
 * Null when nobody was signed in.
 */
export function staffSignedInAt(db: Db, at: string): string | null {
  const row = statement(
    db,
    `SELECT stream_id AS staffId, type FROM events
      WHERE stream_type = 'staff' AND type IN ('staff.signedIn', 'staff.signedOut', 'staff.paused', 'staff.resumed') AND occurred_at <= ?
      ORDER BY occurred_at DESC, seq DESC LIMIT 1`,
  ).get(at) as { staffId: string; type: string } | undefined;
  if (!row || row.type === 'staff.signedOut') return null;
  return row.staffId;
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
 * signed in at the coin's time → `on_duty` (no case); else `nobody` (the window only).
 */
export function attribute(session: SessionForVote | null, signedIn: string | null): Attribution {
  if (session) return { attribution: 'session', sessionId: session.id, caseId: session.caseId, staffId: session.staffId };
  if (signedIn) return { attribution: 'on_duty', sessionId: null, caseId: null, staffId: signedIn };
  return { attribution: 'nobody', sessionId: null, caseId: null, staffId: null };
}
