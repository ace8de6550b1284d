import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, type CaseStatus } from '../../../../electron/contract';
import { CounterError } from '../../../../electron/contract/errors';
import type { CaseEvent, CaseEventType } from '../../../../electron/core/cases/case-events';
import { CASE_EVENT_TYPES } from '../../../../electron/core/cases/case-events';
import { allowedActions, applyCaseEvent, foldCase, supplementProblem } from '../../../../electron/core/cases/case-lifecycle';
import type { CaseState } from '../../../../electron/core/cases/case-state';
import { caseEventMaker, foodLicenceAcceptance, foodLicenceSnapshot, HEALTH_CERTIFICATE_DEFERRAL } from '../../../support/case-events';

const ITEM = foodLicenceSnapshot();

const event = caseEventMaker('2026-11-23');

const received = () =>
  event('case.received', {
    caseNumber: 'JQ-12-20261123-0001',
    receivedDate: '2026-11-23',
    item: ITEM,
    applicant: { kind: 'person', name: '张三', idType: 'resident_id_card', idNumber: '11010519491231002X', mobile: '13812345678', address: '' },
    agent: null,
    receipts: [
      { materialId: 'K', received: true, form: 'original', copies: 1, defective: false, defectNote: '' },
      { materialId: 'N', received: false, form: null, copies: 0, defective: false, defectNote: '' },
    ],
  });
const accepted = (deferred = false) =>
  event('case.accepted', foodLicenceAcceptance(deferred ? [HEALTH_CERTIFICATE_DEFERRAL] : []));
const body: Record<CaseEventType, () => CaseEvent> = {
  'case.received': received,
  'case.accepted': () => accepted(),
  'case.correctionRequested': () => event('case.correctionRequested', { items: [{ materialId: 'N', name: '健康证明', instruction: '补交' }], note: '' }),
  'case.rejected': () => event('case.rejected', { reasonId: null, reason: '不属于本机关职权', legalBasis: '行政许可法第三十二条' }),
  'case.materialsSupplemented': () =>
    event('case.materialsSupplemented', { receipts: [{ materialId: 'N', received: true, form: 'copy', copies: 1, defective: false, defectNote: '' }] }),
  'case.reviewStarted': () => event('case.reviewStarted', {}),
  'case.decided': () => event('case.decided', { outcome: 'refused', reason: '不符合条件', legalBasis: '第十二条' }),
  'case.delivered': () => event('case.delivered', { method: 'window', recipientName: '张三', address: '', trackingNumber: '' }),
  'case.withdrawn': () => event('case.withdrawn', { reason: '申请人撤回' }),
  'case.terminated': () => event('case.terminated', { reason: '逾期未补正' }),
  'case.deadlineRecomputed': () =>
    event('case.deadlineRecomputed', {
      promisedDueDate: '2026-12-01',
      legalDueDate: '2026-12-08',
      promisedDueProvisional: false,
      legalDueProvisional: false,
      previous: { promisedDueDate: '2026-11-30', legalDueDate: '2026-12-07', promisedDueProvisional: true, legalDueProvisional: true },
      calendarYears: [2027],
    }),  'case.documentReprinted': () =>
    event('case.documentReprinted', { documentId: 'd1', documentKind: 'acceptanceReceipt', documentNumber: null, jobId: 'j1' }),
  'case.backOfficeDecided': () =>
    event('case.backOfficeDecided', {
      step: 'decided',
      outcome: 'refused',
      itemType: null,
      reason: '不符合条件',
      legalBasis: '第十二条',
      changeId: '5c0f4a52-8f8e-4a86-9d7a-3f1f4f1d3b10',
      decidedAt: '2026-11-25T02:00:00.000Z',
      decidedBy: '市场监管局审批科',
    }),
  'case.backOfficeDecisionNotRecorded': () =>
    event('case.backOfficeDecisionNotRecorded', {
      changeId: '5c0f4a52-8f8e-4a86-9d7a-3f1f4f1d3b11',
      step: 'decided',
      decidedAt: '2026-11-25T02:00:00.000Z',
      decidedBy: '市场监管局审批科',
      reason: '办件当前状态为“已撤回”，不能记录后台决定',
    }),
};

