import { CASE_STATUSES, CASE_STATUS_LABELS, type CaseAction, type CaseStatus } from '../../contract/cases';
import { CounterError } from '../../contract/errors';
import { decisionWords } from '../../contract/item-types';
import { assessIntake, emptyReceipt } from '../../contract/rules/material-assessment';
import type { BackOfficeDecidedPayload, BackOfficeStep, CaseEvent, CaseEventType } from './case-events';
import type { CaseState, Deferral } from './case-state';

/** States from which the applicant may withdraw and the office may terminate. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['received', 'correction_requested', 'accepted', 'in_review'];

/** Which status each event may follow (null: the case does not exist yet). */
const FROM: Record<CaseEventType, readonly (CaseStatus | null)[]> = {
  'case.received': [null],
  'case.accepted': ['received'],
  'case.correctionRequested': ['received'],
  // 逾期不补正: an applicant who never brings what the notice listed is refused too.
  'case.rejected': ['received', 'correction_requested'],
  'case.materialsSupplemented': ['correction_requested', 'accepted', 'in_review'],
  'case.reviewStarted': ['accepted'],
  'case.decided': ['accepted', 'in_review'],
  'case.delivered': ['decided'],
  'case.withdrawn': OPEN_STATUSES,
  'case.terminated': OPEN_STATUSES,
  'case.deadlineRecomputed': ['accepted', 'in_review'],
  // A copy of what was issued may be handed out again at any point of the case's life, closed too.
  'case.documentReprinted': CASE_STATUSES,
  // Which of these each back-office step may follow is decided by its step (backOfficeProblem).
  'case.backOfficeDecided': CASE_STATUSES,
  // A step the window could not record is noted whatever the case's state (that state is why).
  'case.backOfficeDecisionNotRecorded': CASE_STATUSES,
};

const EVENT_LABELS: Record<CaseEventType, string> = {
  'case.received': '收件',
  'case.accepted': '受理',
  'case.correctionRequested': '一次性告知补正',
  'case.rejected': '不予受理',
  'case.materialsSupplemented': '补交材料',
  'case.reviewStarted': '进入审查',
  'case.decided': '作出决定',
  'case.delivered': '送达办结',
  'case.withdrawn': '撤回',
  'case.terminated': '终止',
  'case.deadlineRecomputed': '重算办结期限',
  'case.documentReprinted': '补打',
  'case.backOfficeDecided': '后台办理',
  'case.backOfficeDecisionNotRecorded': '后台决定未记录',
};

export function caseEventLabel(type: CaseEventType): string {
  return EVENT_LABELS[type];
}

function illegal(state: CaseState | null, type: CaseEventType, why?: string): CounterError {
  const from = state ? CASE_STATUS_LABELS[state.status] : '（尚未收件）';
  const message = why ?? `办件当前状态为“${from}”，不能${EVENT_LABELS[type]}`;
  return new CounterError('illegal_transition', message, {
    details: { from: state?.status ?? null, event: type },
  });
}

/** The deferrals with the 暂定 marks a recompute gave them; unchanged when it gave none. */
function withDeferralMarks(
  deferrals: readonly Deferral[],
  marks: ReadonlyArray<{ materialId: string; dueProvisional: boolean }> | undefined,
): Deferral[] {
  if (marks === undefined) return [...deferrals];
  const byId = new Map(marks.map((m) => [m.materialId, m.dueProvisional]));
  return deferrals.map((d) => ({ ...d, dueProvisional: byId.get(d.materialId) ?? d.dueProvisional }));
}

function openDeferrals(state: CaseState): number {
  return state.deferrals.filter((d) => d.supplementedAt === null).length;
}

function materialName(state: CaseState, materialId: string): string {
  return state.item.materials.find((m) => m.id === materialId)?.name ?? materialId;
}

/**
 * Why a supplement of these materials may not be recorded now, or null. On a 补正 case only what
 * the notice listed may be brought (一次性告知: nothing else may be asked for, or changed, later);
 * on an accepted case only the deferred materials still open. Everything else stays as it was
 * when the case was accepted: a supplement must never make a key material incomplete behind the
 * acceptance.
 *
 * A rule for new commands, not part of the fold: histories stored before it (when the 补正 step
 * sent every material) must still replay.
 */
export function supplementProblem(state: CaseState, receipts: ReadonlyArray<{ materialId: string }>): CounterError | null {
  const may =
    state.status === 'correction_requested'
      ? // Free-text items (materialId null) sit in the set too; receipts always name a material.
        // Stryker disable next-line OptionalChaining,LogicalOperator,ArrayDeclaration: equivalent — a case in correction_requested always has its notice.
        new Set((state.correction?.items ?? []).map((i) => i.materialId))
      : new Set(state.deferrals.filter((d) => d.supplementedAt === null).map((d) => d.materialId));
  const outside = receipts.find((r) => !may.has(r.materialId));
  if (!outside) return null;
  return illegal(
    state,
    'case.materialsSupplemented',
    state.status === 'correction_requested'
      ? `“${materialName(state, outside.materialId)}”不在补正告知书所列材料之中，不能在补正时更改`
      : `“${materialName(state, outside.materialId)}”不是待补交的容缺材料，不能在受理后更改`,
  );
}

