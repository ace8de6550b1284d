import type { Pool } from 'pg';
import { z } from 'zod';
import {
  DISPENSER_REFUSALS_FEATURE,
  DISPENSER_REFUSED_TICKETS_MAX,
  DispenserRefusedTicketSchema,
  type DispenserReportRequest,
  type DispenserStatus,
  type QueueStateQuery,
} from '../../electron/contract/queue';
import { serviceDayOf, serviceDayStart } from '../../electron/core/queue/service-day';

// The dispensers' printer reports (issue 17, migration 0008): the last report of each 取号机 of a
// hall, which the windows' panel (GET state) lists so the staff see a dispenser out of paper.

/**
 * Keeps `report` as the last word of dispenser `report.device` of `hall`, stamped `now` (the
 * server's clock). Answers the stamp.
 */
export async function storeDispenserReport(pool: Pool, hall: string, report: DispenserReportRequest, now: Date = new Date()): Promise<Date> {
  // Each report is the dispenser's whole list of refused tickets (migration 0011): one without
  // any (none left, or a dispenser older than the field) clears what an earlier one listed.
  const refused = report.refusedTickets !== undefined && report.refusedTickets.length > 0 ? JSON.stringify(report.refusedTickets) : null;
  await pool.query(
    `INSERT INTO queue_dispensers (hall, device, ready, words, reported_at, refused_tickets) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
     ON CONFLICT (hall, device) DO UPDATE SET ready = EXCLUDED.ready, words = EXCLUDED.words, reported_at = EXCLUDED.reported_at,
       refused_tickets = EXCLUDED.refused_tickets`,
    [hall, report.device, report.ready, report.words, now, refused],
  );
  return now;
}

/**
 * The dispensers of `hall` whose last report falls on the service day of `now` (by the asking
 * window's rules), by number. One that has not reported today is not listed: a dispenser retired
 * or switched off for good does not warn the staff forever.
 * Known limit: a dispenser never switched on today is therefore not reported as silent either.
 */
export async function dispensersOf(pool: Pool, hall: string, query: QueueStateQuery, now: Date = new Date()): Promise<DispenserStatus[]> {
  const today = serviceDayOf(now, query.timeZone, query.resetHour);
  const rows = await pool.query<{ device: number; ready: boolean; words: string | null; reported_at: Date; refused_tickets: unknown }>(
    `SELECT device, ready, words, reported_at, refused_tickets FROM queue_dispensers WHERE hall = $1 AND reported_at >= $2 ORDER BY device`,
    [hall, serviceDayStart(today, query.timeZone, query.resetHour)],
  );
  return rows.rows.map((r) => {
    const status: DispenserStatus = { device: r.device, ready: r.ready, words: r.words, reportedAt: r.reported_at.toISOString() };
    const refused = StoredRefusalsSchema.safeParse(r.refused_tickets);
    // A column that does not read as the wire's list (written by hand?) is left out, not a 500 for every window.
    if (refused.success && refused.data !== null && refused.data.length > 0) status.refusedTickets = refused.data.slice(0, DISPENSER_REFUSED_TICKETS_MAX);
    return status;
  });
}

/** queue_dispensers.refused_tickets as read back (jsonb; PGlite and pg both give it parsed). */
const StoredRefusalsSchema = z.array(DispenserRefusedTicketSchema).nullable();

/**
 * `dispensers` as the asking device may be sent them: with `refusedTickets` only if its
 * request's QUEUE_FEATURES_HEADER value lists DISPENSER_REFUSALS_FEATURE (comma-separated); else
 * without the key, since a window older than the field parses DispenserStatus strictly.
 */
export function dispensersFor(dispensers: readonly DispenserStatus[], featuresHeader: string | string[] | undefined): DispenserStatus[] {
  const features = (Array.isArray(featuresHeader) ? featuresHeader.join(',') : (featuresHeader ?? '')).split(',').map((f) => f.trim());
  if (features.includes(DISPENSER_REFUSALS_FEATURE)) return [...dispensers];
  return dispensers.map(({ refusedTickets: _refused, ...d }) => d);
}
