import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ticket, WindowAction } from '../../../../electron/contract/queue';
import { dayFigures, type FigureCall, type QueueState } from '../../../../electron/core/queue';
import { STRICT, at, press, queueOf, ticket } from './queue-fixtures';

// The figures per window of a service day (issue 17, capability 6), from days played through the
// windows' own reducer: who served a ticket, its wait and service time, no-shows, recalls; a
// transfer, a skip recalled and served, tickets still in line, an empty day, two windows.

const MIN = 60_000;

/** A day at the hall: the queue and the call log the server would keep of it. */
class Day {
  queue: QueueState;
  readonly calls: FigureCall[] = [];

  constructor(...tickets: Ticket[]) {
    this.queue = queueOf(...tickets);
  }

  /** Presses `action` at `window`, `minutes` after opening; the answer must be `expected`. */
  press(window: number, action: WindowAction, minutes: number, expected: string = action.kind === 'recall' || action.kind === 'callNext' || action.kind === 'callChosen' ? 'called' : ''): void {
    const result = press(this.queue, STRICT, window, action, minutes);
    if (expected !== '') expect(result.outcome.kind).toBe(expected);
    else expect(result.outcome.kind).not.toBe('refused');
    this.queue = result.queue;
    const o = result.outcome;
    if (o.kind === 'called') this.calls.push({ ticketId: o.ticketId, window, recall: o.recall, calledAt: at(minutes).toISOString() });
  }

  figures(withCalls = true) {
    return dayFigures(Object.values(this.queue.tickets), withCalls ? this.calls : []);
  }
}

