import { describe, expect, it } from 'vitest';
import { DeliverArgs } from '../../../../electron/contract/cases';
import { checkTrackingNumber } from '../../../../electron/contract/validation/tracking-number';

const CASE_ID = '0196f3a2-7c4e-7d11-9a2b-3c4d5e6f7a8b';

describe('checkTrackingNumber', () => {
  it('strips the spaces and dashes of the waybill (the issue: SF 1234 5678 9012)', () => {
    expect(checkTrackingNumber('SF 1234 5678 9012')).toEqual({ ok: true, value: 'SF123456789012' });
    expect(checkTrackingNumber('EA 123 456 789 CN')).toEqual({ ok: true, value: 'EA123456789CN' });
    expect(checkTrackingNumber('7700-1234-5678')).toEqual({ ok: true, value: '770012345678' });
    expect(checkTrackingNumber(' sf1234567890 ')).toEqual({ ok: true, value: 'SF1234567890' });
    // A full-width space and dash from a Chinese IME are separators too.
    expect(checkTrackingNumber('SF\u30001234－5678')).toEqual({ ok: true, value: 'SF12345678' });
  });

  it('refuses what is not a tracking number, saying why', () => {
    expect(checkTrackingNumber('  ')).toEqual({ ok: false, message: '请填写邮件单号' });
    expect(checkTrackingNumber('SF１２３４５６７')).toEqual({ ok: false, message: '邮件单号中有全角字符，请切换到半角输入' });
    expect(checkTrackingNumber('SF1234/5678')).toEqual({ ok: false, message: '邮件单号只能由字母和数字组成，不能有“/”' });
    expect(checkTrackingNumber('SF 12')).toEqual({ ok: false, message: '邮件单号至少6位，当前为4位' });
    expect(checkTrackingNumber('1'.repeat(41))).toEqual({ ok: false, message: '邮件单号最多40位，当前为41位' });
    // Upper-casing after the check: ß is not taken for SS.
    expect(checkTrackingNumber('SF123456ß').ok).toBe(false);
  });

  it('the delivery schema stores the stripped number and puts the message at the field', () => {
    const parsed = DeliverArgs.parse({ caseId: CASE_ID, method: 'post', address: '杭州市西湖区文三路 1 号', trackingNumber: 'SF 1234 5678 9012' });
    expect(parsed.trackingNumber).toBe('SF123456789012');
    const refused = DeliverArgs.safeParse({ caseId: CASE_ID, method: 'post', address: '杭州市', trackingNumber: 'SF 12' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['trackingNumber', '邮件单号至少6位，当前为4位']]);
    // Collected at the window: no tracking number is kept, whatever was typed.
    expect(DeliverArgs.parse({ caseId: CASE_ID, method: 'window', recipientName: '张三', trackingNumber: 'SF 12' }).trackingNumber).toBe('');
  });
});
