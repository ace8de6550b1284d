import { describe, expect, it } from 'vitest';
import { estimateWait } from '../../../../electron/core/queue';
import { STRICT, press, queueOf, ticket } from './queue-fixtures';

describe('the wait estimate per category', () => {
  it('before any service is finished: people ahead × the default minutes / the category’s windows', () => {
    const queue = queueOf(ticket('A', 1, 0), ticket('A', 2, 1), ticket('A', 3, 2), ticket('B', 1, 3));
    // A: 3 ahead × 8 min / 2 windows (none open yet, both listed) = 12 min.
    expect(estimateWait(queue, STRICT, 'A')).toMatchObject({ peopleAhead: 3, defaulted: true, windowsServing: 2, minutes: 12 });
    expect(estimateWait(queueOf(), STRICT, 'A')?.minutes).toBe(0);
    expect(estimateWait(queue, STRICT, 'Q')).toBeNull();
  });

  it('from the day’s real service times and the windows open, a paused one not counted', () => {
    let queue = queueOf(...[1, 2, 3, 4, 5, 6].map((n) => ticket('A', n, n)));
    // Window 1 serves A001 in 4 minutes and A002 in 6: a mean of 5.
    queue = press(queue, STRICT, 1, { kind: 'callNext' }, 10).queue;
    queue = press(queue, STRICT, 1, { kind: 'finish' }, 14).queue;
    queue = press(queue, STRICT, 1, { kind: 'callNext' }, 15).queue;
    queue = press(queue, STRICT, 1, { kind: 'finish' }, 21).queue;
    // 4 ahead × 5 min / 1 open window (window 2 has not started) = 20 min.
    expect(estimateWait(queue, STRICT, 'A')).toMatchObject({ peopleAhead: 4, serviceMs: 300_000, defaulted: false, windowsServing: 1, minutes: 20 });
    queue = press(queue, STRICT, 2, { kind: 'pause', reason: '休息' }, 22).queue;
    expect(estimateWait(queue, STRICT, 'A')?.minutes).toBe(20);
    queue = press(queue, STRICT, 2, { kind: 'resume' }, 23).queue;
    expect(estimateWait(queue, STRICT, 'A')).toMatchObject({ windowsServing: 2, minutes: 10 });
    // A skipped ticket is not ahead of anyone.
    queue = press(queue, STRICT, 1, { kind: 'callNext' }, 24).queue;
    queue = press(queue, STRICT, 1, { kind: 'skip' }, 25).queue;
    expect(estimateWait(queue, STRICT, 'A')?.peopleAhead).toBe(3);
  });
});
