import { describe, expect, it } from 'vitest';
import type { CaseStatus } from '../../../../electron/contract';
import { CounterError } from '../../../../electron/contract/errors';
import type { CaseEvent } from '../../../../electron/core/cases/case-events';
import { allowedActions, applyCaseEvent, caseEventLabel, foldCase, supplementProblem, transitionProblem } from '../../../../electron/core/cases/case-lifecycle';
import type { CaseState, ItemSnapshot } from '../../../../electron/core/cases/case-state';
import { caseEventMaker, foodLicenceAcceptance, foodLicenceSnapshot, HEALTH_CERTIFICATE_DEFERRAL } from '../../../support/case-events';

const ITEM = foodLicenceSnapshot();

const event = caseEventMaker('2026-11-23');

const received = (item: ItemSnapshot) =>
  event('case.received', {
    caseNumber: 'JQ-12-20261123-0001',
    receivedDate: '2026-11-23',
    item,
    applicant: { kind: 'person', name: '张三', idType: 'resident_id_card', idNumber: '11010519491231002X', mobile: '13812345678', address: '' },
    agent: null,
    receipts: [
      { materialId: 'K', received: true, form: 'original', copies: 1, defective: false, defectNote: '' },
      { materialId: 'N', received: false, form: null, copies: 0, defective: false, defectNote: '' },
    ],
  });
const accepted = (deferred: boolean) =>
  event('case.accepted', foodLicenceAcceptance(deferred ? [HEALTH_CERTIFICATE_DEFERRAL] : []));
const supplemented = () =>
  event('case.materialsSupplemented', { receipts: [{ materialId: 'N', received: true, form: 'copy', copies: 1, defective: false, defectNote: '' }] });

type Deferral = 'none' | 'open' | 'supplemented';

function stateOf(status: CaseStatus, caseType: ItemSnapshot['caseType'], deferral: Deferral): CaseState {
  const item = { ...ITEM, caseType };
  const start = [received(item)];
  const acc = [...start, accepted(deferral !== 'none'), ...(deferral === 'supplemented' ? [supplemented()] : [])];
  const paths: Record<CaseStatus, CaseEvent[]> = {
    received: start,
    correction_requested: [...start, event('case.correctionRequested', { items: [{ materialId: 'N', name: '健康证明', instruction: '补交' }], note: '' })],
    rejected: [...start, event('case.rejected', { reasonId: null, reason: '不属于本机关职权', legalBasis: '行政许可法第三十二条' })],
    accepted: acc,
    in_review: [...acc, event('case.reviewStarted', {})],
    decided: [...acc, event('case.reviewStarted', {}), event('case.decided', { outcome: 'refused', reason: '不符合条件', legalBasis: '第十二条' })],
    delivered: [
      ...acc,
      event('case.reviewStarted', {}),
      event('case.decided', { outcome: 'refused', reason: '不符合条件', legalBasis: '第十二条' }),
      event('case.delivered', { method: 'window', recipientName: '张三', address: '', trackingNumber: '' }),
    ],
    withdrawn: [...start, event('case.withdrawn', { reason: '申请人撤回' })],
    terminated: [...start, event('case.terminated', { reason: '逾期未补正' })],
  };
  return foldCase('case-1', paths[status]);
}

/**
 * The buttons of each status, written out by hand (DOMAIN.md): 补交 only while something is
 * owed (a 补正 notice, or a 容缺 material not yet in); 即办件 are decided straight after
 * acceptance, without a review step.
 */
const EXPECTED: Array<[CaseStatus, 'promised' | 'immediate', Deferral, string[]]> = [
  ['received', 'promised', 'none', ['decide_intake', 'withdraw', 'terminate']],
  ['correction_requested', 'promised', 'none', ['supplement_materials', 'reject_intake', 'withdraw', 'terminate']],
  ['accepted', 'promised', 'none', ['start_review', 'withdraw', 'terminate']],
  ['accepted', 'promised', 'open', ['supplement_materials', 'start_review', 'withdraw', 'terminate']],
  ['accepted', 'promised', 'supplemented', ['start_review', 'withdraw', 'terminate']],
  ['received', 'immediate', 'none', ['decide_intake', 'withdraw', 'terminate']],
  ['accepted', 'immediate', 'none', ['decide', 'withdraw', 'terminate']],
  ['accepted', 'immediate', 'open', ['supplement_materials', 'decide', 'withdraw', 'terminate']],
  ['in_review', 'promised', 'none', ['decide', 'withdraw', 'terminate']],
  ['in_review', 'promised', 'open', ['supplement_materials', 'decide', 'withdraw', 'terminate']],
  ['in_review', 'promised', 'supplemented', ['decide', 'withdraw', 'terminate']],
  ['decided', 'promised', 'none', ['deliver']],
  ['decided', 'promised', 'open', ['deliver']],
  ['correction_requested', 'immediate', 'none', ['supplement_materials', 'reject_intake', 'withdraw', 'terminate']],
  ['rejected', 'promised', 'none', []],
  ['delivered', 'promised', 'none', []],
  ['withdrawn', 'promised', 'none', []],
  ['terminated', 'promised', 'none', []],
];

