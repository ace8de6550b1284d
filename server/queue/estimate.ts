import type { QueueRules, Ticket } from '../../electron/contract/queue';
import { isPreferredLane } from '../../electron/contract/queue';
import { aheadUnderPolicy, sharedLines, type LineCounts } from '../../electron/core/queue/people-ahead';
import { type QueueState, type WindowStatus } from '../../electron/core/queue/queue-state';
import { RECENT_SERVICES, estimateWait, type WaitEstimate } from '../../electron/core/queue/wait-estimate';
import type { Queryable } from '../db/queryable';
import { TICKET_COLUMNS, ticketOf, type TicketRow } from './ticket-rows';
import { WINDOW_COLUMNS, windowStatusOf, type WindowRow } from './window-rows';

/**
 * The people before `ticket` and the wait estimate of core/queue/wait-estimate.ts for them.
 * People ahead are the windows' own rule (core/queue/people-ahead.ts aheadUnderPolicy): the
 * tickets the hall's policy calls before this one at the windows that serve its category — those
 * waiting in any category sharing a window with it, or sent to one of its windows — counted here
 * by class in SQL (a busy day's line need not travel from the database for a count). The estimate
 * is fed with the category's RECENT_SERVICES latest finished tickets of the day and the windows
 * that acted today. `now` decides which ordinary tickets are overdue under the interleaved policy.
 */
export async function estimateFor(db: Queryable, hall: string, rules: QueueRules, ticket: Ticket, now: Date = new Date()): Promise<{ ahead: number; estimate: WaitEstimate | null }> {
  const lines = sharedLines(rules, ticket.category) ?? { windows: [], letters: [ticket.category] };
  const overdueBefore = rules.policy.kind === 'interleaved' ? new Date(now.getTime() - rules.policy.maxOrdinaryWaitMinutes * 60_000) : new Date(0);
  // Three reads at once (on a pool, three connections; on one client, one after another).
  const [counted, served, windows] = await Promise.all([
    db.query<{ preferred_before: number; preferred_all: number; ordinary_before: number; ordinary_all: number; ordinary_overdue: number }>(
      `SELECT count(*) FILTER (WHERE preferred AND before)::int AS preferred_before,
              count(*) FILTER (WHERE preferred)::int AS preferred_all,
              count(*) FILTER (WHERE NOT preferred AND before)::int AS ordinary_before,
              count(*) FILTER (WHERE NOT preferred)::int AS ordinary_all,
              count(*) FILTER (WHERE NOT preferred AND issued_at < $7::timestamptz)::int AS ordinary_overdue
         FROM (SELECT lane <> 'ordinary' AS preferred, (issued_at, id) < ($4::timestamptz, $5::uuid) AS before, issued_at
                 FROM queue_tickets
                WHERE hall = $1 AND service_day = $2 AND state IN ('waiting', 'transferred') AND id <> $5::uuid
                  AND ((for_window IS NULL AND category = ANY($3::text[])) OR for_window = ANY($6::int[]))) AS line`,
      [hall, ticket.serviceDay, lines.letters, ticket.issuedAt, ticket.id, lines.windows, overdueBefore.toISOString()],
    ),
    db.query<TicketRow>(
      `SELECT ${TICKET_COLUMNS} FROM queue_tickets WHERE hall = $1 AND service_day = $2 AND category = $3 AND state = 'done'
         AND called_at IS NOT NULL AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT ${RECENT_SERVICES}`,
      [hall, ticket.serviceDay, ticket.category],
    ),
    db.query<WindowRow>(`SELECT ${WINDOW_COLUMNS} FROM queue_windows WHERE hall = $1 AND service_day = $2`, [hall, ticket.serviceDay]),
  ]);
  const row = counted.rows[0];
  const counts: LineCounts = {
    preferredBefore: row?.preferred_before ?? 0,
    preferredAll: row?.preferred_all ?? 0,
    ordinaryBefore: row?.ordinary_before ?? 0,
    ordinaryAll: row?.ordinary_all ?? 0,
    ordinaryOverdue: row?.ordinary_overdue ?? 0,
  };
  const ahead = aheadUnderPolicy(counts, rules.policy, isPreferredLane(ticket.lane));
  const tickets: Record<string, Ticket> = {};
  for (const r of served.rows) tickets[r.id] = ticketOf(r);
  const statuses: Record<string, WindowStatus> = {};
  for (const r of windows.rows) statuses[String(r.window_number)] = windowStatusOf(r, ticket.serviceDay);
  const queue: QueueState = { serviceDay: ticket.serviceDay, tickets, windows: statuses, presses: {} };
  return { ahead, estimate: estimateWait(queue, rules, ticket.category, ahead) };
}
