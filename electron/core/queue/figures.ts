import type { HallTotalFigures, Ticket, WindowFigures } from '../../contract/queue';

/**
 * One call (or recall, 重呼) of a ticket to a window, as the hall server's call log keeps it
 * (queue_calls): the figures take a ticket's first call, and each window's recalls, from these.
 */
export interface FigureCall {
  readonly ticketId: string;
  readonly window: number;
  readonly recall: boolean;
  /** ISO instant. */
  readonly calledAt: string;
}

/** The figures of one service day: per window (ascending by number) and the hall's total. */
export interface DayFigures {
  readonly windows: WindowFigures[];
  readonly total: HallTotalFigures;
}

interface Tally {
  served: number;
  waitMs: number;
  waits: number;
  serviceMs: number;
  services: number;
  noShows: number;
  recalls: number;
}

const emptyTally = (): Tally => ({ served: 0, waitMs: 0, waits: 0, serviceMs: 0, services: 0, noShows: 0, recalls: 0 });

const mean = (sum: number, n: number): number | null => (n === 0 ? null : Math.round(sum / n));

/** Milliseconds from `from` to `to` (ISO instants), never negative (two PCs' clocks may disagree a little). */
const span = (from: string, to: string): number => Math.max(0, Date.parse(to) - Date.parse(from));

/**
 * The figures per window of one service day's tickets (withdrawn phantoms left out by the caller)
 * and the calls made of them (the server's call log; [] where there is none, e.g. a device's local
 * queue). Pure. What counts:
 *
 * - **Served** (已办件数): a ticket finished (`done`), counted once, for the window that finished
 *   it (its `calledBy`). A ticket transferred (转移) from window 1 to window 2 (or to another
 *   category) and finished at 2 is one served ticket of window 2 and nothing of window 1.
 * - **Wait** (平均等候): of a served ticket, from its issue to its first call by any window (the
 *   earliest of its calls; without any in `calls`, its `calledAt`) — counted once, in the mean of
 *   the window that served it: a transfer or a recall after a skip adds no second wait, and the
 *   time back in line after them is not wait but part of the ticket's visit. Means are over served
 *   tickets only (a no-show's wait is not a service's).
 * - **Service time** (平均办理): of a served ticket, from the call that led to its finish (its
 *   `calledAt`: the last call — for a transfer the receiving window's, for a skipped ticket the
 *   recall that brought the citizen; a recall at the counter does not move it) to `finishedAt`.
 *   The transferring window's minutes with the ticket are no service time of anyone's: no
 *   timestamp of the transfer is kept, and the ticket was not finished there.
 * - **No-shows** (过号): tickets still `skipped` at the end, for the window that skipped them last.
 *   A skipped ticket recalled and served is not a no-show, of any window.
 * - **Recalls** (重呼): the recall calls each window made (of any ticket); for a ticket with no call
 *   in `calls`, its `recalls`, for the window that called it last.
 * - Tickets waiting, transferred and not yet called again, or at a counter (called, serving) are
 *   neither served nor no-shows; the total counts them as `waiting` and `atCounter`.
 *
 * Windows are those with a ticket served, a no-show, a recall or a call that day. The total's
 * served, no-shows and recalls are the sums of the windows'; its means are over every served
 * ticket of the hall. Means are whole milliseconds, null with nothing served.
 */
export function dayFigures(tickets: readonly Ticket[], calls: readonly FigureCall[]): DayFigures {
  const firstCall = new Map<string, string>();
  const called = new Set<string>();
  const windows = new Map<number, Tally>();
  const tally = (window: number): Tally => {
    let t = windows.get(window);
    if (!t) {
      t = emptyTally();
      windows.set(window, t);
    }
    return t;
  };
  for (const call of calls) {
    called.add(call.ticketId);
    const first = firstCall.get(call.ticketId);
    if (first === undefined || Date.parse(call.calledAt) < Date.parse(first)) firstCall.set(call.ticketId, call.calledAt);
    const t = tally(call.window);
    if (call.recall) t.recalls += 1;
  }
  const total = { ...emptyTally(), issued: 0, waiting: 0, atCounter: 0 };
  for (const ticket of tickets) {
    total.issued += 1;
    if (ticket.state === 'waiting' || ticket.state === 'transferred') total.waiting += 1;
    if (ticket.state === 'called' || ticket.state === 'serving') total.atCounter += 1;
    const by = ticket.calledBy;
    if (by === null) continue;
    const t = tally(by);
    if (!called.has(ticket.id)) t.recalls += ticket.recalls;
    if (ticket.state === 'skipped') t.noShows += 1;
    if (ticket.state !== 'done') continue;
    t.served += 1;
    const first = firstCall.get(ticket.id) ?? ticket.calledAt;
    if (first !== null) {
      t.waitMs += span(ticket.issuedAt, first);
      t.waits += 1;
    }
    if (ticket.calledAt !== null && ticket.finishedAt !== null) {
      t.serviceMs += span(ticket.calledAt, ticket.finishedAt);
      t.services += 1;
    }
  }
  const rows: WindowFigures[] = [...windows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([window, t]) => {
      total.served += t.served;
      total.waitMs += t.waitMs;
      total.waits += t.waits;
      total.serviceMs += t.serviceMs;
      total.services += t.services;
      total.noShows += t.noShows;
      total.recalls += t.recalls;
      return figuresOf(window, t);
    });
  return { windows: rows, total: { ...sumsOf(total), issued: total.issued, waiting: total.waiting, atCounter: total.atCounter } };
}

function figuresOf(window: number, t: Tally): WindowFigures {
  return { window, ...sumsOf(t) };
}

function sumsOf(t: Tally): Omit<WindowFigures, 'window'> {
  return {
    served: t.served,
    averageWaitMs: mean(t.waitMs, t.waits),
    averageServiceMs: mean(t.serviceMs, t.services),
    noShows: t.noShows,
    recalls: t.recalls,
  };
}
