import {
  categoriesServedBy,
  isPreferredLane,
  type QueueRefusal,
  type QueueRules,
  type Ticket,
  type WindowOutcome,
  type WindowPress,
} from '../../contract/queue';
import { inLineFor, nextTicket, type ServingWindow } from './next-ticket';
import { queueAt, windowStatus, type QueueState, type WindowStatus } from './queue-state';

// The reducer of window presses (叫号, 重呼, 过号, 暂停, 转移, 办结 …): one press in, the new queue
// and the answer out. Pure, so the local queue, the server's claim and the tests run the same
// rules. Idempotent by pressId: a press already applied today changes nothing and gets its first
// answer again.

export interface PressResult {
  readonly queue: QueueState;
  readonly outcome: WindowOutcome;
  /** True when the pressId had been applied already (nothing changed). */
  readonly repeated: boolean;
}

/** What a press changes, before it is recorded. */
interface Change {
  readonly queue: QueueState;
  readonly outcome: WindowOutcome;
}

function withTicket(queue: QueueState, ticket: Ticket): QueueState {
  return { ...queue, tickets: { ...queue.tickets, [ticket.id]: ticket } };
}

function withWindow(queue: QueueState, window: number, status: WindowStatus): QueueState {
  return { ...queue, windows: { ...queue.windows, [String(window)]: status } };
}

function refused(queue: QueueState, window: number, refusal: QueueRefusal): Change {
  return { queue, outcome: { kind: 'refused', window, refusal } };
}

/**
 * Whether `target` may receive a transferred ticket under `rules`: some category lists it among
 * its windows (categoriesServedBy), so the ticket reserved for it will be called there.
 */
export function transferTargetKnown(rules: QueueRules, target: number): boolean {
  return categoriesServedBy(rules.categories, target).length > 0;
}

/** The ticket the window holds (called or serving), if any. */
function currentTicket(queue: QueueState, window: number): Ticket | null {
  const id = windowStatus(queue, window).current;
  const ticket = id ? queue.tickets[id] : undefined;
  return ticket && ticket.calledBy === window && (ticket.state === 'called' || ticket.state === 'serving') ? ticket : null;
}

/**
 * Calls `ticket` to `window`: the ticket the window still holds is finished first (a hardware
 * caller's "next" means "done with this one"; its id comes back in `finished` so its rating is
 * armed), a pause ends, and the ticket is the window's current one.
 */
function call(queue: QueueState, window: number, ticket: Ticket, nowIso: string, recall: boolean, streak: number): Change {
  const held = currentTicket(queue, window);
  let next = queue;
  if (held && held.id !== ticket.id) next = withTicket(next, { ...held, state: 'done', finishedAt: nowIso });
  next = withTicket(next, {
    ...ticket,
    state: 'called',
    calledBy: window,
    calledAt: nowIso,
    forWindow: null,
    recalls: recall ? ticket.recalls + 1 : ticket.recalls,
  });
  next = withWindow(next, window, { current: ticket.id, paused: null, preferredStreak: streak });
  return {
    queue: next,
    outcome: { kind: 'called', window, ticketId: ticket.id, number: ticket.number, recall, finished: held && held.id !== ticket.id ? held.id : null },
  };
}

/** The ticket this window skipped last, if it is still skipped. */
function lastSkippedBy(queue: QueueState, window: number): Ticket | null {
  let last: Ticket | null = null;
  for (const ticket of Object.values(queue.tickets)) {
    if (ticket.state !== 'skipped' || ticket.calledBy !== window || ticket.skippedAt === null) continue;
    if (!last || Date.parse(ticket.skippedAt) > Date.parse(last.skippedAt ?? '')) last = ticket;
  }
  return last;
}

