import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categoriesServedBy, isPreferredLane, type QueuePolicy, type Ticket, type WindowAction, type WindowPress } from '../../../../electron/contract/queue';
import { addTicket, applyWindowPress, inLineFor, type QueueState } from '../../../../electron/core/queue';
import { DAY, at, queueOf, rulesWith, ticket, uuid } from './queue-fixtures';

// Random days at a hall of three windows: tickets issued, every kind of press (some repeated),
// time moving on. What must hold whatever happens.

const LETTERS = ['A', 'B', 'V', 'Y'] as const;
const WINDOWS = [1, 2, 3] as const;

const step = fc.oneof(
  fc.record({ kind: fc.constant('issue' as const), letter: fc.constantFrom(...LETTERS) }),
  fc.record({
    kind: fc.constant('press' as const),
    window: fc.constantFrom(...WINDOWS),
    action: fc.constantFrom('callNext', 'callNext', 'callNext', 'recall', 'recallSkipped', 'skip', 'callChosen', 'serve', 'finish', 'finish', 'pause', 'resume', 'toWindow', 'toCategory'),
    pick: fc.nat(),
  }),
  fc.record({ kind: fc.constant('repeat' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 5 }) }),
);

const policy: fc.Arbitrary<QueuePolicy> = fc.oneof(
  fc.constant({ kind: 'strict' } as const),
  fc.record({ kind: fc.constant('interleaved' as const), priorityPerOrdinary: fc.integer({ min: 1, max: 3 }), maxOrdinaryWaitMinutes: fc.integer({ min: 5, max: 60 }) }),
);

function actionFor(kind: string, tickets: Ticket[], pick: number): WindowAction {
  const chosen = tickets.length > 0 ? tickets[pick % tickets.length] : undefined;
  switch (kind) {
    case 'recallSkipped':
      return chosen ? { kind: 'recall', ticketId: chosen.id } : { kind: 'recall' };
    case 'callChosen':
      return chosen ? { kind: 'callChosen', ticketId: chosen.id } : { kind: 'callNext' };
    case 'pause':
      return { kind: 'pause', reason: '临时离开' };
    case 'toWindow':
      return { kind: 'transfer', to: { window: WINDOWS[pick % WINDOWS.length] ?? 1 } };
    case 'toCategory':
      return { kind: 'transfer', to: { category: LETTERS[pick % LETTERS.length] ?? 'A' } };
    default:
      return { kind } as WindowAction;
  }
}

/** Each window holds at most one ticket, that ticket is called or serving by it, and no ticket is held by two. */
function expectConsistent(queue: QueueState): void {
  const holders = new Map<string, number>();
  for (const [window, status] of Object.entries(queue.windows)) {
    if (status.current === null) continue;
    expect(holders.has(status.current)).toBe(false);
    holders.set(status.current, Number(window));
  }
  for (const t of Object.values(queue.tickets)) {
    if (t.state === 'called' || t.state === 'serving') expect(holders.get(t.id)).toBe(t.calledBy);
    else expect(holders.has(t.id)).toBe(false);
  }
}

