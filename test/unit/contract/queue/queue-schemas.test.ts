import { describe, expect, it } from 'vitest';
import {
  KEYPAD_KEYS,
  KEYPAD_SELECTIONS,
  QueueCategoriesSchema,
  QueuePolicySchema,
  QueueRulesSchema,
  TicketSchema,
  WindowPressSchema,
  categoriesServedBy,
} from '../../../../electron/contract';

const PRESS = '0190a000-0000-7000-8000-000000000001';
const TICKET = {
  id: '0190a000-0000-7000-8000-000000000002',
  number: 'Y003',
  serviceDay: '2026-11-24',
  category: 'Y',
  lane: 'appointment',
  issuedAt: '2026-11-24T01:00:00.000Z',
  state: 'waiting',
  calledBy: null,
  calledAt: null,
  recalls: 0,
  forWindow: null,
  skippedAt: null,
  finishedAt: null,
  bookingCode: 'YY20261124-88',
};

function messages(result: { success: boolean; error?: { issues: Array<{ message: string }> } }): string[] {
  return result.success ? [] : (result.error?.issues ?? []).map((i) => i.message);
}

describe('the queue’s schemas', () => {
  it('categories: one letter A–Z each, a Chinese name, at least one window; the windows a window serves', () => {
    const categories = QueueCategoriesSchema.parse([
      { letter: 'A', name: '企业开办', windows: [1, 2] },
      { letter: 'V', name: '绿色通道', windows: [2], lane: 'priority' },
    ]);
    expect(categories[0]?.lane).toBe('ordinary');
    expect(categoriesServedBy(categories, 2)).toEqual(['A', 'V']);
    expect(messages(QueueCategoriesSchema.safeParse([{ letter: 'A', name: '甲', windows: [1] }, { letter: 'A', name: '乙', windows: [2] }]))).toContain('类别字母 A 重复');
    expect(messages(QueueCategoriesSchema.safeParse([{ letter: 'a', name: '甲', windows: [1] }]))).toContain('类别字母应为 A–Z 中的一个大写字母');
    expect(messages(QueueCategoriesSchema.safeParse([{ letter: 'A', name: '甲', windows: [] }]))).toContain('至少要有一个窗口办理该类别');
    expect(messages(QueueCategoriesSchema.safeParse([{ letter: 'A', name: ' ', windows: [1] }]))).toContain('请填写类别名称');
  });

  it('the policy: strict, or interleaved with its ratio and maximum ordinary wait in minutes', () => {
    expect(QueuePolicySchema.parse({ kind: 'interleaved', priorityPerOrdinary: 2, maxOrdinaryWaitMinutes: 30 }).kind).toBe('interleaved');
    expect(QueuePolicySchema.safeParse({ kind: 'interleaved', priorityPerOrdinary: 0, maxOrdinaryWaitMinutes: 30 }).success).toBe(false);
    expect(QueuePolicySchema.safeParse({ kind: 'interleaved', priorityPerOrdinary: 2 }).success).toBe(false);
    const rules = QueueRulesSchema.parse({ timeZone: 'Asia/Shanghai', categories: [] });
    expect(rules).toMatchObject({ resetHour: 0, policy: { kind: 'strict' }, defaultServiceMinutes: 8 });
    expect(QueueRulesSchema.safeParse({ timeZone: 'Asia/Shanghai', resetHour: 24, categories: [] }).success).toBe(false);
  });

  it('a ticket: an appointment carries its booking code, no other ticket does', () => {
    expect(TicketSchema.parse(TICKET).bookingCode).toBe('YY20261124-88');
    expect(TicketSchema.safeParse({ ...TICKET, bookingCode: null }).success).toBe(false);
    expect(TicketSchema.safeParse({ ...TICKET, lane: 'ordinary' }).success).toBe(false);
    expect(TicketSchema.safeParse({ ...TICKET, number: 'A003' }).success).toBe(false);
    // Transferred to another category, it keeps its printed number.
    expect(TicketSchema.safeParse({ ...TICKET, number: 'A003', category: 'Y', state: 'transferred' }).success).toBe(true);
  });

  it('a press: a UUID per key press, the window, one action with what it needs', () => {
    const press = (action: unknown) => WindowPressSchema.safeParse({ pressId: PRESS, window: 12, action });
    expect(press({ kind: 'callNext' }).success).toBe(true);
    expect(press({ kind: 'transfer', to: { window: 3 } }).success).toBe(true);
    expect(press({ kind: 'transfer', to: { category: 'B' } }).success).toBe(true);
    expect(press({ kind: 'transfer', to: {} }).success).toBe(false);
    expect(press({ kind: 'pause', reason: '休息' }).success).toBe(true);
    expect(messages(press({ kind: 'pause', reason: '  ' }))).toContain('请填写暂停原因');
    expect(press({ kind: 'callChosen' }).success).toBe(false);
    expect(WindowPressSchema.safeParse({ pressId: 'press-1', window: 12, action: { kind: 'callNext' } }).success).toBe(false);
    expect(WindowPressSchema.safeParse({ pressId: PRESS, window: 0, action: { kind: 'callNext' } }).success).toBe(false);
  });

  it('the legacy caller keypad’s keys name window actions', () => {
    expect(KEYPAD_KEYS[0x0c]).toBe('callNext');
    expect(KEYPAD_KEYS[0x0d]).toBe('recall');
    expect(KEYPAD_KEYS[0x0b]).toBe('finish');
    expect(KEYPAD_SELECTIONS[3]).toBe('recall');
  });
});