describe('what the clerk may do next', () => {
  it.each(EXPECTED)('%s %s case, deferral %s', (status, caseType, deferral, actions) => {
    const state = stateOf(status, caseType, deferral);
    expect(state.status).toBe(status);
    expect(allowedActions(state)).toEqual(actions);
  });
});

describe('folding a history', () => {
  it('marks a deferred material supplemented once it comes in, and only that one', () => {
    const state = stateOf('accepted', 'promised', 'supplemented');
    expect(state.deferrals).toEqual([
      expect.objectContaining({ materialId: 'N', dueDate: '2026-11-27', supplementedAt: expect.any(String), dueProvisional: false }),
    ]);
    const open = stateOf('accepted', 'promised', 'open');
    expect(open.deferrals).toEqual([expect.objectContaining({ materialId: 'N', supplementedAt: null, dueProvisional: false })]);
  });

  it('keeps the notice and the rejection as recorded', () => {
    expect(stateOf('correction_requested', 'promised', 'none').correction).toEqual({
      items: [{ materialId: 'N', name: '健康证明', instruction: '补交' }],
      note: '',
      requestedAt: expect.any(String),
    });
    expect(stateOf('rejected', 'promised', 'none').rejection).toEqual({
      reasonId: null,
      reason: '不属于本机关职权',
      legalBasis: '行政许可法第三十二条',
      rejectedAt: expect.any(String),
    });
    expect(stateOf('delivered', 'promised', 'none').delivery).toEqual({
      method: 'window',
      recipientName: '张三',
      address: '',
      trackingNumber: '',
      deliveredAt: expect.any(String),
    });
  });

  it('starts a case with its id, its receiver and no deadlines marked 暂定', () => {
    const state = foldCase('case-7', [received(ITEM)]);
    expect(state).toMatchObject({ id: 'case-7', receivedBy: 's1', deferrals: [], promisedDueProvisional: false, legalDueProvisional: false });
    const bySystem = foldCase('case-8', [{ ...received(ITEM), staffId: null } as CaseEvent]);
    expect(bySystem.receivedBy).toBe('');
    const acc = foldCase('case-9', [received(ITEM), accepted(false)]);
    expect(acc).toMatchObject({ promisedDueProvisional: false, legalDueProvisional: false });
  });

  it('refuses an empty history, naming the case', () => {
    expect(() => foldCase('case-x', [])).toThrow('case case-x has no events');
  });

  it('refuses an event that does not fit, saying from where and what', () => {
    const state = stateOf('decided', 'promised', 'none');
    let err: unknown;
    try {
      applyCaseEvent(state, event('case.reviewStarted', {}));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CounterError);
    expect((err as CounterError).code).toBe('illegal_transition');
    expect((err as CounterError).details).toEqual({ from: 'decided', event: 'case.reviewStarted' });
    let first: unknown;
    try {
      applyCaseEvent(null, event('case.reviewStarted', {}));
    } catch (e) {
      first = e;
    }
    expect((first as CounterError).details).toEqual({ from: null, event: 'case.reviewStarted' });
    expect((first as CounterError).message).toContain('（尚未收件）');
  });
});