/** The statuses each back-office step may follow (issue 16), and what it is called in a refusal. */
const BACK_OFFICE_FROM: Record<BackOfficeStep['step'], { from: readonly CaseStatus[]; label: string }> = {
  // The back office may also decide without having said that it started the review.
  reviewStarted: { from: ['accepted'], label: '记录后台开始审查' },
  decided: { from: ['accepted', 'in_review'], label: '记录后台决定' },
  readyForPickup: { from: ['decided'], label: '记录结果待领取' },
};

/**
 * Why a back-office step may not follow the case's state, or null. Only the status is checked,
 * not the window's own guards on a decision (open 容缺 materials): the back office is the
 * authority that decides, and it may have received what the window still lists as missing.
 */
function backOfficeProblem(state: CaseState, step: BackOfficeStep['step']): CounterError | null {
  const rule = BACK_OFFICE_FROM[step];
  if (!rule.from.includes(state.status)) {
    return illegal(state, 'case.backOfficeDecided', `办件当前状态为“${CASE_STATUS_LABELS[state.status]}”，不能${rule.label}`);
  }
  if (step === 'reviewStarted' && state.item.caseType === 'immediate') {
    return illegal(state, 'case.backOfficeDecided', '即办件当场作出决定，不进入审查');
  }
  if (step === 'readyForPickup' && state.readyForPickup) {
    return illegal(state, 'case.backOfficeDecided', '办件结果已通知待领取');
  }
  return null;
}

/** Whether an event of this type may follow the case's status at all (before looking at payloads). */
export function statusProblem(state: CaseState | null, type: CaseEventType): CounterError | null {
  return FROM[type].includes(state?.status ?? null) ? null : illegal(state, type);
}

/**
 * Why `event` may not follow `state`, or null when it may. Covers the lifecycle diagram of
 * DOMAIN.md plus the guards that depend on more than the status.
 */
export function transitionProblem(state: CaseState | null, event: CaseEvent): CounterError | null {
  const byStatus = statusProblem(state, event.type);
  // Stryker disable next-line ConditionalExpression: equivalent — with no state only case.received passes the status check, and no guard below concerns it.
  if (byStatus || state === null) return byStatus;
  switch (event.type) {
    case 'case.decided':
      if (state.status === 'accepted' && state.item.caseType !== 'immediate') {
        return illegal(state, event.type, '承诺件须先进入审查，才能作出决定');
      }
      if (event.payload.outcome === 'approved') {
        // Named as the item's type names it: 不能准予许可 on a licence, 不能予以确认 on a 确认 …
        const approve = decisionWords(event.payload.itemType ?? state.item.itemType).approved;
        if (openDeferrals(state) > 0) {
          return illegal(state, event.type, `尚有 ${openDeferrals(state)} 项容缺材料未补齐，不能${approve}`);
        }
        const [firstIncomplete] = assessIntake(state.item.materials, state.receipts).toSupplement;
        if (firstIncomplete) {
          return illegal(state, event.type, `材料“${firstIncomplete.material.name}”不齐全，不能${approve}`);
        }
      }
      return null;
    case 'case.reviewStarted':
      if (state.item.caseType === 'immediate') {
        return illegal(state, event.type, '即办件当场作出决定，不进入审查');
      }
      return null;
    case 'case.backOfficeDecided':
      return backOfficeProblem(state, event.payload.step);
    case 'case.materialsSupplemented':
      if (state.status !== 'correction_requested' && openDeferrals(state) === 0) {
        return illegal(state, event.type, '该办件没有待补交的容缺材料');
      }
      return null;
    default:
      return null;
  }
}

function mergeReceipts(state: CaseState, update: CaseState['receipts']): CaseState['receipts'] {
  const byId = new Map(update.map((r) => [r.materialId, r]));
  return state.item.materials.map((m) => byId.get(m.id) ?? state.receipts.find((r) => r.materialId === m.id) ?? emptyReceipt(m.id));
}

/**
 * The fold: the state after `event`. Pure. Refuses an event the lifecycle does not allow, so
 * the same function guards new commands and replays stored history.
 */
