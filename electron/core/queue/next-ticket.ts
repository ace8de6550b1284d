import { isPreferredLane, type CategoryLetter, type QueuePolicy, type Ticket } from '../../contract/queue';
import { windowStatus, type QueueState } from './queue-state';

/** A window as the queue sees it: its number and the letters of the categories it calls. */
export interface ServingWindow {
  readonly number: number;
  readonly categories: readonly CategoryLetter[];
}

/**
 * True when a ticket stands in a window's line: waiting or transferred (skipped tickets are out
 * of every line until recalled), and either sent to this window by a transfer or, sent to no
 * window in particular, of a category the window calls.
 */
export function inLineFor(ticket: Ticket, window: ServingWindow): boolean {
  if (ticket.state !== 'waiting' && ticket.state !== 'transferred') return false;
  return ticket.forWindow === null ? window.categories.includes(ticket.category) : ticket.forWindow === window.number;
}

/**
 * Line order: issue time, then id (UUIDv7, time-ordered) for tickets issued in the same
 * millisecond. A transferred ticket keeps its issue time, hence its place.
 */
export function comesBefore(a: Ticket, b: Ticket): boolean {
  const ta = Date.parse(a.issuedAt);
  const tb = Date.parse(b.issuedAt);
  return ta !== tb ? ta < tb : a.id < b.id;
}

/**
 * The ticket `window` calls next, or null when its line is empty. Within each class the first in
 * line goes (comesBefore). Between the preferred lanes (priority, appointment) and ordinary:
 * - strict: preferred first;
 * - interleaved: an ordinary ticket waiting more than `maxOrdinaryWaitMinutes` since its issue
 *   goes first; otherwise preferred while the window's preferred streak is below
 *   `priorityPerOrdinary`, then one ordinary (each only when the other class is waiting too).
 */
export function nextTicket(queue: QueueState, window: ServingWindow, policy: QueuePolicy, now: Date): Ticket | null {
  let preferred: Ticket | null = null;
  let ordinary: Ticket | null = null;
  for (const ticket of Object.values(queue.tickets)) {
    if (!inLineFor(ticket, window)) continue;
    if (isPreferredLane(ticket.lane)) {
      if (!preferred || comesBefore(ticket, preferred)) preferred = ticket;
    } else if (!ordinary || comesBefore(ticket, ordinary)) {
      ordinary = ticket;
    }
  }
  if (!preferred || !ordinary) return preferred ?? ordinary;
  if (policy.kind === 'strict') return preferred;
  if (now.getTime() - Date.parse(ordinary.issuedAt) > policy.maxOrdinaryWaitMinutes * 60_000) return ordinary;
  return windowStatus(queue, window.number).preferredStreak < policy.priorityPerOrdinary ? preferred : ordinary;
}
