import { QueueRulesSchema, TicketSchema, type Lane, type QueuePolicy, type QueueRules, type Ticket, type WindowAction } from '../../../../electron/contract/queue';
import { addTicket, applyWindowPress, emptyQueue, type PressResult, type QueueState } from '../../../../electron/core/queue';

// A hall with four categories: A 企业开办 (windows 1, 2), B 社保 (windows 2, 3), V 绿色通道
// (priority, every window) and Y 预约办理 (appointment, windows 1 and 3). Hall time zone
// Asia/Shanghai, service day from 04:00.

export const DAY = '2026-11-24';
/** 2026-11-24 08:00 in Shanghai. */
export const OPENING = Date.parse('2026-11-24T00:00:00.000Z');

export function rulesWith(policy: QueuePolicy, resetHour = 4): QueueRules {
  return QueueRulesSchema.parse({
    timeZone: 'Asia/Shanghai',
    resetHour,
    policy,
    categories: [
      { letter: 'A', name: '企业开办', windows: [1, 2] },
      { letter: 'B', name: '社保', windows: [2, 3] },
      { letter: 'V', name: '绿色通道', windows: [1, 2, 3], lane: 'priority' },
      { letter: 'Y', name: '预约办理', windows: [1, 3], lane: 'appointment' },
    ],
  });
}

export const STRICT = rulesWith({ kind: 'strict' });

/** A fixed, valid (version 7) UUID for the n-th thing in a test. */
export function uuid(n: number): string {
  return `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
}

const LANE_OF: Record<string, Lane> = { A: 'ordinary', B: 'ordinary', V: 'priority', Y: 'appointment' };

/**
 * A ticket as issued (waiting, never called, its category the number's letter, ordinary lane),
 * with the fields given over it; read through TicketSchema, so a test never builds a ticket the
 * contract refuses.
 */
export function ticketWith(fields: Pick<Ticket, 'id' | 'number' | 'serviceDay' | 'issuedAt'> & Partial<Ticket>): Ticket {
  return TicketSchema.parse({
    category: fields.number.slice(0, 1),
    lane: 'ordinary',
    state: 'waiting',
    calledBy: null,
    calledAt: null,
    recalls: 0,
    forWindow: null,
    skippedAt: null,
    finishedAt: null,
    bookingCode: null,
    ...fields,
  });
}

/** A waiting ticket `letter` + `sequence`, issued `minutes` after opening; its id is uuid(sequence + letter code × 10000). */
export function ticket(letter: string, sequence: number, minutes: number): Ticket {
  const lane = LANE_OF[letter] ?? 'ordinary';
  return ticketWith({
    id: uuid(letter.charCodeAt(0) * 10_000 + sequence),
    number: `${letter}${String(sequence).padStart(3, '0')}`,
    serviceDay: DAY,
    lane,
    issuedAt: new Date(OPENING + minutes * 60_000).toISOString(),
    bookingCode: lane === 'appointment' ? `YY${sequence}0000` : null,
  });
}

/** A queue of the given tickets on DAY. */
export function queueOf(...tickets: Ticket[]): QueueState {
  let queue = emptyQueue(DAY);
  for (const t of tickets) {
    const added = addTicket(queue, t);
    if (!added.ok) throw new Error(added.reason);
    queue = added.queue;
  }
  return queue;
}

/** The instant `minutes` after opening. */
export function at(minutes: number): Date {
  return new Date(OPENING + minutes * 60_000);
}

let presses = 0;
/** Presses `action` at `window` at `minutes` after opening with a fresh pressId (or the one given). */
export function press(queue: QueueState, rules: QueueRules, window: number, action: WindowAction, minutes: number, pressId = uuid(900_000 + ++presses)): PressResult {
  return applyWindowPress(queue, rules, { pressId, window, action }, at(minutes));
}

/** The numbers a window calls by pressing callNext (and finish) until its line is empty. */
export function drainNumbers(queue: QueueState, rules: QueueRules, window: number, minutes: number): string[] {
  const called: string[] = [];
  let q = queue;
  for (;;) {
    const result = press(q, rules, window, { kind: 'callNext' }, minutes);
    if (result.outcome.kind !== 'called') return called;
    called.push(result.outcome.number);
    q = press(result.queue, rules, window, { kind: 'finish' }, minutes).queue;
  }
}
