import type { Pool } from 'pg';
import type { DispenserReportRequest, DispenserStatus, QueueStateQuery } from '../../electron/contract/queue';
import { serviceDayOf, serviceDayStart } from '../../electron/core/queue/service-day';

// The dispensers' printer reports (issue 17, migration 0008): the last report of each 取号机 of a
// hall, which the windows' panel (GET state) lists so the staff see a dispenser out of paper.

/**
 * Keeps `report` as the last word of dispenser `report.device` of `hall`, stamped `now` (the
 * server's clock). Answers the stamp.
 */
export async function storeDispenserReport(pool: Pool, hall: string, report: DispenserReportRequest, now: Date = new Date()): Promise<Date> {
  await pool.query(
    `INSERT INTO queue_dispensers (hall, device, ready, words, reported_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (hall, device) DO UPDATE SET ready = EXCLUDED.ready, words = EXCLUDED.words, reported_at = EXCLUDED.reported_at`,
    [hall, report.device, report.ready, report.words, now],
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
  const rows = await pool.query<{ device: number; ready: boolean; words: string | null; reported_at: Date }>(
    `SELECT device, ready, words, reported_at FROM queue_dispensers WHERE hall = $1 AND reported_at >= $2 ORDER BY device`,
    [hall, serviceDayStart(today, query.timeZone, query.resetHour)],
  );
  return rows.rows
    .map((r) => ({ device: r.device, ready: r.ready, words: r.words, reportedAt: r.reported_at.toISOString() }));
}
