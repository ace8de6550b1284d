/**
 * checkTrackingNumber at its length limits (issue 11 §8: each case once let a changed rule
 * through mutation testing): 6 and 40 characters are both accepted.
 */
import { describe, expect, it } from 'vitest';
import { checkTrackingNumber } from '../../../../electron/contract/validation/tracking-number';

describe('checkTrackingNumber lengths', () => {
  it('accepts exactly 6 and exactly 40 characters', () => {
    expect(checkTrackingNumber('ea1234')).toEqual({ ok: true, value: 'EA1234' });
    expect(checkTrackingNumber('1'.repeat(40))).toEqual({ ok: true, value: '1'.repeat(40) });
    expect(checkTrackingNumber('EA123')).toEqual({ ok: false, message: '邮件单号至少6位，当前为5位' });
  });
});