function change(queue: QueueState, rules: QueueRules, press: WindowPress, now: Date): Change {
  const { window, action } = press;
  const nowIso = now.toISOString();
  const status = windowStatus(queue, window);
  const serving: ServingWindow = { number: window, categories: categoriesServedBy(rules.categories, window) };
  const held = currentTicket(queue, window);

  switch (action.kind) {
    case 'callNext': {
      const ticket = nextTicket(queue, serving, rules.policy, now);
      if (!ticket) return refused(queue, window, 'queueEmpty');
      const cap = rules.policy.kind === 'interleaved' ? rules.policy.priorityPerOrdinary : 0;
      const streak = isPreferredLane(ticket.lane) ? Math.min(status.preferredStreak + 1, cap) : 0;
      return call(queue, window, ticket, nowIso, false, streak);
    }
    case 'callChosen': {
      const ticket = queue.tickets[action.ticketId];
      if (!ticket) return refused(queue, window, 'ticketNotFound');
      if (ticket.state !== 'waiting' && ticket.state !== 'transferred') return refused(queue, window, 'ticketNotWaiting');
      if (!inLineFor(ticket, serving)) return refused(queue, window, 'notServedHere');
      return call(queue, window, ticket, nowIso, false, status.preferredStreak);
    }
    case 'recall': {
      if (action.ticketId === undefined || action.ticketId === held?.id) {
        if (held) {
          const again = { ...held, recalls: held.recalls + 1 };
          return { queue: withTicket(queue, again), outcome: { kind: 'called', window, ticketId: held.id, number: held.number, recall: true, finished: null } };
        }
        if (action.ticketId !== undefined) return refused(queue, window, 'nothingToRecall');
        const skipped = lastSkippedBy(queue, window);
        return skipped ? call(queue, window, skipped, nowIso, true, status.preferredStreak) : refused(queue, window, 'nothingToRecall');
      }
      const ticket = queue.tickets[action.ticketId];
      if (!ticket) return refused(queue, window, 'ticketNotFound');
      if (ticket.state !== 'skipped') return refused(queue, window, 'ticketNotSkipped');
      // The window that skipped it may call it back, and so may any window calling its category.
      if (ticket.calledBy !== window && !serving.categories.includes(ticket.category)) return refused(queue, window, 'notServedHere');
      return call(queue, window, ticket, nowIso, true, status.preferredStreak);
    }
    case 'skip': {
      if (!held) return refused(queue, window, 'nothingCalled');
      const next = withTicket(queue, { ...held, state: 'skipped', skippedAt: nowIso });
      return { queue: withWindow(next, window, { ...status, current: null }), outcome: { kind: 'skipped', window, ticketId: held.id } };
    }
    case 'serve': {
      if (!held) return refused(queue, window, 'nothingCalled');
      return { queue: withTicket(queue, { ...held, state: 'serving' }), outcome: { kind: 'serving', window, ticketId: held.id } };
    }
    case 'finish': {
      if (!held) return refused(queue, window, 'nothingCalled');
      const next = withTicket(queue, { ...held, state: 'done', finishedAt: nowIso });
      return { queue: withWindow(next, window, { ...status, current: null }), outcome: { kind: 'finished', window, ticketId: held.id } };
    }
    case 'transfer': {
      if (!held) return refused(queue, window, 'nothingCalled');
      const to = action.to;
      let moved: Ticket;
      if ('window' in to) {
        if (to.window === window) return refused(queue, window, 'transferToSelf');
        // A window no category lists would never call the ticket: it would wait there all day
        // (trial F18). The rules every request carries list the hall's windows.
        if (!transferTargetKnown(rules, to.window)) return refused(queue, window, 'unknownWindow');
        moved = { ...held, state: 'transferred', forWindow: to.window };
      } else {
        if (!rules.categories.some((c) => c.letter === to.category)) return refused(queue, window, 'unknownCategory');
        moved = { ...held, state: 'transferred', forWindow: null, category: to.category };
      }
      // issuedAt is untouched: the ticket goes back in line at its original place.
      const next = withTicket(queue, moved);
      return { queue: withWindow(next, window, { ...status, current: null }), outcome: { kind: 'transferred', window, ticketId: held.id, to } };
    }
    case 'pause':
      return { queue: withWindow(queue, window, { ...status, paused: { reason: action.reason, since: nowIso } }), outcome: { kind: 'paused', window, reason: action.reason } };
    case 'resume':
      if (!status.paused) return refused(queue, window, 'notPaused');
      return { queue: withWindow(queue, window, { ...status, paused: null }), outcome: { kind: 'resumed', window } };
  }
}

/**
 * Applies one window press at `now` to the queue (first rolled to `now`'s service day, queueAt)
 * under the hall's rules. A pressId applied already today returns the queue unchanged with the
 * answer it got the first time (`repeated`). A refused press changes no ticket and is recorded
 * all the same, so its retry is refused alike; a new press of the key has a new pressId.
 * Rules a later part relies on:
 * - `callNext` / `callChosen` / recalling a skipped ticket while the window holds a ticket
 *   finishes that ticket (`finished` in the answer); with nothing to call, nothing changes;
 * - calling ends the window's pause; `callNext` alone counts toward the interleaving streak;
 * - `transfer` keeps the ticket's issue time (its place) and, for a window, reserves it for that
 *   window; `skip` takes it out of every line until a `recall`.
 */
export function applyWindowPress(queue: QueueState, rules: QueueRules, press: WindowPress, now: Date): PressResult {
  const today = queueAt(queue, rules, now);
  const known = today.presses[press.pressId];
  if (known) return { queue: today, outcome: known.outcome, repeated: true };
  const done = change(today, rules, press, now);
  return {
    queue: { ...done.queue, presses: { ...done.queue.presses, [press.pressId]: { window: press.window, outcome: done.outcome } } },
    outcome: done.outcome,
    repeated: false,
  };
}