/** A history that brings a promised case (with a 容缺 deferral where useful) to each status. */
const PATHS: Record<CaseStatus, () => CaseEvent[]> = {
  received: () => [received()],
  correction_requested: () => [received(), body['case.correctionRequested']()],
  rejected: () => [received(), body['case.rejected']()],
  accepted: () => [received(), accepted(true)],
  in_review: () => [received(), accepted(true), body['case.reviewStarted']()],
  decided: () => [received(), accepted(), body['case.reviewStarted'](), body['case.decided']()],
  delivered: () => [received(), accepted(), body['case.reviewStarted'](), body['case.decided'](), body['case.delivered']()],
  withdrawn: () => [received(), body['case.withdrawn']()],
  terminated: () => [received(), body['case.terminated']()],
};

/**
 * DOMAIN.md's lifecycle: which event may follow which status. Beyond its diagram, 不予受理 may
 * also end a case still waiting for 补正 (逾期未补正, the shipped reasons' own words).
 */
const LEGAL: Record<CaseEventType, readonly CaseStatus[]> = {
  'case.received': [],
  'case.accepted': ['received'],
  'case.correctionRequested': ['received'],
  'case.rejected': ['received', 'correction_requested'],
  'case.materialsSupplemented': ['correction_requested', 'accepted', 'in_review'],
  'case.reviewStarted': ['accepted'],
  'case.decided': ['in_review'],
  'case.delivered': ['decided'],
  'case.withdrawn': ['received', 'correction_requested', 'accepted', 'in_review'],
  'case.terminated': ['received', 'correction_requested', 'accepted', 'in_review'],
  'case.deadlineRecomputed': ['accepted', 'in_review'],  // A copy of what was issued may be handed out again whatever the case's status.
  'case.documentReprinted': [...CASE_STATUSES],
  // The back office decides without the window's review step (its other steps: back-office tests).
  'case.backOfficeDecided': ['accepted', 'in_review'],
  // A step the window could not record is noted whatever the status (the status is why).
  'case.backOfficeDecisionNotRecorded': [...CASE_STATUSES],
};

function stateAt(status: CaseStatus): CaseState {
  const state = foldCase('case-1', PATHS[status]());
  expect(state.status).toBe(status);
  return state;
}