export function applyCaseEvent(state: CaseState | null, event: CaseEvent): CaseState {
  const problem = transitionProblem(state, event);
  if (problem) throw problem;
  const at = event.occurredAt;

  if (event.type === 'case.received') {
    const p = event.payload;
    return {
      id: '', // set by foldCase / the command from the stream id
      caseNumber: p.caseNumber,
      hallCode: event.hallCode,
      windowNumber: event.windowNumber,
      receivedBy: event.staffId ?? '',
      receivedAt: at,
      receivedDate: p.receivedDate,
      item: p.item,
      applicant: p.applicant,
      agent: p.agent,
      checksumOverrides: p.checksumOverrides ?? [],
      receipts: p.receipts,
      status: 'received',
      acceptedAt: null,
      acceptanceDate: null,
      promisedDueDate: null,
      legalDueDate: null,
      promisedDueProvisional: false,
      legalDueProvisional: false,
      deferrals: [],
      correction: null,
      rejection: null,
      decision: null,
      delivery: null,
      closedAt: null,
      closeReason: null,
      version: 1,
    };
  }

  // transitionProblem returned null for a non-received event, so the case exists.
  const s = state as CaseState;
  const next: CaseState = { ...s, version: s.version + 1 };
  switch (event.type) {
    case 'case.accepted':
      return {
        ...next,
        status: 'accepted',
        acceptedAt: at,
        acceptanceDate: event.payload.acceptanceDate,
        promisedDueDate: event.payload.promisedDueDate,
        legalDueDate: event.payload.legalDueDate,
        promisedDueProvisional: event.payload.promisedDueProvisional,
        legalDueProvisional: event.payload.legalDueProvisional,
        deferrals: event.payload.deferrals.map((d) => ({
          materialId: d.materialId,
          name: d.name,
          dueDate: d.dueDate,
          dueProvisional: d.dueProvisional ?? false,
          supplementedAt: null,
        })),
        correction: null,
      };
    case 'case.correctionRequested':
      return {
        ...next,
        status: 'correction_requested',
        correction: { items: event.payload.items, note: event.payload.note, requestedAt: at },
      };
    case 'case.rejected':
      return {
        ...next,
        status: 'rejected',
        rejection: { ...event.payload, rejectedAt: at },
        closedAt: at,
      };
    case 'case.materialsSupplemented': {
      const receipts = mergeReceipts(s, event.payload.receipts);
      if (s.status === 'correction_requested') {
        // The corrected application is received again and awaits a new intake decision.
        return { ...next, status: 'received', receipts };
      }
      const assessment = assessIntake(s.item.materials, receipts);
      const stillOpen = new Set(assessment.toSupplement.map((a) => a.material.id));
      return {
        ...next,
        receipts,
        deferrals: s.deferrals.map((d) =>
          d.supplementedAt === null && !stillOpen.has(d.materialId) ? { ...d, supplementedAt: at } : d,
        ),
      };
    }
    case 'case.reviewStarted':
      return { ...next, status: 'in_review' };
    case 'case.decided':
      return { ...next, status: 'decided', decision: { ...event.payload, decidedAt: at } };
    case 'case.delivered':
      return { ...next, status: 'delivered', delivery: { ...event.payload, deliveredAt: at }, closedAt: at };
    case 'case.withdrawn':
      return { ...next, status: 'withdrawn', closedAt: at, closeReason: event.payload.reason };
    case 'case.terminated':
      return { ...next, status: 'terminated', closedAt: at, closeReason: event.payload.reason };
    case 'case.deadlineRecomputed':
      return {
        ...next,
        promisedDueDate: event.payload.promisedDueDate,
        legalDueDate: event.payload.legalDueDate,
        promisedDueProvisional: event.payload.promisedDueProvisional,
        legalDueProvisional: event.payload.legalDueProvisional,
        deferrals: withDeferralMarks(s.deferrals, event.payload.deferrals),
      };
    case 'case.documentReprinted':
    case 'case.backOfficeDecisionNotRecorded':
      return next;
    case 'case.backOfficeDecided':
      return foldBackOffice(next, event.payload);
  }
}

/** The state after a back-office step (its guard, backOfficeProblem, has passed). */
function foldBackOffice(next: CaseState, p: BackOfficeDecidedPayload): CaseState {
  switch (p.step) {
    case 'reviewStarted':
      return { ...next, status: 'in_review' };
    case 'decided':
      return {
        ...next,
        status: 'decided',
        decision: {
          outcome: p.outcome,
          itemType: p.itemType,
          reason: p.reason,
          legalBasis: p.legalBasis,
          decidedAt: p.decidedAt,
          decidedBy: p.decidedBy,
        },
      };
    case 'readyForPickup':
      return { ...next, readyForPickup: { at: p.decidedAt, by: p.decidedBy } };
  }
}

/** A case's state from its whole history. */
export function foldCase(caseId: string, events: readonly CaseEvent[]): CaseState {
  let state: CaseState | null = null;
  for (const event of events) state = applyCaseEvent(state, event);
  if (state === null) throw new Error(`case ${caseId} has no events`);
  return { ...state, id: caseId };
}

/** What the clerk may do next; the UI shows exactly these buttons. */
export function allowedActions(state: CaseState): CaseAction[] {
  const actions: CaseAction[] = [];
  const s = state.status;
  if (s === 'received') actions.push('decide_intake');
  if (s === 'correction_requested' || ((s === 'accepted' || s === 'in_review') && openDeferrals(state) > 0)) {
    actions.push('supplement_materials');
  }
  if (s === 'correction_requested') actions.push('reject_intake');
  if (s === 'accepted' && state.item.caseType !== 'immediate') actions.push('start_review');
  if (s === 'in_review' || (s === 'accepted' && state.item.caseType === 'immediate')) actions.push('decide');
  if (s === 'decided') actions.push('deliver');
  if (OPEN_STATUSES.includes(s)) actions.push('withdraw', 'terminate');
  return actions;
}
