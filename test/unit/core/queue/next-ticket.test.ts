import { describe, expect, it } from 'vitest';
import { nextTicket } from '../../../../electron/core/queue';
import { STRICT, at, drainNumbers, press, queueOf, rulesWith, ticket } from './queue-fixtures';

const INTERLEAVED_2_1 = rulesWith({ kind: 'interleaved', priorityPerOrdinary: 2, maxOrdinaryWaitMinutes: 30 });

describe('which ticket a window calls next', () => {
  it('strict priority: every 绿色通道 and 预约 ticket before any ordinary one, each line in issue order', () => {
    const queue = queueOf(ticket('A', 1, 0), ticket('A', 2, 1), ticket('V', 1, 5), ticket('Y', 1, 3), ticket('V', 2, 8));
    expect(drainNumbers(queue, STRICT, 1, 10)).toEqual(['Y001', 'V001', 'V002', 'A001', 'A002']);
  });

  it('interleaved 2:1: two preferred tickets, then one ordinary, while both are waiting', () => {
    const queue = queueOf(ticket('A', 1, 0), ticket('A', 2, 1), ticket('A', 3, 2), ticket('V', 1, 3), ticket('V', 2, 4), ticket('V', 3, 5), ticket('V', 4, 6));
    expect(drainNumbers(queue, INTERLEAVED_2_1, 1, 10)).toEqual(['V001', 'V002', 'A001', 'V003', 'V004', 'A002', 'A003']);
  });

  it('interleaved: an ordinary ticket waiting longer than the maximum goes before the preferred ones', () => {
    const queue = queueOf(ticket('A', 1, 0), ticket('V', 1, 10));
    const window = { number: 1, categories: ['A', 'V'] };
    const policy = INTERLEAVED_2_1.policy;
    // 30 minutes exactly is not yet more than the maximum.
    expect(nextTicket(queue, window, policy, at(30))?.number).toBe('V001');
    expect(nextTicket(queue, window, policy, at(30.01))?.number).toBe('A001');
    // Strict priority has no maximum wait.
    expect(nextTicket(queue, window, STRICT.policy, at(300))?.number).toBe('V001');
  });

  it('calls only the categories the window serves', () => {
    const queue = queueOf(ticket('A', 1, 0), ticket('B', 1, 1), ticket('Y', 1, 2));
    // Window 3 calls B, V and Y; window 1 calls A, V and Y; window 2 calls A, B and V.
    expect(drainNumbers(queue, STRICT, 3, 10)).toEqual(['Y001', 'B001']);
    expect(drainNumbers(queue, STRICT, 2, 10)).toEqual(['A001', 'B001']);
    expect(nextTicket(queueOf(ticket('B', 1, 0)), { number: 1, categories: ['A', 'V', 'Y'] }, STRICT.policy, at(5))).toBeNull();
  });

  it('a ticket transferred to another category keeps its place (its issue time) in that line', () => {
    let queue = queueOf(ticket('A', 1, 0), ticket('B', 1, 10), ticket('B', 2, 20));
    queue = press(queue, STRICT, 1, { kind: 'callNext' }, 30).queue;
    const moved = press(queue, STRICT, 1, { kind: 'transfer', to: { category: 'B' } }, 35);
    expect(moved.outcome.kind).toBe('transferred');
    // Window 3 serves B only (and the preferred lanes): A001, issued first, is first in B's line.
    expect(drainNumbers(moved.queue, STRICT, 3, 40)).toEqual(['A001', 'B001', 'B002']);
  });

  it('a ticket transferred to a window waits for that window only, at its place', () => {
    let queue = queueOf(ticket('A', 1, 0), ticket('B', 1, 10));
    queue = press(queue, STRICT, 1, { kind: 'callNext' }, 30).queue;
    queue = press(queue, STRICT, 1, { kind: 'transfer', to: { window: 3 } }, 35).queue;
    // Window 2 serves A but the ticket is reserved for window 3, which does not serve A.
    expect(drainNumbers(queue, STRICT, 2, 40)).toEqual(['B001']);
    expect(drainNumbers(queue, STRICT, 3, 40)).toEqual(['A001', 'B001']);
  });

  it('a skipped ticket is out of the line until it is recalled', () => {
    let queue = queueOf(ticket('A', 1, 0), ticket('A', 2, 1), ticket('A', 3, 2));
    queue = press(queue, STRICT, 1, { kind: 'callNext' }, 10).queue;
    queue = press(queue, STRICT, 1, { kind: 'skip' }, 12).queue;
    expect(drainNumbers(queue, STRICT, 2, 13)).toEqual(['A002', 'A003']);
    const recalled = press(queue, STRICT, 2, { kind: 'recall', ticketId: ticket('A', 1, 0).id }, 20);
    expect(recalled.outcome).toMatchObject({ kind: 'called', number: 'A001', recall: true, window: 2 });
    expect(recalled.queue.tickets[ticket('A', 1, 0).id]).toMatchObject({ state: 'called', calledBy: 2, recalls: 1 });
  });
});
