/**
 * The intake form's checks beside each field are the contract's: the same words the core's
 * schema answers with, for the same input, on the field the core's path names.
 */
import { describe, expect, it } from 'vitest';
import { type Material, type MaterialReceipt } from '../../../electron/contract';
import { applicantCheck, emptyApplicant, type ApplicantDraft } from '../../../renderer/src/components/intake/model/applicant-draft';
import { emptyDecision, validateDecision, type DecisionContext, type DecisionDraft } from '../../../renderer/src/components/intake/model/decision';
import { fieldKey } from '../../../renderer/src/components/intake/model/field-errors';
import { assess, validateReceipts, type ReceiptMap } from '../../../renderer/src/components/intake/model/materials';
import { intakeArgs, pathContext, schemaErrors } from '../../../renderer/src/components/intake/model/submit-args';

const TODAY = '2026-11-30';
const MATERIALS: Material[] = [
  { id: 'K', name: '申请书', form: 'original', copies: 1, required: true, key: true, note: null },
  { id: 'N', name: '健康证明', form: 'copy', copies: 1, required: true, key: false, note: null },
];

function receipt(materialId: string, patch: Partial<MaterialReceipt>): MaterialReceipt {
  return { materialId, received: true, form: 'original', copies: 1, defective: false, defectNote: '', ...patch };
}

function context(receipts: ReceiptMap, draft: DecisionDraft): DecisionContext {
  return {
    assessment: assess(MATERIALS, receipts),
    draft,
    today: TODAY,
    promisedDueDate: '2026-12-14',
    legalDueDate: '2026-12-28',
    promisedDueProvisional: false,
    legalDueProvisional: false,
    defaultDeferralDueDate: '2026-12-07',
    deferralOffer: null,
    immediate: false,
  };
}

/** What the core's schema says, per form field, for the whole form as it would be sent. */
function coreSays(applicant: ApplicantDraft, receipts: ReceiptMap, ctx: DecisionContext) {
  const item = { code: 'X1', version: 1, materials: MATERIALS } as Parameters<typeof intakeArgs>[1];
  const args = intakeArgs('0190a1b2-0000-7000-8000-000000000001', item, applicant, receipts, ctx);
  return schemaErrors(args, pathContext(MATERIALS, ctx)).fields;
}

describe('the material checklist’s messages', () => {
  it('are the receipt schema’s, on the row and on its defect note', () => {
    const receipts: ReceiptMap = {
      K: receipt('K', { form: null }),
      N: receipt('N', { form: 'copy', copies: 2, defective: true, defectNote: '  ' }),
    };
    const local = validateReceipts(MATERIALS, receipts);
    expect(local).toEqual({
      [fieldKey.material('K')]: '请选择原件或复印件',
      [fieldKey.defectNote('N')]: '请说明材料存在的问题',
    });
    const core = coreSays(emptyApplicant(), receipts, context(receipts, emptyDecision()));
    for (const [key, message] of Object.entries(local)) expect(core[key]).toBe(message);
  });

  it('ask for the form before the count, and ignore a row not ticked', () => {
    const receipts: ReceiptMap = {
      K: receipt('K', { form: null, copies: 100 }),
      N: receipt('N', { received: false, form: null, copies: 0 }),
    };
    expect(validateReceipts(MATERIALS, receipts)).toEqual({ [fieldKey.material('K')]: '请选择原件或复印件' });
    expect(validateReceipts(MATERIALS, { K: receipt('K', { copies: 0 }) })).toEqual({ [fieldKey.material('K')]: '已收材料份数至少为 1' });
    expect(validateReceipts(MATERIALS, { K: receipt('K', { copies: 100 }) })).toEqual({ [fieldKey.material('K')]: '份数不超过 99' });
  });
});

describe('the decision’s messages', () => {
  const complete: ReceiptMap = { K: receipt('K', {}), N: receipt('N', { form: 'copy' }) };
  const keyOnly: ReceiptMap = { K: receipt('K', {}) };

  it('for 不予受理 are the decision schema’s, beside the reason and the basis', () => {
    const ctx = context(complete, { ...emptyDecision(), chosen: 'reject', rejectReason: ' ', rejectLegalBasis: '依据'.repeat(251) });
    const local = validateDecision(ctx);
    expect(local).toEqual({ [fieldKey.rejectReason]: '请填写不予受理的理由', [fieldKey.rejectLegalBasis]: '不超过 500 字' });
    const core = coreSays(emptyApplicant(), complete, ctx);
    expect(core[fieldKey.rejectReason]).toBe(local[fieldKey.rejectReason]);
    expect(core[fieldKey.rejectLegalBasis]).toBe(local[fieldKey.rejectLegalBasis]);
  });

  it('for 一次性告知 put each row’s message on its row, and the note’s under the note', () => {
    const extra = { key: 'x1', name: '', instruction: '' };
    const ctx = context(keyOnly, { ...emptyDecision(), chosen: 'request_correction', extras: [extra], note: '说'.repeat(501) });
    const local = validateDecision(ctx);
    expect(local).toEqual({
      [fieldKey.correctionRow('x1', 'name')]: '请填写需补正的材料名称',
      [fieldKey.correctionRow('x1', 'instruction')]: '请填写补正要求',
      [fieldKey.note]: '说明不超过 500 字',
    });
    const core = coreSays(emptyApplicant(), keyOnly, ctx);
    for (const [key, message] of Object.entries(local)) expect(core[key]).toBe(message);
  });

  it('for 容缺 hold each due date to the acceptance day and the case’s deadline', () => {
    const ctx = context(keyOnly, { ...emptyDecision(), chosen: 'accept_with_deferral', deferralDates: { N: TODAY } });
    expect(validateDecision(ctx)).toEqual({ [fieldKey.deferral('N')]: '补交期限应晚于受理日' });
    const late = context(keyOnly, { ...emptyDecision(), chosen: 'accept_with_deferral', deferralDates: { N: '2026-12-15' } });
    expect(validateDecision(late)).toEqual({ [fieldKey.deferral('N')]: '补交期限不能晚于承诺办结日 2026-12-14' });
    const empty = context(keyOnly, { ...emptyDecision(), chosen: 'accept_with_deferral', deferralDates: { N: '' } });
    expect(validateDecision(empty)).toEqual({ [fieldKey.deferral('N')]: '请选择补交期限' });
  });
});

describe('the applicant’s messages', () => {
  it('name the missing person by role and take the address limit from the contract', () => {
    const base = emptyApplicant();
    const draft: ApplicantDraft = { ...base, hasAgent: true, person: { ...base.person, address: '址'.repeat(201) } };
    expect(applicantCheck('agent.name', draft, TODAY)?.('')).toBe('请输入代办人姓名');
    expect(applicantCheck('applicant.address', draft, TODAY)?.(draft.person.address)).toBe('地址不超过 200 字');
    expect(applicantCheck('applicant.mobile', draft, TODAY)?.('')).toBe('请输入手机号码');
    const core = coreSays(draft, {}, context({}, emptyDecision()));
    expect(core['agent.name']).toBe('请输入代办人姓名');
    expect(core['applicant.address']).toBe('地址不超过 200 字');
    const organisation: ApplicantDraft = { ...base, kind: 'organisation' };
    expect(applicantCheck('applicant.legalRepresentative', organisation, TODAY)?.('')).toBe('请输入法定代表人姓名');
    expect(applicantCheck('applicant.contactName', organisation, TODAY)?.('')).toBe('请输入联系人姓名');
  });
});
