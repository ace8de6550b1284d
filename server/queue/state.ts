import type { Pool } from 'pg';
import { STATE_NEXT_NUMBERS, type QueueStateQuery, type QueueStateResponse } from '../../electron/contract/queue';
import { serviceDayOf } from '../../electron/core/queue/service-day';
import { dispensersOf } from './dispensers';
import { TICKET_COLUMNS, ticketOf, type TicketRow } from './ticket-rows';

/**
 * The window's panel (GET /v1/queue/state) for `window` of `hall` on the service day at `now`:
 * per category the tickets in line for no window in particular (count and the first
 * STATE_NEXT_NUMBERS numbers, in line order, also with their ids for 选号), every window that acted that day with the ticket it
 * holds and its pause, the tickets this window skipped that day (newest first, recallable), and
 * the hall's dispensers' last printer reports of that day (dispensers.ts).
 */
export async function queueState(pool: Pool, hall: string, window: number, query: QueueStateQuery, now: Date = new Date()): Promise<QueueStateResponse> {
  const serviceDay = serviceDayOf(now, query.timeZone, query.resetHour);
  // Ids and numbers as two arrays in the same order (text[] reads alike on PostgreSQL and PGlite).
  const waiting = await pool.query<{ letter: string; count: number; next: string[]; next_ids: string[] }>(
    `SELECT category AS letter, count(*)::int AS count, (array_agg(number ORDER BY issued_at, id))[1:${STATE_NEXT_NUMBERS}] AS next,
            (array_agg(id::text ORDER BY issued_at, id))[1:${STATE_NEXT_NUMBERS}] AS next_ids
       FROM queue_tickets WHERE hall = $1 AND service_day = $2 AND state IN ('waiting', 'transferred') AND for_window IS NULL
      GROUP BY category ORDER BY category`,
    [hall, serviceDay],
  );
  const windows = await pool.query<{
    window_number: number;
    paused_reason: string | null;
    paused_since: Date | null;
    ticket_id: string | null;
    number: string | null;
    state: QueueStateResponse['skipped'][number]['state'] | null;
    called_at: Date | null;
  }>(
    `SELECT w.window_number, w.paused_reason, w.paused_since, t.id::text AS ticket_id, t.number, t.state, t.called_at
       FROM queue_windows w LEFT JOIN queue_tickets t ON t.hall = w.hall AND t.id = w.current_ticket
      WHERE w.hall = $1 AND w.service_day = $2 ORDER BY w.window_number`,
    [hall, serviceDay],
  );
  const skipped = await pool.query<TicketRow>(
    `SELECT ${TICKET_COLUMNS} FROM queue_tickets WHERE hall = $1 AND service_day = $2 AND called_by = $3 AND state = 'skipped' ORDER BY skipped_at DESC`,
    [hall, serviceDay, window],
  );
  return {
    serviceDay,
    waiting: waiting.rows.map((r) => ({
      letter: r.letter,
      count: r.count,
      next: r.next,
      nextTickets: r.next.map((number, i) => ({ ticketId: r.next_ids[i] ?? '', number })),
    })),
    windows: windows.rows.map((r) => ({
      window: r.window_number,
      current:
        r.ticket_id !== null && r.number !== null && r.state !== null ? { ticketId: r.ticket_id, number: r.number, state: r.state, calledAt: r.called_at?.toISOString() ?? null } : null,
      paused: r.paused_reason === null ? null : { reason: r.paused_reason, since: (r.paused_since ?? new Date(0)).toISOString() },
    })),
    skipped: skipped.rows.map(ticketOf),
    serverTime: now.toISOString(),
    dispensers: await dispensersOf(pool, hall, query, now),
  };
}
