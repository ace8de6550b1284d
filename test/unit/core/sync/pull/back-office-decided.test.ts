import { describe, expect, it } from 'vitest';
import { CounterError } from '../../../../../electron/contract/errors';
import type { BackOfficeStep, CaseEvent } from '../../../../../electron/core/cases/case-events';
import { allowedActions, applyCaseEvent, foldCase } from '../../../../../electron/core/cases/case-lifecycle';
import { toTimeline } from '../../../../../electron/core/cases/case-view';
import { caseEventMaker, foodLicenceAcceptance, foodLicenceSnapshot, HEALTH_CERTIFICATE_DEFERRAL } from '../../../../support/case-events';

// The fold of a back-office step pulled from the upstream (issue 16): what each step does to the
// case, which states refuse it (the pull then records it as skipped), and how the timeline says it.

const event = caseEventMaker('2026-11-23');
const received = (caseType: 'promised' | 'immediate' = 'promised') =>
  event('case.received', {
    caseNumber: 'JQ-12-20261123-0001',
    receivedDate: '2026-11-23',
    item: { ...foodLicenceSnapshot(), caseType },
    applicant: { kind: 'person', name: '张三', idType: 'resident_id_card', idNumber: '11010519491231002X', mobile: '13812345678', address: '' },
    agent: null,
    receipts: [
      { materialId: 'K', received: true, form: 'original', copies: 1, defective: false, defectNote: '' },
      { materialId: 'N', received: false, form: null, copies: 0, defective: false, defectNote: '' },
    ],
  });
const accepted = () => event('case.accepted', foodLicenceAcceptance([HEALTH_CERTIFICATE_DEFERRAL]));
const backOffice = (step: BackOfficeStep, decidedAt = '2026-11-25T02:00:00.000Z'): CaseEvent =>
  event('case.backOfficeDecided', { ...step, changeId: 'c0ffee00-0000-4000-8000-000000000001', decidedAt, decidedBy: '区市场监督管理局审批科' }, null);
const approved: BackOfficeStep = { step: 'decided', outcome: 'approved', itemType: 'licensing', reason: '', legalBasis: '' };

describe('a back-office step folded into the case', () => {
  it('starts the review, decides with the back office’s time and name, then marks the result ready for pickup', () => {
    const history = [received(), accepted(), backOffice({ step: 'reviewStarted' })];
    expect(foldCase('c', history).status).toBe('in_review');
    const refused = backOffice({ step: 'decided', outcome: 'refused', itemType: 'licensing', reason: '场所不符合要求', legalBasis: '第十一条' });
    const decided = foldCase('c', [...history, refused]);
    expect(decided.status).toBe('decided');
    expect(decided.decision).toEqual({
      outcome: 'refused',
      itemType: 'licensing',
      reason: '场所不符合要求',
      legalBasis: '第十一条',
      decidedAt: '2026-11-25T02:00:00.000Z',
      decidedBy: '区市场监督管理局审批科',
    });
    expect(allowedActions(decided)).toEqual(['deliver']);
    const ready = foldCase('c', [...history, refused, backOffice({ step: 'readyForPickup' }, '2026-11-26T01:00:00.000Z')]);
    expect(ready).toMatchObject({ status: 'decided', readyForPickup: { at: '2026-11-26T01:00:00.000Z', by: '区市场监督管理局审批科' } });
  });

  it('decides without a review step of its own, and despite a 容缺 material the window still lists (the back office decides)', () => {
    const state = foldCase('c', [received(), accepted()]);
    expect(state.deferrals.filter((d) => d.supplementedAt === null)).toHaveLength(1);
    expect(applyCaseEvent(state, backOffice(approved)).decision?.outcome).toBe('approved');
  });

  it.each([
    ['a case not yet accepted', () => [received()], { step: 'reviewStarted' } as BackOfficeStep, /已收件.*不能记录后台开始审查/],
    ['a case already decided', () => [received(), accepted(), backOffice(approved)], approved, /已决定.*不能记录后台决定/],
    ['a case in review asked for pickup', () => [received(), accepted(), backOffice({ step: 'reviewStarted' })], { step: 'readyForPickup' } as BackOfficeStep, /审查中.*不能记录结果待领取/],
    ['a 即办件 asked to start a review', () => [received('immediate'), accepted()], { step: 'reviewStarted' } as BackOfficeStep, /即办件/],
    ['a result already ready', () => [received(), accepted(), backOffice(approved), backOffice({ step: 'readyForPickup' })], { step: 'readyForPickup' } as BackOfficeStep, /已通知待领取/],
  ])('refuses a step on %s, in words', (_, history, step, words) => {
    const state = foldCase('c', history());
    const apply = () => applyCaseEvent(state, backOffice(step));
    expect(apply).toThrow(CounterError);
    expect(apply).toThrow(words);
  });

  it('refuses every step on a delivered, withdrawn or rejected case', () => {
    const withdrawn = foldCase('c', [received(), event('case.withdrawn', { reason: '申请人撤回' })]);
    for (const step of [{ step: 'reviewStarted' }, approved, { step: 'readyForPickup' }] as BackOfficeStep[]) {
      expect(() => applyCaseEvent(withdrawn, backOffice(step))).toThrow(/已撤回/);
    }
  });

  it('is told on the timeline by the system, naming the department and the decision’s words', () => {
    const events = [backOffice({ step: 'reviewStarted' }), backOffice(approved), backOffice({ step: 'readyForPickup' })];
    const lines = toTimeline(events, new Map(), new Map(), 'licensing').map((e) => [e.title, e.staffName, ...e.lines]);
    expect(lines).toEqual([
      ['后台开始审查', '系统', '办理部门：区市场监督管理局审批科'],
      ['后台作出决定：准予许可', '系统', '办理部门：区市场监督管理局审批科'],
      ['办结待领取', '系统', '办理部门：区市场监督管理局审批科', '办理结果已可到窗口领取'],
    ]);
  });
});
