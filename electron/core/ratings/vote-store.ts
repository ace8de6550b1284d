import { calendarDateIn } from '../../contract/dates';
import type { DeviceFault, Rating, RatingAttribution, RatingOrigin, Satisfaction } from '../../contract/ratings';
import { appendEvent } from '../events/event-store';
import { newId } from '../ids/new-id';
import type { Db } from '../storage/database';
import { statement } from '../storage/statements';
import type { WindowIdentity } from '../window-identity';
import type { Attribution } from './attribution';
import { RATING_COLUMNS, RATING_FROM, ratingFromRow, type RatingRow } from './figures/rating-view';

/** What `rating.received` carries (v1 of the event): a Rating less id, followUpId and excluded. */
export type RatingReceivedPayload = Omit<Rating, 'id' | 'followUpId' | 'excluded'>;

/** A vote as the store keeps it, attribution decided. */
export interface NewRating {
  voteKey: string;
  satisfaction: Satisfaction;
  receivedAt: string;
  ratedAt: string;
  attribution: Attribution;
  origin: RatingOrigin;
  /** The session id the device sent (v1; 0 = none), or null (legacy bus). */
  deviceSessionId: number | null;
}

/** What a device said of a vote: the fields a true redelivery repeats exactly. */
export interface VoteWords {
  satisfaction: Satisfaction;
  slot: number | null;
  deviceSessionId: number | null;
  deviceTime: string | null;
}

/** Separates a vote stored under a reused key from the original (`<key>:dup:<uuid>`). */
export const REUSED_KEY_MARK = ':dup:';

/**
 * The votes stored under `voteKey`: the original, then those stored under
 * `<voteKey>:dup:<uuid>` because the device reused the key for another coin (vote-sink.ts).
 * Read by an index range of UNIQUE(vote_key) (':' + 1 is ';').
 */
export function votesUnderKey(db: Db, voteKey: string): VoteWords[] {
  const rows = statement(
    db,
    `SELECT satisfaction, slot, device_session_id AS deviceSessionId, device_time AS deviceTime FROM ratings
      WHERE vote_key = ? OR (vote_key >= ? AND vote_key < ?)`,
  ).all(voteKey, `${voteKey}${REUSED_KEY_MARK}`, `${voteKey}:dup;`) as VoteWords[];
  return rows;
}

/**
 * Writes one rating: its `rating.received` event (stream `rating`, version 1, with the outbox)
 * and the `ratings` row, written once and never changed. Call inside the transaction that
 * commits the whole vote. The caller checked the key is new (votesUnderKey); the table's
 * UNIQUE(vote_key) refuses a second one anyway.
 * Returns the new rating's id.
 */
export function insertRating(db: Db, window: WindowIdentity, r: NewRating): string {
  const id = newId();
  const eventId = newId();
  const caseRow =
    r.attribution.caseId === null
      ? undefined
      : (statement(
          db,
          `SELECT c.case_number AS caseNumber, c.item_code AS itemCode, json_extract(cs.state, '$.item.name') AS itemName
             FROM cases c LEFT JOIN case_states cs ON cs.case_seq = c.seq WHERE c.id = ?`,
        ).get(r.attribution.caseId) as { caseNumber: string; itemCode: string; itemName: string | null } | undefined);
  const staffName =
    r.attribution.staffId === null ? null : ((statement(db, 'SELECT name FROM staff WHERE id = ?').pluck().get(r.attribution.staffId) as string | undefined) ?? null);
  const attribution: RatingAttribution = r.attribution.attribution;
  const payload: RatingReceivedPayload = {
    satisfaction: r.satisfaction,
    receivedAt: r.receivedAt,
    ratedAt: r.ratedAt,
    attribution,
    sessionId: r.attribution.sessionId,
    caseId: r.attribution.caseId,
    caseNumber: caseRow?.caseNumber ?? null,
    itemCode: caseRow?.itemCode ?? null,
    itemName: caseRow?.itemName ?? null,
    staffId: r.attribution.staffId,
    staffName,
    hallCode: window.hallCode,
    windowNumber: window.windowNumber,
    origin: r.origin,
  };
  appendEvent(db, {
    id: eventId,
    streamType: 'rating',
    streamId: id,
    streamVersion: 1,
    type: 'rating.received',
    occurredAt: r.receivedAt,
    hallCode: window.hallCode,
    windowNumber: window.windowNumber,
    // Nobody acted: the citizen rated. The rated staff member is in the payload.
    staffId: null,
    payload,
  });
  statement(
    db,
    `INSERT INTO ratings (id, vote_key, satisfaction, received_at, received_date, rated_at, rated_date, attribution, session_id, case_id, staff_id,
                          hall_code, window_number, protocol, device_serial, device_event_id, address, slot, device_session_id, device_time, event_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    r.voteKey,
    r.satisfaction,
    r.receivedAt,
    calendarDateIn(window.timeZone, new Date(r.receivedAt)),
    r.ratedAt,
    calendarDateIn(window.timeZone, new Date(r.ratedAt)),
    attribution,
    r.attribution.sessionId,
    r.attribution.caseId,
    r.attribution.staffId,
    window.hallCode,
    window.windowNumber,
    r.origin.protocol,
    r.origin.deviceSerial,
    r.origin.deviceEventId,
    r.origin.address,
    r.origin.slot,
    r.deviceSessionId,
    r.origin.deviceTime,
    eventId,
  );
  return id;
}

/** A stored rating as the contract shows it (with its case, staff name and follow-up), or null. */
export function loadRating(db: Db, id: string): Rating | null {
  const row = statement(db, `SELECT ${RATING_COLUMNS} FROM ${RATING_FROM} WHERE r.id = ?`).get(id) as RatingRow | undefined;
  return row ? ratingFromRow(row) : null;
}

/** A fault as the store keeps it. */
export interface NewDeviceFault {
  faultKey: string;
  fault: DeviceFault;
  at: string;
  deviceSerial: string | null;
  deviceTime: string | null;
}

/**
 * Stores a device fault once under its key. Returns the new record's id, or null when the key
 * was already stored (a repeat delivery: nothing written, nobody told again).
 */
export function insertDeviceFault(db: Db, f: NewDeviceFault): string | null {
  const id = newId();
  const changes = statement(
    db,
    `INSERT INTO device_faults (id, fault_key, fault, at, device_serial, device_time) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (fault_key) DO NOTHING`,
  ).run(id, f.faultKey, f.fault, f.at, f.deviceSerial, f.deviceTime).changes;
  return changes === 1 ? id : null;
}
