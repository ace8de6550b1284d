import { describe, expect, it } from 'vitest';
import {
  ApplicantSchema,
  CloseArgs,
  CorrectionItemSchema,
  DecideArgs,
  DeliverArgs,
  IntakeDecisionSchema,
  MaterialReceiptSchema,
  TEXT_LIMITS,
  checkOrganisationName,
  checkPersonName,
} from '../../../electron/contract';

// Characters beyond the BMP: two UTF-16 units each, one character to a person and to the limit.
const RARE = '𠮷';
const CASE_ID = '0196f3a2-7c4e-7d11-9a2b-3c4d5e6f7a8b';
const person = { kind: 'person' as const, name: '张三', idType: 'resident_id_card' as const, idNumber: '11010519491231002X', mobile: '13812345678', address: '' };

function text(length: number): string {
  return RARE.repeat(length);
}

/** Each limit the UI counts to, and the schema that must accept exactly that many characters. */
const PAIRS: Array<[keyof typeof TEXT_LIMITS, (value: string) => boolean]> = [
  ['personName', (v) => checkPersonName(v).ok],
  ['organisationName', (v) => checkOrganisationName(v).ok],
  ['address', (v) => ApplicantSchema.safeParse({ ...person, address: v }).success],
  ['defectNote', (v) => MaterialReceiptSchema.safeParse({ materialId: 'M1', received: true, form: 'original', copies: 1, defective: true, defectNote: v }).success],
  ['correctionName', (v) => CorrectionItemSchema.safeParse({ materialId: null, name: v, instruction: '请提交' }).success],
  ['correctionInstruction', (v) => CorrectionItemSchema.safeParse({ materialId: null, name: '材料', instruction: v }).success],
  ['correctionNote', (v) => IntakeDecisionSchema.safeParse({ kind: 'request_correction', items: [{ materialId: null, name: '材料', instruction: '请提交' }], note: v }).success],
  ['rejectReason', (v) => IntakeDecisionSchema.safeParse({ kind: 'reject', reasonId: null, reason: v, legalBasis: '依据' }).success],
  ['legalBasis', (v) => IntakeDecisionSchema.safeParse({ kind: 'reject', reasonId: null, reason: '理由', legalBasis: v }).success],
  ['decisionReason', (v) => DecideArgs.shape.reason.safeParse(v).success],
  ['closeReason', (v) => CloseArgs.safeParse({ caseId: CASE_ID, reason: v }).success],
  ['recipientName', (v) => DeliverArgs.safeParse({ caseId: CASE_ID, method: 'window', recipientName: v }).success],
  ['deliveryAddress', (v) => DeliverArgs.safeParse({ caseId: CASE_ID, method: 'post', address: v, trackingNumber: 'SF1234567890' }).success],
];

describe('the limits the UI counts to are the core’s', () => {
  it.each(PAIRS)('%s: exactly the limit in rare characters is accepted, one more refused', (field, accepts) => {
    const limit = TEXT_LIMITS[field];
    expect(accepts(text(limit))).toBe(true);
    expect(accepts(text(limit + 1))).toBe(false);
  });

  it('the decision’s legal basis has the same limit as the intake’s', () => {
    expect(DecideArgs.shape.legalBasis.safeParse(text(TEXT_LIMITS.legalBasis)).success).toBe(true);
    expect(DecideArgs.shape.legalBasis.safeParse(text(TEXT_LIMITS.legalBasis + 1)).success).toBe(false);
  });

  it('number fields refuse more than their cap in Chinese, and a tracking number typed with spaces fits', () => {
    const tooLong = 'A'.repeat(TEXT_LIMITS.documentNumber + 1);
    expect(ApplicantSchema.safeParse({ ...person, idNumber: tooLong }).error?.issues[0]?.message).toBe('证件号码过长');
    expect(ApplicantSchema.safeParse({ ...person, mobile: '1'.repeat(TEXT_LIMITS.mobile + 1) }).error?.issues[0]?.message).toBe('手机号码过长');
    const spaced = 'SF 1234 5678 9012 3456 7890 1234 5678 90';
    expect(spaced.length).toBeLessThanOrEqual(TEXT_LIMITS.trackingNumber);
    expect(DeliverArgs.safeParse({ caseId: CASE_ID, method: 'post', address: '杭州', trackingNumber: spaced }).success).toBe(true);
  });

  it('a text area keeps the line breaks typed into it', () => {
    const reason = '第一行\n第二行\n\n第四行';
    expect(CloseArgs.parse({ caseId: CASE_ID, reason }).reason).toBe(reason);
  });
});
