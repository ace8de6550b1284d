import { describe, expect, it } from 'vitest';
import { CloseArgs, DeliverArgs, boundedText, requiredText } from '../../../electron/contract';

describe('free-text fields', () => {
  it('count characters as people do, so rare characters beyond the BMP get the same room', () => {
    const field = boundedText(3);
    expect(field.safeParse('𠮷𠮷𠮷').success).toBe(true);
    expect(field.safeParse('𠮷𠮷𠮷𠮷').success).toBe(false);
    // zod's own max would have counted 6 UTF-16 units here.
    expect('𠮷𠮷𠮷'.length).toBe(6);
  });

  it('trim, and tell a missing required text from one that is too long', () => {
    const field = requiredText(5, '请填写原因');
    expect(field.parse('  原因  ')).toBe('原因');
    expect(field.safeParse('   ').error?.issues[0]?.message).toBe('请填写原因');
    expect(field.safeParse(undefined).error?.issues[0]?.message).toBe('请填写原因');
    expect(field.safeParse('一二三四五六').error?.issues[0]?.message).toBe('不超过 5 字');
  });

  it('apply to the case commands', () => {
    const caseId = '01930000-0000-7000-8000-000000000000';
    expect(CloseArgs.safeParse({ caseId, reason: '𠮷'.repeat(500) }).success).toBe(true);
    expect(CloseArgs.safeParse({ caseId, reason: '𠮷'.repeat(501) }).success).toBe(false);
    expect(DeliverArgs.safeParse({ caseId, method: 'post', address: '𠮷'.repeat(200), trackingNumber: 'SF1234567890' }).success).toBe(true);
  });
});
