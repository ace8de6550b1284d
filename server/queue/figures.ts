import type { Queryable } from '../db/queryable';
import type { QueueFiguresQuery, QueueFiguresResponse } from '../../electron/contract/queue';
import { dayFigures, type FigureCall } from '../../electron/core/queue/figures';
import { serviceDayOf } from '../../electron/core/queue/service-day';
import { TICKET_COLUMNS, ticketOf, type TicketRow } from './ticket-rows';

// The hall's figures per window for a service day (GET /v1/queue/figures and the back office):
// the day's tickets and their calls read from PostgreSQL, counted by the windows' own rule
// (core/queue/figures.ts dayFigures, whose docstring says what counts). Withdrawn phantoms
// (migration 0007) are no ticket of the figures. Two reads, not one transaction: figures of a day
// still going on are a moment's picture whatever is done.

/** The service day a figures query asks for: its `day`, else today's at `now` by its time zone and reset hour. */
export function figuresDay(query: QueueFiguresQuery, now: Date): string {
  return query.day ?? serviceDayOf(now, query.timeZone, query.resetHour);
}

/** The figures of `hall` on `serviceDay` (YYYY-MM-DD), as the wire answers them; `now` is the answer's `at`. */
export async function hallFigures(db: Queryable, hall: string, serviceDay: string, now: Date = new Date()): Promise<QueueFiguresResponse> {
  const tickets = await db.query<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM queue_tickets WHERE hall = $1 AND service_day = $2 AND state <> 'withdrawn'`, [hall, serviceDay]);
  // By ticket (migration 0010's index), so a day reads its own calls and not the hall's history.
  const calls = await db.query<{ ticket_id: string; window_number: number; recall: boolean; called_at: Date }>(
    `SELECT c.ticket_id::text AS ticket_id, c.window_number, c.recall, c.called_at
       FROM queue_tickets t JOIN queue_calls c ON c.hall = t.hall AND c.ticket_id = t.id
      WHERE t.hall = $1 AND t.service_day = $2 AND t.state <> 'withdrawn'`,
    [hall, serviceDay],
  );
  const log: FigureCall[] = calls.rows.map((r) => ({ ticketId: r.ticket_id, window: r.window_number, recall: r.recall, calledAt: r.called_at.toISOString() }));
  const figures = dayFigures(tickets.rows.map(ticketOf), log);
  return { serviceDay, windows: figures.windows, total: figures.total, at: now.toISOString() };
}
