import { describe, expect, it } from 'vitest';
import type { QueueRules } from '../../../electron/contract/queue';
import { categoriesServedBy } from '../../../electron/contract/queue';
import { nextTicket } from '../../../electron/core/queue/next-ticket';
import { emptyQueue } from '../../../electron/core/queue/queue-state';
import { rulesForWindow } from '../../../server/queue/window-rules';

const RULES: QueueRules = {
  timeZone: 'Asia/Shanghai',
  resetHour: 0,
  policy: { kind: 'strict' },
  categories: [
    { letter: 'A', name: '综合业务', itemCodes: [], windows: [1, 2], lane: 'ordinary' },
    { letter: 'B', name: '企业开办', itemCodes: [], windows: [2], lane: 'ordinary' },
    { letter: 'C', name: '不动产', itemCodes: [], windows: [3], lane: 'ordinary' },
  ],
  defaultServiceMinutes: 8,
};

describe('rulesForWindow: the categories a window calls are the ones its press names', () => {
  it('adds the window to the categories it names and takes it off the others', () => {
    const rules = rulesForWindow(RULES, 2, ['C', 'A']);
    expect(categoriesServedBy(rules.categories, 2)).toEqual(['A', 'C']);
    // Other windows keep what the hall's rules give them.
    expect(categoriesServedBy(rules.categories, 1)).toEqual(['A']);
    expect(categoriesServedBy(rules.categories, 3)).toEqual(['C']);
  });

  it('makes a window that names no category call nobody, whatever the hall lists', () => {
    const rules = rulesForWindow(RULES, 1, []);
    expect(categoriesServedBy(rules.categories, 1)).toEqual([]);
    const queue = {
      ...emptyQueue('2026-12-01'),
      tickets: {
        t1: {
          id: '0193a000-0000-7000-8000-000000000001',
          number: 'A001',
          serviceDay: '2026-12-01',
          category: 'A',
          lane: 'ordinary' as const,
          issuedAt: '2026-12-01T01:00:00.000Z',
          state: 'waiting' as const,
          calledBy: null,
          calledAt: null,
          recalls: 0,
          forWindow: null,
          skippedAt: null,
          finishedAt: null,
          bookingCode: null,
        },
      },
    };
    expect(nextTicket(queue, { number: 1, categories: categoriesServedBy(rules.categories, 1) }, rules.policy, new Date('2026-12-01T02:00:00Z'))).toBeNull();
  });

  it('leaves the hall rules it was given unchanged', () => {
    const before = JSON.stringify(RULES);
    rulesForWindow(RULES, 3, ['A']);
    expect(JSON.stringify(RULES)).toBe(before);
  });
});