describe('the case lifecycle', () => {
  for (const status of CASE_STATUSES) {
    for (const type of CASE_EVENT_TYPES) {
      const legal = LEGAL[type].includes(status);
      it(`${legal ? 'allows' : 'refuses'} ${type} on a ${status} case`, () => {
        const state = stateAt(status);
        const apply = () => applyCaseEvent(state, body[type]());
        if (legal) {
          expect(apply().version).toBe(state.version + 1);
        } else {
          expect(apply).toThrow(CounterError);
          try {
            apply();
          } catch (err) {
            expect((err as CounterError).code).toBe('illegal_transition');
            expect((err as CounterError).message.length).toBeGreaterThan(4);
          }
        }
      });
    }
  }

  it('notes a back-office step the window could not record without changing the case', () => {
    const withdrawn = stateAt('withdrawn');
    const noted = applyCaseEvent(withdrawn, body['case.backOfficeDecisionNotRecorded']());
    expect(noted).toEqual({ ...withdrawn, version: withdrawn.version + 1 });
  });

  it('allows received only as the first event', () => {
    expect(applyCaseEvent(null, received()).status).toBe('received');
    expect(() => applyCaseEvent(null, accepted())).toThrow(/不能受理/);
  });

  it('decides a 即办件 straight from accepted, never a 承诺件', () => {
    const immediate = { ...ITEM, caseType: 'immediate' as const };
    const state = foldCase('c', [{ ...received(), payload: { ...(received().payload as object), item: immediate } } as CaseEvent, accepted()]);
    expect(applyCaseEvent(state, body['case.decided']()).status).toBe('decided');
    expect(() => applyCaseEvent(stateAt('accepted'), body['case.decided']())).toThrow(/审查/);
  });

  it('refuses approval while a 容缺 material is outstanding, and allows it once supplemented', () => {
    const review = stateAt('in_review');
    const approve = () => event('case.decided', { outcome: 'approved', reason: '', legalBasis: '' });
    expect(() => applyCaseEvent(review, approve())).toThrow(/容缺/);
    const supplemented = applyCaseEvent(review, body['case.materialsSupplemented']());
    expect(supplemented.deferrals[0]?.supplementedAt).not.toBeNull();
    expect(applyCaseEvent(supplemented, approve()).decision?.outcome).toBe('approved');
  });

  it('reopens a correction-requested case as received when materials are supplemented', () => {
    const next = applyCaseEvent(stateAt('correction_requested'), body['case.materialsSupplemented']());
    expect(next.status).toBe('received');
    expect(next.receipts.find((r) => r.materialId === 'N')?.received).toBe(true);
  });

  it('lets a supplement after acceptance record only the deferred materials still open', () => {
    const keyMadeMissing = [
      { materialId: 'N', received: true, form: 'copy' as const, copies: 1, defective: false, defectNote: '' },
      { materialId: 'K', received: false, form: null, copies: 0, defective: false, defectNote: '' },
    ];
    for (const status of ['accepted', 'in_review'] as const) {
      const problem = supplementProblem(stateAt(status), keyMadeMissing);
      expect(problem?.code).toBe('illegal_transition');
      expect(problem?.message).toContain('“申请书”不是待补交的容缺材料');
      expect(supplementProblem(stateAt(status), keyMadeMissing.slice(0, 1))).toBeNull();
    }
    const supplemented = applyCaseEvent(stateAt('in_review'), body['case.materialsSupplemented']());
    // Once brought, the deferred material is closed too: nothing is left to supplement.
    expect(() => applyCaseEvent(supplemented, body['case.materialsSupplemented']())).toThrow(/没有待补交的容缺材料/);
  });

  it('lets a 补正 supplement record only what the correction notice listed', () => {
    const unlisted = [{ materialId: 'K', received: true, form: 'original' as const, copies: 1, defective: true, defectNote: '未签字' }];
    expect(supplementProblem(stateAt('correction_requested'), unlisted)?.message).toContain('“申请书”不在补正告知书所列材料之中');
  });

  it('still replays a 补正 stored before supplements were held to the notice', () => {
    // Until then the 补正 step sent every material of the item, listed or not.
    const everything = event('case.materialsSupplemented', {
      receipts: [
        { materialId: 'K', received: true, form: 'original', copies: 1, defective: false, defectNote: '' },
        { materialId: 'N', received: true, form: 'copy', copies: 1, defective: false, defectNote: '' },
      ],
    });
    const state = foldCase('old', [...PATHS.correction_requested(), everything, accepted()]);
    expect(state.status).toBe('accepted');
  });

  it('never approves a case whose required materials are not all complete', () => {
    // Only a damaged or hand-made history can get here; the fold refuses it all the same.
    const review = stateAt('in_review');
    const broken: CaseState = {
      ...review,
      deferrals: [],
      receipts: review.receipts.map((r) => (r.materialId === 'K' ? { ...r, received: false, form: null, copies: 0 } : r)),
    };
    expect(() => applyCaseEvent(broken, event('case.decided', { outcome: 'approved', reason: '', legalBasis: '' }))).toThrow(
      /“申请书”不齐全/,
    );
    expect(applyCaseEvent(broken, body['case.decided']()).decision?.outcome).toBe('refused');
  });

  it('never sends a 即办件 into review', () => {
    const immediate = { ...ITEM, caseType: 'immediate' as const };
    const state = foldCase('c', [{ ...received(), payload: { ...(received().payload as object), item: immediate } } as CaseEvent, accepted()]);
    expect(() => applyCaseEvent(state, body['case.reviewStarted']())).toThrow(/即办件/);
    expect(allowedActions(state)).toEqual(['decide', 'withdraw', 'terminate']);
  });

  it('offers exactly the actions the lifecycle allows', () => {
    expect(allowedActions(stateAt('correction_requested'))).toEqual(['supplement_materials', 'reject_intake', 'withdraw', 'terminate']);
    expect(allowedActions(stateAt('received'))).toEqual(['decide_intake', 'withdraw', 'terminate']);
    expect(allowedActions(stateAt('accepted'))).toEqual(['supplement_materials', 'start_review', 'withdraw', 'terminate']);
    expect(allowedActions(stateAt('decided'))).toEqual(['deliver']);
    for (const closed of ['rejected', 'delivered', 'withdrawn', 'terminated'] as const) expect(allowedActions(stateAt(closed))).toEqual([]);
  });

  it('folds the same history to the same state, whatever objects it is given', () => {
    const history = PATHS.delivered();
    expect(foldCase('x', history)).toEqual(foldCase('x', JSON.parse(JSON.stringify(history)) as CaseEvent[]));
  });
});
