/**
 * Messages the case dialogs and the intake form show beside a field come from the contract's
 * schemas (defined once, there), and the same schemas are what the core runs on a call.
 */
import { describe, expect, it } from 'vitest';
import { DecideArgs, DeferralSchema, DeliverArgs } from '../../../electron/contract';

const CASE_ID = '0196f3a2-7c4e-7d11-9a2b-3c4d5e6f7a8b';

function messages(result: { success: boolean; error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } }) {
  return (result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]);
}

describe('case field messages in the contract', () => {
  it('a delivery at the window needs who collected it; a posted one does not', () => {
    for (const recipientName of [undefined, '', '  ']) {
      expect(messages(DeliverArgs.safeParse({ caseId: CASE_ID, method: 'window', recipientName }))).toEqual([['recipientName', '请填写领取人姓名']]);
    }
    expect(DeliverArgs.safeParse({ caseId: CASE_ID, method: 'window', recipientName: '张三' }).success).toBe(true);
    expect(DeliverArgs.safeParse({ caseId: CASE_ID, method: 'post', address: '杭州市', trackingNumber: 'SF1234567890' }).success).toBe(true);
  });

  it('a decision must be chosen', () => {
    expect(messages(DecideArgs.shape.outcome.safeParse(undefined))).toEqual([['', '请选择决定']]);
    expect(messages(DecideArgs.safeParse({ caseId: CASE_ID }))).toEqual([['outcome', '请选择决定']]);
  });

  it('a deferred material’s due date must be picked, and be a date', () => {
    expect(messages(DeferralSchema.shape.dueDate.safeParse(''))).toEqual([['', '请选择补交期限']]);
    expect(messages(DeferralSchema.shape.dueDate.safeParse(undefined))).toEqual([['', '请选择补交期限']]);
    expect(messages(DeferralSchema.shape.dueDate.safeParse('2026-2-3'))).toEqual([['', '日期格式应为 YYYY-MM-DD']]);
    expect(DeferralSchema.shape.dueDate.safeParse('2026-02-03').success).toBe(true);
  });
});
