import type { Rating, RatingAttribution, RatingProtocol, Satisfaction } from '../../../contract/ratings';

/**
 * The columns a Rating is built from: the `ratings` row (migration 0009), its case (number, item
 * code, the item's name as accepted, from the case's stored state), the rated staff member's
 * name and its follow-up (migration 0010). Callers add FROM/WHERE after `RATING_FROM`.
 */
export const RATING_COLUMNS = `
  r.id AS id, r.satisfaction AS satisfaction, r.received_at AS received_at, r.rated_at AS rated_at,
  r.attribution AS attribution, r.session_id AS session_id, r.case_id AS case_id,
  c.case_number AS case_number, c.item_code AS item_code, json_extract(cs.state, '$.item.name') AS item_name,
  r.staff_id AS staff_id, s.name AS staff_name, r.hall_code AS hall_code, r.window_number AS window_number,
  r.protocol AS protocol, r.device_serial AS device_serial, r.device_event_id AS device_event_id,
  r.address AS address, r.slot AS slot, r.device_time AS device_time,
  f.id AS follow_up_id, coalesce(f.excluded, 0) AS excluded`;

/** The joins RATING_COLUMNS reads (each at most one row per rating: ids and rating_id are unique). */
export const RATING_FROM = `
  ratings r
  LEFT JOIN cases c ON c.id = r.case_id
  LEFT JOIN case_states cs ON cs.case_seq = c.seq
  LEFT JOIN staff s ON s.id = r.staff_id
  LEFT JOIN follow_ups f ON f.rating_id = r.id`;

/** One row of `SELECT ${RATING_COLUMNS} FROM ${RATING_FROM}`. */
export interface RatingRow {
  id: string;
  satisfaction: Satisfaction;
  received_at: string;
  rated_at: string;
  attribution: RatingAttribution;
  session_id: string | null;
  case_id: string | null;
  case_number: string | null;
  item_code: string | null;
  item_name: string | null;
  staff_id: string | null;
  staff_name: string | null;
  hall_code: string;
  window_number: number;
  protocol: RatingProtocol;
  device_serial: string | null;
  device_event_id: number | null;
  address: number;
  slot: number | null;
  device_time: string | null;
  follow_up_id: string | null;
  excluded: number;
}

/** A stored rating as the contract shows it (RatingSchema); `excluded` comes from its follow-up. */
export function ratingFromRow(row: RatingRow): Rating {
  return {
    id: row.id,
    satisfaction: row.satisfaction,
    receivedAt: row.received_at,
    ratedAt: row.rated_at,
    attribution: row.attribution,
    sessionId: row.session_id,
    caseId: row.case_id,
    caseNumber: row.case_number,
    itemCode: row.item_code,
    itemName: row.item_name,
    staffId: row.staff_id,
    staffName: row.staff_name,
    hallCode: row.hall_code,
    windowNumber: row.window_number,
    origin: {
      protocol: row.protocol,
      deviceSerial: row.device_serial,
      deviceEventId: row.device_event_id,
      address: row.address,
      slot: row.slot,
      deviceTime: row.device_time,
    },
    followUpId: row.follow_up_id,
    excluded: row.excluded === 1,
  };
}
