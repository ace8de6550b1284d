import type { QueueRules, Ticket, WindowOutcome } from '../../contract/queue';
import { serviceDayOf } from './service-day';

// The state of one hall's (or, offline, one device's) queue for one service day, as the pure
// functions here read and change it. Plain JSON, so a store can keep it or rebuild it; the
// functions never mutate it (each change returns a new state).

/** One window's standing in the queue. */
export interface WindowStatus {
  /** The ticket called to this window and not yet finished, skipped or transferred. */
  readonly current: string | null;
  /** Set while the window is paused (暂停), with the reason shown on the display. */
  readonly paused: { readonly reason: string; readonly since: string } | null;
  /**
   * Preferred-lane tickets (绿色通道, 预约) this window has called by `callNext` since it last
   * called an ordinary one, up to the interleaved policy's `priorityPerOrdinary`.
   */
  readonly preferredStreak: number;
}

/** The answer given to a press, kept so a repeated press gets it again and changes nothing. */
export interface PressRecord {
  readonly window: number;
  readonly outcome: WindowOutcome;
}

export interface QueueState {
  readonly serviceDay: string;
  /** The day's tickets by id. */
  readonly tickets: Readonly<Record<string, Ticket>>;
  /** Windows that have acted today, by window number. */
  readonly windows: Readonly<Record<string, WindowStatus>>;
  /** Presses applied today, by pressId. */
  readonly presses: Readonly<Record<string, PressRecord>>;
}

export const IDLE_WINDOW: WindowStatus = { current: null, paused: null, preferredStreak: 0 };

/** A queue with nothing in it for `serviceDay`. */
export function emptyQueue(serviceDay: string): QueueState {
  return { serviceDay, tickets: {}, windows: {}, presses: {} };
}

/** A window's status, idle when it has not acted today. */
export function windowStatus(queue: QueueState, window: number): WindowStatus {
  return queue.windows[String(window)] ?? IDLE_WINDOW;
}

/**
 * The queue at `now`: the same state within its service day; once the hall's reset hour has
 * passed, an empty queue for the new day — the day's unserved tickets lapse (their paper says
 * 当日有效), windows start open and idle, and pressIds are forgotten. Never goes back a day.
 */
export function queueAt(queue: QueueState, rules: Pick<QueueRules, 'timeZone' | 'resetHour'>, now: Date): QueueState {
  const day = serviceDayOf(now, rules.timeZone, rules.resetHour);
  return day > queue.serviceDay ? emptyQueue(day) : queue;
}

export type AddTicketResult = { readonly ok: true; readonly queue: QueueState } | { readonly ok: false; readonly reason: 'otherDay' };

/**
 * The queue with a newly issued ticket in its line. Adding a ticket already there (same id,
 * e.g. a dispenser's retried sync) leaves the queue as it is. A ticket of another service day
 * is refused (`otherDay`): roll the queue to its day first (queueAt).
 */
export function addTicket(queue: QueueState, ticket: Ticket): AddTicketResult {
  if (ticket.serviceDay !== queue.serviceDay) return { ok: false, reason: 'otherDay' };
  if (queue.tickets[ticket.id]) return { ok: true, queue };
  return { ok: true, queue: { ...queue, tickets: { ...queue.tickets, [ticket.id]: ticket } } };
}

/**
 * A ticket as it is issued: waiting, never called, skipped or finished. The one shape the hall
 * server and a device's local queue both issue (`issuedAt`: an ISO instant; `bookingCode` only
 * with the appointment lane, TicketSchema's rule).
 */
export function waitingTicket(fields: Pick<Ticket, 'id' | 'number' | 'serviceDay' | 'category' | 'lane' | 'issuedAt' | 'bookingCode'>): Ticket {
  return { ...fields, state: 'waiting', calledBy: null, calledAt: null, recalls: 0, forWindow: null, skippedAt: null, finishedAt: null };
}
