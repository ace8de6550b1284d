import { describe, expect, it } from 'vitest';
import { QueueRulesSchema } from '../../../../electron/contract/queue';
import { aheadUnderPolicy, estimateWait, peopleAhead } from '../../../../electron/core/queue';
import { STRICT, at, drainNumbers, queueOf, rulesWith, ticket } from './queue-fixtures';

// "前面还有 N 人" (trial F2): the tickets the hall's policy calls before a ticket at the windows that
// serve its category, priority tickets of other categories included. Fixtures: A 企业开办 (windows
// 1, 2), B 社保 (2, 3), V 绿色通道 (priority, 1–3), Y 预约办理 (appointment, 1 and 3).

const INTERLEAVED_2_1 = rulesWith({ kind: 'interleaved', priorityPerOrdinary: 2, maxOrdinaryWaitMinutes: 30 });

/** A hall of one window (1) calling A and V, and a window 9 of its own calling C. */
function oneWindow(policy: Parameters<typeof rulesWith>[0]) {
  return QueueRulesSchema.parse({
    timeZone: 'Asia/Shanghai',
    resetHour: 4,
    policy,
    categories: [
      { letter: 'A', name: '企业开办', windows: [1] },
      { letter: 'V', name: '绿色通道', windows: [1], lane: 'priority' },
      { letter: 'C', name: '不动产', windows: [9] },
    ],
  });
}

describe('people ahead under the hall’s policy', () => {
  it('strict: a 绿色通道 ticket of another category, called by the same window, is ahead of an ordinary one', () => {
    // The trial: A001 called already; V001 then A002 taken. A002 is told 1, not 0.
    const v1 = ticket('V', 1, 1);
    const a2 = ticket('A', 2, 2);
    const queue = queueOf(v1, a2);
    expect(peopleAhead(queue, STRICT, a2, at(2))).toBe(1);
    // The priority ticket has nobody ahead: ordinary tickets never go first under strict.
    expect(peopleAhead(queue, STRICT, v1, at(2))).toBe(0);
  });

  it('strict: every preferred ticket waiting is ahead of an ordinary one, the category’s own issued later are not', () => {
    const a1 = ticket('A', 1, 0);
    const b1 = ticket('B', 1, 1); // window 2 calls both A and B: its line is shared
    const a2 = ticket('A', 2, 2);
    const y1 = ticket('Y', 1, 3); // appointment at windows 1 and 3: window 1 calls A
    const v1 = ticket('V', 1, 4);
    const a3 = ticket('A', 3, 5);
    const queue = queueOf(a1, b1, a2, y1, v1, a3);
    // a2: a1 and b1 before it, and both preferred (issued after it, but called first).
    expect(peopleAhead(queue, STRICT, a2, at(5))).toBe(4);
    expect(peopleAhead(queue, STRICT, a1, at(5))).toBe(2);
    expect(peopleAhead(queue, STRICT, v1, at(5))).toBe(1);
    // The estimate is for the same people: 4 × 8 min / A's 2 windows.
    expect(estimateWait(queue, STRICT, 'A', peopleAhead(queue, STRICT, a2, at(5)))).toMatchObject({ peopleAhead: 4, minutes: 16 });
  });

  it('a category at other windows only is not counted; a ticket sent to one of the category’s windows is', () => {
    const rules = oneWindow({ kind: 'strict' });
    const c1 = ticket('C', 1, 0);
    const transferred = { ...ticket('C', 2, 1), state: 'transferred' as const, forWindow: 1 };
    const a1 = ticket('A', 1, 2);
    expect(peopleAhead(queueOf(c1, a1), rules, a1, at(2))).toBe(0);
    expect(peopleAhead(queueOf(c1, transferred, a1), rules, a1, at(2))).toBe(1);
  });

  it('with one window the count is exactly the calls before the ticket, strict and interleaved', () => {
    const tickets = [ticket('A', 1, 0), ticket('V', 1, 1), ticket('A', 2, 2), ticket('V', 2, 3), ticket('V', 3, 4), ticket('A', 3, 5), ticket('V', 4, 6), ticket('V', 5, 7)];
    const queue = queueOf(...tickets);
    for (const rules of [oneWindow({ kind: 'strict' }), oneWindow({ kind: 'interleaved', priorityPerOrdinary: 2, maxOrdinaryWaitMinutes: 60 })]) {
      const order = drainNumbers(queue, rules, 1, 8);
      for (const t of tickets) expect({ number: t.number, ahead: peopleAhead(queue, rules, t, at(8)) }).toEqual({ number: t.number, ahead: order.indexOf(t.number) });
    }
  });

  it('interleaved 2:1: an ordinary ticket has up to two preferred ones ahead per ordinary call; overdue ordinary ones go before a preferred one', () => {
    const a1 = ticket('A', 1, 0);
    const v = [1, 2, 3, 4, 5].map((n) => ticket('V', n, n));
    const a2 = ticket('A', 2, 6);
    const queue = queueOf(a1, ...v, a2);
    // a2: a1 before it, and 2 × (1 + 1) = 4 of the 5 preferred.
    expect(peopleAhead(queue, INTERLEAVED_2_1, a2, at(6))).toBe(5);
    expect(peopleAhead(queue, INTERLEAVED_2_1, a1, at(6))).toBe(2);
    // V005: 4 preferred before it, one ordinary per two of them (a1, a2).
    expect(peopleAhead(queue, INTERLEAVED_2_1, v[4]!, at(6))).toBe(6);
    // 40 minutes on, a1 and a2 have waited past 30: both go first, whoever is counted.
    expect(peopleAhead(queue, INTERLEAVED_2_1, v[0]!, at(46))).toBe(2);
  });

  it('the rule on counts alone (the server counts in SQL and calls the same rule)', () => {
    const counts = { preferredBefore: 3, preferredAll: 7, ordinaryBefore: 2, ordinaryAll: 4, ordinaryOverdue: 1 };
    expect(aheadUnderPolicy(counts, { kind: 'strict' }, false)).toBe(9);
    expect(aheadUnderPolicy(counts, { kind: 'strict' }, true)).toBe(3);
    expect(aheadUnderPolicy(counts, { kind: 'interleaved', priorityPerOrdinary: 2, maxOrdinaryWaitMinutes: 30 }, false)).toBe(2 + 6);
    expect(aheadUnderPolicy(counts, { kind: 'interleaved', priorityPerOrdinary: 2, maxOrdinaryWaitMinutes: 30 }, true)).toBe(3 + 1 + 1);
  });
});
