import { describe, expect, it } from 'vitest';
import { assessIntake, touchesProvisionalYear, type Material } from '../../../electron/contract';
import { deferralClosedReason, withDeferralOffer } from '../../../renderer/src/components/intake/model/decision';

const MATERIALS: Material[] = [
  { id: 'K', name: '申请书', form: 'original', copies: 1, required: true, key: true, note: null },
  { id: 'N', name: '健康证明', form: 'copy', copies: 1, required: true, key: false, note: null },
];
const keyOnly = assessIntake(MATERIALS, [
  { materialId: 'K', received: true, form: 'original', copies: 1, defective: false, defectNote: '' },
  { materialId: 'N', received: false, form: null, copies: 0, defective: false, defectNote: '' },
]);
const REASON = '该事项法定办结日即受理当日，不能容缺受理，请一次性告知补正';

describe('容缺 on the intake screen follows the preview', () => {
  it('closes 容缺 when the item is due the day it is accepted, and says why', () => {
    expect(keyOnly.allowed.acceptWithDeferral).toBe(true);
    const closed = withDeferralOffer(keyOnly, { possible: false, reason: REASON });
    expect(closed.allowed.acceptWithDeferral).toBe(false);
    expect(closed.allowed.requestCorrection).toBe(true);
    expect(deferralClosedReason({ assessment: closed, deferralOffer: { possible: false, reason: REASON } })).toBe(REASON);
  });

  it('leaves 容缺 open while the preview is loading or allows it', () => {
    expect(withDeferralOffer(keyOnly, null)).toBe(keyOnly);
    const offer = { possible: true as const, defaultDueDate: '2026-02-27', defaultDueProvisional: false, latestDueDate: '2026-02-27', latestDueLabel: '承诺办结日' };
    expect(withDeferralOffer(keyOnly, offer).allowed.acceptWithDeferral).toBe(true);
    expect(deferralClosedReason({ assessment: keyOnly, deferralOffer: offer })).toBeNull();
  });
});

describe('touchesProvisionalYear', () => {
  it('marks a date reached across a provisional year, as the core does', () => {
    expect(touchesProvisionalYear([2027], '2026-12-28', '2027-01-04')).toBe(true);
    expect(touchesProvisionalYear([2027], '2026-12-28', '2026-12-31')).toBe(false);
    // Accepted on the last day of a provisional year: none of its days is counted.
    expect(touchesProvisionalYear([2027], '2027-12-31', '2028-01-04')).toBe(false);
    expect(touchesProvisionalYear([2027, 2028], '2027-12-31', '2028-01-04')).toBe(true);
    expect(touchesProvisionalYear([2027], '2027-03-01', '2027-03-01')).toBe(false);
  });
});