describe('the queue over random days', () => {
  it('calls each ticket once per time it was put in line, never changes a finished one, and a repeated press changes nothing', () => {
    fc.assert(
      fc.property(policy, fc.array(step, { maxLength: 120 }), (p, steps) => {
        const rules = rulesWith(p);
        let queue = queueOf();
        let minutes = 0;
        let issued = 0;
        const pressed: Array<{ press: WindowPress; outcome: unknown }> = [];
        const calls = new Map<string, number>();
        const lineEntries = new Map<string, number>();
        for (const s of steps) {
          if (s.kind === 'wait') {
            minutes += s.minutes;
          } else if (s.kind === 'issue') {
            issued += 1;
            const t = ticket(s.letter, issued, minutes);
            const added = addTicket(queue, t);
            if (!added.ok) throw new Error(added.reason);
            queue = added.queue;
            lineEntries.set(t.id, 1);
          } else if (s.kind === 'repeat') {
            const earlier = pressed[s.pick % Math.max(pressed.length, 1)];
            if (!earlier) continue;
            const again = applyWindowPress(queue, rules, earlier.press, at(minutes));
            expect(again.repeated).toBe(true);
            expect(again.queue).toEqual(queue);
            expect(again.outcome).toEqual(earlier.outcome);
          } else {
            const press: WindowPress = { pressId: uuid(500_000 + pressed.length), window: s.window, action: actionFor(s.action, Object.values(queue.tickets), s.pick) };
            const before = queue;
            const result = applyWindowPress(queue, rules, press, at(minutes));
            expect(result.repeated).toBe(false);
            for (const t of Object.values(before.tickets)) {
              if (t.state === 'done') expect(result.queue.tickets[t.id]).toEqual(t);
            }
            const o = result.outcome;
            if (o.kind === 'called' && !o.recall && !(before.tickets[o.ticketId]?.state === 'called' || before.tickets[o.ticketId]?.state === 'serving')) {
              calls.set(o.ticketId, (calls.get(o.ticketId) ?? 0) + 1);
            }
            if (o.kind === 'transferred') lineEntries.set(o.ticketId, (lineEntries.get(o.ticketId) ?? 0) + 1);
            queue = result.queue;
            pressed.push({ press, outcome: o });
          }
          expectConsistent(queue);
        }
        for (const [id, n] of calls) expect(n).toBeLessThanOrEqual(lineEntries.get(id) ?? 0);
        // Every window calling until its line is empty leaves nobody waiting: nobody is lost.
        for (const w of WINDOWS) {
          for (;;) {
            const r = applyWindowPress(queue, rules, { pressId: uuid(800_000 + Object.keys(queue.presses).length), window: w, action: { kind: 'callNext' } }, at(minutes));
            queue = r.queue;
            if (r.outcome.kind !== 'called') break;
          }
        }
        expect(Object.values(queue.tickets).filter((t) => t.state === 'waiting' || t.state === 'transferred')).toEqual([]);
        expect(queue.serviceDay).toBe(DAY);
      }),
      { numRuns: 200 },
    );
  });

  it('interleaved with a maximum wait starves no ordinary ticket', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 5, max: 60 }),
        fc.array(fc.record({ window: fc.constantFrom(...WINDOWS), arrivals: fc.array(fc.constantFrom('A', 'B', 'V', 'V', 'V', 'Y'), { maxLength: 3 }), minutes: fc.integer({ min: 0, max: 6 }) }), { maxLength: 150 }),
        (n, maxWait, rounds) => {
          const rules = rulesWith({ kind: 'interleaved', priorityPerOrdinary: n, maxOrdinaryWaitMinutes: maxWait });
          let queue = queueOf();
          let minutes = 0;
          let issued = 0;
          const streaks = new Map<number, number>();
          for (const round of rounds) {
            minutes += round.minutes;
            for (const letter of round.arrivals) {
              issued += 1;
              const added = addTicket(queue, ticket(letter, issued, minutes));
              if (added.ok) queue = added.queue;
            }
            const serving = { number: round.window, categories: categoriesServedBy(rules.categories, round.window) };
            const line = Object.values(queue.tickets).filter((t) => inLineFor(t, serving));
            const ordinary = line.filter((t) => !isPreferredLane(t.lane))
              // A ticket's place in line: its issue time, then its id (tickets issued in the same
              // millisecond; the ids here do not follow issue order, so the tie-break is exercised).
              .sort((a, b) => Date.parse(a.issuedAt) - Date.parse(b.issuedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
            const overdue = ordinary.filter((t) => at(minutes).getTime() - Date.parse(t.issuedAt) > maxWait * 60_000);
            const r = applyWindowPress(queue, rules, { pressId: uuid(700_000 + issued * 1000 + Object.keys(queue.presses).length), window: round.window, action: { kind: 'callNext' } }, at(minutes));
            queue = r.queue;
            if (r.outcome.kind !== 'called') continue;
            const called = queue.tickets[r.outcome.ticketId];
            if (!called) throw new Error('called ticket missing');
            // An ordinary ticket past the maximum wait goes first: the longest-waiting one.
            if (overdue.length > 0) expect(called.id).toBe(overdue[0]?.id);
            // No window calls more than n preferred tickets in a row while an ordinary one waits for it.
            const streak = isPreferredLane(called.lane) ? (streaks.get(round.window) ?? 0) + 1 : 0;
            if (ordinary.length > 0) expect(streak).toBeLessThanOrEqual(n);
            streaks.set(round.window, Math.min(streak, n));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