describe('figures per window', () => {
  it('an empty day has no window and nothing served', () => {
    expect(dayFigures([], [])).toEqual({
      windows: [],
      total: { served: 0, averageWaitMs: null, averageServiceMs: null, noShows: 0, recalls: 0, issued: 0, waiting: 0, atCounter: 0 },
    });
  });

  it('counts each window its own services, and the hall the means over all of them', () => {
    const day = new Day(ticket('A', 1, 0), ticket('A', 2, 5));
    day.press(1, { kind: 'callNext' }, 10); // A001 waited 10 min
    day.press(2, { kind: 'callNext' }, 12); // A002 waited 7 min
    day.press(2, { kind: 'finish' }, 20); // 8 min at window 2
    day.press(1, { kind: 'finish' }, 25); // 15 min at window 1
    const { windows, total } = day.figures();
    expect(windows).toEqual([
      { window: 1, served: 1, averageWaitMs: 10 * MIN, averageServiceMs: 15 * MIN, noShows: 0, recalls: 0 },
      { window: 2, served: 1, averageWaitMs: 7 * MIN, averageServiceMs: 8 * MIN, noShows: 0, recalls: 0 },
    ]);
    expect(total).toEqual({ served: 2, averageWaitMs: 8.5 * MIN, averageServiceMs: 11.5 * MIN, noShows: 0, recalls: 0, issued: 2, waiting: 0, atCounter: 0 });
  });

  it('a transferred ticket is served by the window that finished it, with one wait: to its first call', () => {
    const day = new Day(ticket('A', 1, 0));
    day.press(1, { kind: 'callNext' }, 10);
    day.press(1, { kind: 'transfer', to: { window: 2 } }, 15);
    day.press(2, { kind: 'callNext' }, 20);
    day.press(2, { kind: 'finish' }, 30);
    const { windows, total } = day.figures();
    expect(windows).toEqual([
      { window: 1, served: 0, averageWaitMs: null, averageServiceMs: null, noShows: 0, recalls: 0 },
      { window: 2, served: 1, averageWaitMs: 10 * MIN, averageServiceMs: 10 * MIN, noShows: 0, recalls: 0 },
    ]);
    expect(total).toMatchObject({ served: 1, averageWaitMs: 10 * MIN, averageServiceMs: 10 * MIN });
  });

  it('a ticket transferred to another category counts alike at the window of that category', () => {
    const day = new Day(ticket('A', 1, 0));
    day.press(1, { kind: 'callNext' }, 4);
    day.press(1, { kind: 'transfer', to: { category: 'B' } }, 6);
    day.press(3, { kind: 'callNext' }, 9); // window 3 calls B only
    day.press(3, { kind: 'finish' }, 21);
    expect(day.figures().windows.find((w) => w.window === 3)).toEqual({ window: 3, served: 1, averageWaitMs: 4 * MIN, averageServiceMs: 12 * MIN, noShows: 0, recalls: 0 });
  });

  it('a skipped ticket recalled and served is no no-show: its service runs from the recall, its wait to the first call', () => {
    const day = new Day(ticket('A', 1, 0), ticket('A', 2, 1));
    day.press(1, { kind: 'callNext' }, 10); // A001
    day.press(1, { kind: 'recall' }, 11); // 重呼 at the counter
    day.press(1, { kind: 'skip' }, 12);
    day.press(1, { kind: 'callNext' }, 13); // A002
    day.press(1, { kind: 'finish' }, 17);
    day.press(1, { kind: 'recall', ticketId: ticket('A', 1, 0).id }, 20); // A001 is back
    day.press(1, { kind: 'finish' }, 26);
    expect(day.figures().windows).toEqual([
      // waits 10 and 12 min; services 6 (20 → 26) and 4 min
      { window: 1, served: 2, averageWaitMs: 11 * MIN, averageServiceMs: 5 * MIN, noShows: 0, recalls: 2 },
    ]);
  });

  it('a ticket skipped at one window and recalled and served at another is the other window\'s, and no one\'s no-show', () => {
    const day = new Day(ticket('A', 1, 0));
    day.press(1, { kind: 'callNext' }, 3);
    day.press(1, { kind: 'skip' }, 5);
    day.press(2, { kind: 'recall', ticketId: ticket('A', 1, 0).id }, 8);
    day.press(2, { kind: 'finish' }, 18);
    expect(day.figures().windows).toEqual([
      { window: 1, served: 0, averageWaitMs: null, averageServiceMs: null, noShows: 0, recalls: 0 },
      { window: 2, served: 1, averageWaitMs: 3 * MIN, averageServiceMs: 10 * MIN, noShows: 0, recalls: 1 },
    ]);
  });

  it('a ticket skipped and never served is a no-show of the window that skipped it', () => {
    const day = new Day(ticket('A', 1, 0), ticket('A', 2, 0));
    day.press(2, { kind: 'callNext' }, 2);
    day.press(2, { kind: 'skip' }, 4);
    day.press(2, { kind: 'callNext' }, 4);
    day.press(2, { kind: 'skip' }, 6);
    const { windows, total } = day.figures();
    expect(windows).toEqual([{ window: 2, served: 0, averageWaitMs: null, averageServiceMs: null, noShows: 2, recalls: 0 }]);
    expect(total).toMatchObject({ served: 0, noShows: 2, issued: 2, waiting: 0, atCounter: 0 });
  });

  it('tickets still waiting or at a counter are neither served nor no-shows; the hall counts them', () => {
    const day = new Day(ticket('A', 1, 0), ticket('A', 2, 1), ticket('B', 1, 2), ticket('V', 1, 3));
    day.press(1, { kind: 'callNext' }, 5); // V001 (priority) first
    day.press(1, { kind: 'finish' }, 9);
    day.press(1, { kind: 'callNext' }, 10); // A001, still at the counter
    day.press(1, { kind: 'serve' }, 11, 'serving');
    const { windows, total } = day.figures();
    expect(windows).toEqual([{ window: 1, served: 1, averageWaitMs: 2 * MIN, averageServiceMs: 4 * MIN, noShows: 0, recalls: 0 }]);
    expect(total).toEqual({ served: 1, averageWaitMs: 2 * MIN, averageServiceMs: 4 * MIN, noShows: 0, recalls: 0, issued: 4, waiting: 2, atCounter: 1 });
  });

  it('"next" with a ticket held finishes it: served, with its service up to that press', () => {
    const day = new Day(ticket('A', 1, 0), ticket('A', 2, 0));
    day.press(1, { kind: 'callNext' }, 1);
    day.press(1, { kind: 'callNext' }, 7);
    expect(day.figures().windows).toEqual([{ window: 1, served: 1, averageWaitMs: 1 * MIN, averageServiceMs: 6 * MIN, noShows: 0, recalls: 0 }]);
  });

  it('without a call log (a device\'s local queue) takes the ticket\'s last call and its own recall count', () => {
    const day = new Day(ticket('A', 1, 0));
    day.press(1, { kind: 'callNext' }, 10);
    day.press(1, { kind: 'skip' }, 12);
    day.press(1, { kind: 'recall' }, 20); // the last skipped one
    day.press(1, { kind: 'finish' }, 26);
    expect(day.figures(false).windows).toEqual([{ window: 1, served: 1, averageWaitMs: 20 * MIN, averageServiceMs: 6 * MIN, noShows: 0, recalls: 1 }]);
    expect(day.figures(true).windows).toEqual([{ window: 1, served: 1, averageWaitMs: 10 * MIN, averageServiceMs: 6 * MIN, noShows: 0, recalls: 1 }]);
  });

  it('on any day: each finished ticket is served once, each skipped one a no-show once, and the total is the windows\' sum', () => {
    const WINDOWS = [1, 2, 3] as const;
    const LETTERS = ['A', 'B', 'V'] as const;
    const step = fc.record({
      window: fc.constantFrom(...WINDOWS),
      action: fc.constantFrom('callNext', 'callNext', 'recall', 'recallSkipped', 'skip', 'serve', 'finish', 'finish', 'toWindow', 'toCategory'),
      pick: fc.nat(),
      minutes: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LETTERS), { maxLength: 12 }), fc.array(step, { maxLength: 40 }), (letters, steps) => {
        const tickets = letters.map((l, i) => ticket(l, i + 1, i));
        const day = new Day(...tickets);
        let now = 20;
        for (const s of steps) {
          now += s.minutes;
          const chosen = tickets.length > 0 ? tickets[s.pick % tickets.length] : undefined;
          const action: WindowAction =
            s.action === 'recallSkipped'
              ? chosen
                ? { kind: 'recall', ticketId: chosen.id }
                : { kind: 'recall' }
              : s.action === 'toWindow'
                ? { kind: 'transfer', to: { window: WINDOWS[s.pick % 3] ?? 1 } }
                : s.action === 'toCategory'
                  ? { kind: 'transfer', to: { category: LETTERS[s.pick % 3] ?? 'A' } }
                  : ({ kind: s.action } as WindowAction);
          const result = press(day.queue, STRICT, s.window, action, now);
          day.queue = result.queue;
          if (result.outcome.kind === 'called') day.calls.push({ ticketId: result.outcome.ticketId, window: s.window, recall: result.outcome.recall, calledAt: at(now).toISOString() });
        }
        const all = Object.values(day.queue.tickets);
        const { windows, total } = day.figures();
        const sum = (f: (w: (typeof windows)[number]) => number) => windows.reduce((n, w) => n + f(w), 0);
        expect(total.served).toBe(all.filter((t) => t.state === 'done').length);
        expect(sum((w) => w.served)).toBe(total.served);
        expect(total.noShows).toBe(all.filter((t) => t.state === 'skipped').length);
        expect(sum((w) => w.noShows)).toBe(total.noShows);
        expect(total.recalls).toBe(day.calls.filter((c) => c.recall).length);
        expect(sum((w) => w.recalls)).toBe(total.recalls);
        expect(total.issued).toBe(tickets.length);
        expect(total.served + total.noShows + total.waiting + total.atCounter).toBe(total.issued);
        // The hall's mean wait is the windows' means weighted by their services (to rounding).
        if (total.served > 0) {
          const weighted = sum((w) => (w.averageWaitMs ?? 0) * w.served) / total.served;
          expect(Math.abs(weighted - (total.averageWaitMs ?? -1))).toBeLessThanOrEqual(1);
        }
        for (const w of windows) expect((w.averageWaitMs === null) === (w.served === 0)).toBe(true);
        expect(windows.map((w) => w.window)).toEqual([...windows.map((w) => w.window)].sort((a, b) => a - b));
      }),
      { numRuns: 200 },
    );
  });
});
