import type { QueueRules, Ticket } from '../../electron/contract/queue';
import { type QueueState, type WindowStatus } from '../../electron/core/queue/queue-state';
import { RECENT_SERVICES, estimateWait, type WaitEstimate } from '../../electron/core/queue/wait-estimate';
import type { Queryable } from '../db/queryable';
import { TICKET_COLUMNS, ticketOf, type TicketRow } from './ticket-rows';
import { WINDOW_COLUMNS, windowStatusOf, type WindowRow } from './window-rows';

/**
 * The people before `ticket` in its category's line (waiting or transferred there, for no window
 * in particular, issued before it) and the wait estimate of core/queue/wait-estimate.ts for them.
 * The estimate is the windows' own rule, fed with what it reads: the category's RECENT_SERVICES
 * latest finished tickets of the day, the windows that acted today, and the people ahead (as
 * copies of the ticket: only their count and category matter to the rule, and a busy day's line
 * need not travel from the database for a count).
 */
export async function estimateFor(db: Queryable, hall: string, rules: QueueRules, ticket: Ticket): Promise<{ ahead: number; estimate: WaitEstimate | null }> {
  // Three reads at once (on a pool, three connections; on one client, one after another).
  const [ahead, served, windows] = await Promise.all([
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM queue_tickets
        WHERE hall = $1 AND service_day = $2 AND category = $3 AND state IN ('waiting', 'transferred') AND for_window IS NULL
          AND (issued_at, id) < ($4::timestamptz, $5::uuid)`,
      [hall, ticket.serviceDay, ticket.category, ticket.issuedAt, ticket.id],
    ),
    db.query<TicketRow>(
      `SELECT ${TICKET_COLUMNS} FROM queue_tickets WHERE hall = $1 AND service_day = $2 AND category = $3 AND state = 'done'
         AND called_at IS NOT NULL AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT ${RECENT_SERVICES}`,
      [hall, ticket.serviceDay, ticket.category],
    ),
    db.query<WindowRow>(`SELECT ${WINDOW_COLUMNS} FROM queue_windows WHERE hall = $1 AND service_day = $2`, [hall, ticket.serviceDay]),
  ]);
  const count = ahead.rows[0]?.n ?? 0;
  const tickets: Record<string, Ticket> = {};
  for (const row of served.rows) tickets[row.id] = ticketOf(row);
  for (let i = 0; i < count; i += 1) tickets[`ahead-${i}`] = { ...ticket, id: `ahead-${i}`, state: 'waiting', forWindow: null };
  const statuses: Record<string, WindowStatus> = {};
  for (const row of windows.rows) statuses[String(row.window_number)] = windowStatusOf(row, ticket.serviceDay);
  const queue: QueueState = { serviceDay: ticket.serviceDay, tickets, windows: statuses, presses: {} };
  return { ahead: count, estimate: estimateWait(queue, rules, ticket.category) };
}