describe('deferrals over time', () => {
  const TWO: ItemSnapshot = {
    ...ITEM,
    materials: [...ITEM.materials, { id: 'M', name: '营业执照', form: 'copy', copies: 1, required: true, key: false, note: null }],
  };
  const acceptedWithTwo = () =>
    foldCase('case-2', [
      received(TWO),
      event(
        'case.accepted',
        foodLicenceAcceptance([HEALTH_CERTIFICATE_DEFERRAL, { materialId: 'M', name: '营业执照', dueDate: '2026-11-27' }]),
      ),
    ]);
  const recompute = (deferrals?: Array<{ materialId: string; dueProvisional: boolean }>) =>
    event('case.deadlineRecomputed', {
      promisedDueDate: '2026-12-01',
      legalDueDate: '2026-12-08',
      promisedDueProvisional: true,
      legalDueProvisional: false,
      previous: { promisedDueDate: '2026-11-30', legalDueDate: '2026-12-07', promisedDueProvisional: false, legalDueProvisional: false },
      calendarYears: [2027],
      ...(deferrals ? { deferrals } : {}),
    });

  it('keeps the day a deferred material was first brought when another comes later', () => {
    const first = applyCaseEvent(acceptedWithTwo(), supplemented());
    const broughtAt = first.deferrals[0]?.supplementedAt;
    expect(broughtAt).toEqual(expect.any(String));
    const later = applyCaseEvent(
      first,
      event('case.materialsSupplemented', { receipts: [{ materialId: 'M', received: true, form: 'copy', copies: 1, defective: false, defectNote: '' }] }),
    );
    expect(later.deferrals[0]?.supplementedAt).toBe(broughtAt);
    expect(later.deferrals[1]?.supplementedAt).toEqual(expect.any(String));
    expect(later.deferrals[1]?.supplementedAt).not.toBe(broughtAt);
  });

  it('closes only the deferred material that was brought', () => {
    const state = applyCaseEvent(acceptedWithTwo(), supplemented());
    // The receipts keep one per material, the brought one replaced, the others as they were.
    expect(state.receipts.map((r) => [r.materialId, r.received])).toEqual([
      ['K', true],
      ['N', true],
      ['M', false],
    ]);
    expect(state.deferrals.map((d) => [d.materialId, d.supplementedAt !== null])).toEqual([
      ['N', true],
      ['M', false],
    ]);
    expect(allowedActions(state)).toContain('supplement_materials');
  });

  it('takes the 暂定 marks a recompute gives, per material, and keeps them when it gives none', () => {
    const before = acceptedWithTwo();
    expect(before.deferrals.map((d) => d.dueProvisional)).toEqual([false, false]);
    const marked = applyCaseEvent(before, recompute([{ materialId: 'M', dueProvisional: true }]));
    expect(marked).toMatchObject({ promisedDueDate: '2026-12-01', legalDueDate: '2026-12-08', promisedDueProvisional: true, legalDueProvisional: false });
    expect(marked.deferrals.map((d) => [d.materialId, d.dueProvisional, d.dueDate])).toEqual([
      ['N', false, '2026-11-27'],
      ['M', true, '2026-11-27'],
    ]);
    const unmarked = applyCaseEvent(marked, recompute());
    expect(unmarked.deferrals).toEqual(marked.deferrals);
    const cleared = applyCaseEvent(marked, recompute([{ materialId: 'M', dueProvisional: false }]));
    expect(cleared.deferrals.map((d) => d.dueProvisional)).toEqual([false, false]);
  });

  it('refuses approval while a material is incomplete, naming it', () => {
    // Accepted without a deferral although 健康证明 is missing (a history from before the rule).
    const state = foldCase('case-3', [received(ITEM), accepted(false), event('case.reviewStarted', {})]);
    const problem = transitionProblem(state, event('case.decided', { outcome: 'approved', reason: '', legalBasis: '' }));
    expect(problem?.message).toMatch(/^材料“健康证明”不齐全，不能/);
    // In the words of the item's type: the decision's own type first, else the item's.
    const licence = foldCase('case-4', [received({ ...ITEM, itemType: 'levy' }), accepted(false), event('case.reviewStarted', {})]);
    expect(transitionProblem(licence, event('case.decided', { outcome: 'approved', reason: '', legalBasis: '' }))?.message).toBe('材料“健康证明”不齐全，不能予以征收');
    expect(transitionProblem(licence, event('case.decided', { outcome: 'approved', reason: '', legalBasis: '', itemType: 'licensing' }))?.message).toBe(
      '材料“健康证明”不齐全，不能准予许可',
    );
  });
});

describe('the rules beside the fold', () => {
  it('name events in the words of the case history', () => {
    expect(caseEventLabel('case.withdrawn')).toBe('撤回');
    expect(caseEventLabel('case.deadlineRecomputed')).toBe('重算办结期限');
  });

  it('start a case without an id (the stream gives it) and without checksum overrides', () => {
    const first = applyCaseEvent(null, received(ITEM));
    expect(first.id).toBe('');
    expect(first.checksumOverrides).toEqual([]);
  });

  it('allow what the status allows, with null (not merely nothing) for no problem', () => {
    expect(transitionProblem(stateOf('accepted', 'promised', 'none'), event('case.withdrawn', { reason: '申请人撤回' }))).toBeNull();
    expect(transitionProblem(null, received(ITEM))).toBeNull();
    expect(transitionProblem(null, event('case.withdrawn', { reason: '申请人撤回' }))?.details).toEqual({ from: null, event: 'case.withdrawn' });
  });

  it('refuse supplementing a deferred material already brought, saying which event', () => {
    const state = applyCaseEvent(stateOf('accepted', 'promised', 'open'), supplemented());
    const problem = supplementProblem(state, [{ materialId: 'N' }]);
    expect(problem?.message).toBe('“健康证明”不是待补交的容缺材料，不能在受理后更改');
    expect(problem?.details).toEqual({ from: 'accepted', event: 'case.materialsSupplemented' });
    expect(supplementProblem(stateOf('accepted', 'promised', 'open'), [{ materialId: 'N' }])).toBeNull();
    // A material the item does not have is named by its id.
    expect(supplementProblem(stateOf('accepted', 'promised', 'open'), [{ materialId: 'X9' }])?.message).toBe('“X9”不是待补交的容缺材料，不能在受理后更改');
  });

  it('after a 补正 notice, allow exactly the listed materials', () => {
    const state = stateOf('correction_requested', 'promised', 'none');
    expect(supplementProblem(state, [{ materialId: 'N' }])).toBeNull();
    expect(supplementProblem(state, [{ materialId: 'K' }])?.message).toBe('“申请书”不在补正告知书所列材料之中，不能在补正时更改');
  });
});

