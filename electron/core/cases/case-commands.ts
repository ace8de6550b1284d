import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { BackOfficeStepSchema } from '../../contract/sync/pull';
import type { CaseTicket, IntakeDecision } from '../../contract/cases';
import { confirmedChecksumFields } from '../../contract/checksum-overrides';
import type { ParsedArgs } from '../../contract/methods';
import { calendarDateIn } from '../../contract/dates';
import { CounterError } from '../../contract/errors';
import { addWorkingDays, type WorkCalendar } from '../calendar';
import type { CaseChangeBus } from '../assembly/case-change-bus';
import type { RejectionReason } from '../catalog/catalog-file-schema';
import { rejectionReasonProblem } from '../catalog/rejection-reasons';
import type { Clock } from '../clock';
import { appendEvent } from '../events/event-store';
import { newId } from '../ids/new-id';
import type { OnDuty } from '../staff/session-manager';
import type { Db } from '../storage/database';
import type { WindowIdentity } from '../window-identity';
import type { BackOfficeDecidedPayload, BackOfficeDecisionNotRecordedPayload, CaseEvent, CaseEventPayloads, CaseEventType } from './case-events';
import { applyCaseEvent, statusProblem, supplementProblem } from './case-lifecycle';
import { caseNumberPrefix, takeCaseNumber } from './case-number';
import {
  findIntakeRequest,
  loadCaseState,
  recordIntakeRequest,
  saveCaseProjection,
} from './case-repository';
import { caseItemType } from './case-item-type';
import type { CaseState, ItemSnapshot } from './case-state';
import { deferralDays } from './deferral-days';
import { intakeDecisionEvent, normaliseReceipts, type DueDates } from './intake-rules';

/** What the case commands need of the catalog. */
export interface ItemLookup {
  itemVersion(code: string, version: number): { snapshot: ItemSnapshot; inForce: boolean } | null;
  /** Whether this window handles the item (its departments / item codes; empty = all). */
  servedHere(snapshot: ItemSnapshot): boolean;
}

export interface CaseCommandContext {
  db: Db;
  clock: Clock;
  window: WindowIdentity;
  calendar: () => WorkCalendar;
  items: ItemLookup;
  /** The shipped 不予受理 reasons a decision may name, each for the item types whose law it cites. */
  rejectionReasons: readonly RejectionReason[];
  /**
   * Where each committed change goes: the modules' in-transaction and after-commit subscribers.
   * Every command runs its write in `caseChanges.run` (case-change-bus.ts), so what it commits
   * reaches them inside the transaction and, after the outermost commit, outside it.
   */
  caseChanges: CaseChangeBus;
  /**
   * The hall-queue ticket at this window's counter now (issue 17 §3), or null: recorded on the
   * case's `case.accepted`. Read synchronously inside the write; the composition root wires it
   * to the queue module's public surface (cases know nothing of the queue's internals).
   */
  currentTicket?: () => CaseTicket | null;
}

/**
 * The decision event with the ticket at the counter put on it when it accepts the case (a
 * correction notice or a refusal carries none: the case is not accepted for that ticket).
 */
export function withTicket<B extends { type: CaseEventType; payload: object }>(body: B, ticket: CaseTicket | null): B {
  if (body.type !== 'case.accepted' || ticket === null) return body;
  return { ...body, payload: { ...body.payload, ticket: { ticketId: ticket.ticketId, serviceDay: ticket.serviceDay, number: ticket.number } } };
}

/** The ticket at the counter, or null when none (or the queue could not say: the case is accepted all the same). */
function ticketAtCounter(ctx: CaseCommandContext): CaseTicket | null {
  try {
    return ctx.currentTicket?.() ?? null;
  } catch {
    return null;
  }
}

/** A 不予受理 may name only a stock reason that exists and applies to the item's type. */
function refuseUnfitReason(ctx: CaseCommandContext, decision: IntakeDecision, item: ItemSnapshot): void {
  if (decision.kind !== 'reject') return;
  const problem = rejectionReasonProblem(ctx.rejectionReasons, decision.reasonId, {
    code: item.code,
    name: item.name,
    itemType: caseItemType(item, ctx.items),
  });
  if (problem) throw problem;
}

export function dueDatesFor(calendar: WorkCalendar, item: ItemSnapshot, acceptanceDate: string): DueDates {
  const promised = addWorkingDays(calendar, acceptanceDate, item.caseType === 'immediate' ? 0 : item.promisedDays);
  const legal = addWorkingDays(calendar, acceptanceDate, item.legalDays);
  return {
    promisedDueDate: promised.date,
    legalDueDate: legal.date,
    promisedDueProvisional: promised.provisional,
    legalDueProvisional: legal.provisional,
  };
}

type EventBody = { [T in CaseEventType]: { type: T; payload: CaseEventPayloads[T] } }[CaseEventType];

/**
 * Applies event bodies to a state and persists them with the projection, then `alsoWrite` (the
 * command's own rows that name the case), then publishes the change to the case-change bus: the
 * modules' in-transaction subscribers write with it. Call inside `ctx.caseChanges.run`. Returns the
 * new state and the events it appended.
 */
function commit(
  ctx: CaseCommandContext,
  caseId: string,
  before: CaseState | null,
  bodies: readonly EventBody[],
  staffId: string | null,
  at: Date,
  alsoWrite: () => void = () => {},
): { state: CaseState; appended: CaseEvent[] } {
  let state = before;
  const appended: CaseEvent[] = [];
  for (const body of bodies) {
    // Written out, not `{ ...body, id, … }`: a spread given new keys makes an object with a
    // hidden class of its own in V8, which survives scavenges (see toCaseDetail, case-view.ts).
    const event = {
      type: body.type,
      payload: body.payload,
      id: newId(),
      occurredAt: at.toISOString(),
      staffId,
      hallCode: ctx.window.hallCode,
      windowNumber: ctx.window.windowNumber,
    } as CaseEvent;
    state = { ...applyCaseEvent(state, event), id: caseId };
    appended.push(event);
    appendEvent(ctx.db, {
      id: event.id,
      streamType: 'case',
      streamId: caseId,
      streamVersion: state.version,
      type: event.type,
      occurredAt: event.occurredAt,
      hallCode: event.hallCode,
      windowNumber: event.windowNumber,
      staffId,
      payload: event.payload,
    });
  }
  if (!state) throw new Error('commit without events');
  saveCaseProjection(ctx.db, state, before === null ? null : before.version);
  alsoWrite();
  ctx.caseChanges.publish({ state, events: appended });
  return { state, appended };
}

/**
 * 收件 + the intake decision, in one durable transaction: when this returns, the case, its
 * number and its events are on disk (synchronous=FULL), and only then may anything print.
 * A repeated clientRequestId returns the case made the first time. `history` is the new case's
 * whole history (so the answer needs no read-back), or null for such a repeat.
 */
export function submitIntake(
  ctx: CaseCommandContext,
  args: ParsedArgs<'intake.submit'>,
  staff: OnDuty,
): { state: CaseState; history: CaseEvent[] | null } {
  return ctx.caseChanges.run((): { state: CaseState; history: CaseEvent[] | null } => {
    // The parsed arguments in schema order: the same submit hashes the same.
    const argsHash = createHash('sha256').update(JSON.stringify(args)).digest('hex');
    const earlier = findIntakeRequest(ctx.db, args.clientRequestId);
    if (earlier) {
      if (earlier.argsHash !== argsHash) {
        throw new CounterError('conflict', '这份受理单已经提交过，内容与这次不同；请查看已生成的办件，或重新开始一份受理单', {
          details: { caseId: earlier.caseId },
        });
      }
      const state = loadCaseState(ctx.db, earlier.caseId);
      if (state) return { state, history: null };
    }
    const found = ctx.items.itemVersion(args.itemCode, args.itemVersion);
    if (!found) throw new CounterError('not_found', '事项不存在，请重新选择', { fieldErrors: [{ path: 'itemCode', message: '事项不存在' }] });
    if (!found.inForce) {
      throw new CounterError('conflict', '事项目录已更新，该事项版本已停止使用，请重新选择事项', {
        fieldErrors: [{ path: 'itemCode', message: '事项版本已更新' }],
      });
    }
    const item = found.snapshot;
    if (!ctx.items.servedHere(item)) {
      throw new CounterError('rule_violation', `本窗口不受理“${item.name}”，请引导申请人至相应窗口`);
    }
    const receipts = normaliseReceipts(item, args.materials, 'materials');
    refuseUnfitReason(ctx, args.decision, item);
    const now = ctx.clock.now();
    const today = calendarDateIn(ctx.window.timeZone, now);
    const caseId = newId();
    const caseNumber = takeCaseNumber(ctx.db, caseNumberPrefix(ctx.window.hallCode, ctx.window.windowNumber, today));
    const decision = withTicket(
      intakeDecisionEvent(item, receipts, args.decision, today, dueDatesFor(ctx.calendar(), item, today), null, deferralDays(ctx.calendar())),
      ticketAtCounter(ctx),
    );
    const { state, appended } = commit(
      ctx,
      caseId,
      null,
      [
        {
          type: 'case.received',
          payload: {
            caseNumber,
            receivedDate: today,
            item,
            applicant: args.applicant,
            agent: args.agent,
            receipts,
            // Who confirmed and when: the clerk submitting, at this instant (the core's clock,
            // not the form's), recorded with the case for the audit of the acceptance.
            checksumOverrides: confirmedChecksumFields(args.applicant, args.agent).map((o) => ({
              ...o,
              confirmedBy: staff.staffId,
              confirmedAt: now.toISOString(),
            })),
          },
        },
        decision,
      ],
      staff.staffId,
      now,
      // Before the subscribers see the case: the drafts module finds the submitted form by it.
      () => recordIntakeRequest(ctx.db, args.clientRequestId, caseId, argsHash),
    );
    return { state, history: appended };
  });
}

/** Runs one change to an existing case in a transaction; `build` sees the current state. */
function changeCase(
  ctx: CaseCommandContext,
  ref: { caseId: string; expectedVersion?: number | undefined },
  staffId: string | null,
  build: (state: CaseState, today: string, now: Date) => EventBody[],
): CaseState {
  const { caseId, expectedVersion } = ref;
  return ctx.caseChanges.run((): CaseState => {
    const state = loadCaseState(ctx.db, caseId);
    if (!state) throw new CounterError('not_found', '办件不存在');
    if (expectedVersion !== undefined && expectedVersion !== state.version) {
      throw new CounterError('conflict', `办件 ${state.caseNumber} 已有新的办理记录，请刷新后再操作`, {
        details: { expectedVersion, version: state.version },
      });
    }
    const now = ctx.clock.now();
    const bodies = build(state, calendarDateIn(ctx.window.timeZone, now), now);
    if (bodies.length === 0) return state;
    return commit(ctx, caseId, state, bodies, staffId, now).state;
  });
}

const DECISION_EVENT: Record<IntakeDecision['kind'], CaseEventType> = {
  accept: 'case.accepted',
  accept_with_deferral: 'case.accepted',
  request_correction: 'case.correctionRequested',
  reject: 'case.rejected',
};

/**
 * The intake decision on a case received again after 补正, or 不予受理 of one still waiting
 * for it. A second correction notice may only repeat what the first one listed.
 */
export function decideIntake(ctx: CaseCommandContext, args: ParsedArgs<'cases.decideIntake'>, staff: OnDuty): CaseState {
  return changeCase(ctx, args, staff.staffId, (state, today) => {
    const problem = statusProblem(state, DECISION_EVENT[args.decision.kind]);
    if (problem) throw problem;
    refuseUnfitReason(ctx, args.decision, state.item);
    const due = dueDatesFor(ctx.calendar(), state.item, today);
    return [
      withTicket(intakeDecisionEvent(state.item, state.receipts, args.decision, today, due, state.correction, deferralDays(ctx.calendar())), ticketAtCounter(ctx)),
    ];
  });
}

export function supplementMaterials(
  ctx: CaseCommandContext,
  args: ParsedArgs<'cases.supplementMaterials'>,
  staff: OnDuty,
): CaseState {
  return changeCase(ctx, args, staff.staffId, (state) => {
    const known = new Set(state.item.materials.map((m) => m.id));
    const seen = new Set<string>();
    args.materials.forEach((r, i) => {
      const problem = !known.has(r.materialId) ? '该材料不属于本事项' : seen.has(r.materialId) ? '同一材料重复提交' : null;
      if (problem) {
        throw new CounterError('invalid_arguments', problem, { fieldErrors: [{ path: `materials.${i}.materialId`, message: problem }] });
      }
      seen.add(r.materialId);
    });
    // The status is checked first, so a case that moved on is told so, not that a material is wrong.
    const problem = statusProblem(state, 'case.materialsSupplemented') ?? supplementProblem(state, args.materials);
    if (problem) throw problem;
    return [{ type: 'case.materialsSupplemented', payload: { receipts: args.materials } }];
  });
}

export function startReview(ctx: CaseCommandContext, args: ParsedArgs<'cases.startReview'>, staff: OnDuty): CaseState {
  return changeCase(ctx, args, staff.staffId, () => [{ type: 'case.reviewStarted', payload: {} }]);
}

/** The decision, stored as approved/refused with the item type that names it (准予许可, 予以确认 …). */
export function decide(ctx: CaseCommandContext, args: ParsedArgs<'cases.decide'>, staff: OnDuty): CaseState {
  return changeCase(ctx, args, staff.staffId, (state) => [
    {
      type: 'case.decided',
      payload: {
        outcome: args.outcome,
        itemType: caseItemType(state.item, ctx.items),
        reason: args.reason,
        legalBasis: args.legalBasis,
      },
    },
  ]);
}

export function deliver(ctx: CaseCommandContext, args: ParsedArgs<'cases.deliver'>, staff: OnDuty): CaseState {
  return changeCase(ctx, args, staff.staffId, () => [
    {
      type: 'case.delivered',
      payload: {
        method: args.method,
        recipientName: args.recipientName,
        address: args.method === 'post' ? args.address : '',
        trackingNumber: args.method === 'post' ? args.trackingNumber : '',
      },
    },
  ]);
}

export function withdraw(ctx: CaseCommandContext, args: ParsedArgs<'cases.withdraw'>, staff: OnDuty): CaseState {
  return changeCase(ctx, args, staff.staffId, () => [{ type: 'case.withdrawn', payload: { reason: args.reason } }]);
}

export function terminate(ctx: CaseCommandContext, args: ParsedArgs<'cases.terminate'>, staff: OnDuty): CaseState {
  return changeCase(ctx, args, staff.staffId, () => [{ type: 'case.terminated', payload: { reason: args.reason } }]);
}

/**
 * After the calendar changed (an official schedule replaced a provisional year, or corrected a
 * published one): every open case's deadlines are computed again from its acceptance date, and
 * each one that moved gets a system event saying from what to what.
 */
export function recomputeOpenDeadlines(ctx: CaseCommandContext): CaseState[] {
  const ids = ctx.db.prepare(`SELECT id FROM cases WHERE status IN ('accepted', 'in_review')`).pluck().all() as string[];
  const changed: CaseState[] = [];
  for (const id of ids) {
    let recomputed = false;
    const after = changeCase(ctx, { caseId: id }, null, (state) => {
      if (!state.acceptanceDate) return [];
      const due = dueDatesFor(ctx.calendar(), state.item, state.acceptanceDate);
      const days = deferralDays(ctx.calendar());
      const acceptanceDate = state.acceptanceDate;
      const remarked = state.deferrals.flatMap((d) => {
        const dueProvisional = days.touchesProvisional(acceptanceDate, d.dueDate);
        return dueProvisional === d.dueProvisional ? [] : [{ materialId: d.materialId, dueProvisional }];
      });
      if (
        due.promisedDueDate === state.promisedDueDate &&
        due.legalDueDate === state.legalDueDate &&
        due.promisedDueProvisional === state.promisedDueProvisional &&
        due.legalDueProvisional === state.legalDueProvisional &&
        remarked.length === 0
      ) {
        return [];
      }
      recomputed = true;
      const last = [due.legalDueDate, state.legalDueDate ?? due.legalDueDate].sort().at(-1) ?? due.legalDueDate;
      const years: number[] = [];
      for (let y = Number(state.acceptanceDate.slice(0, 4)); y <= Number(last.slice(0, 4)); y++) years.push(y);
      return [
        {
          type: 'case.deadlineRecomputed',
          payload: {
            ...due,
            previous: {
              promisedDueDate: state.promisedDueDate,
              legalDueDate: state.legalDueDate,
              promisedDueProvisional: state.promisedDueProvisional,
              legalDueProvisional: state.legalDueProvisional,
            },
            calendarYears: years,
            ...(remarked.length > 0 ? { deferrals: remarked } : {}),
          },
        },
      ];
    });
    if (recomputed) changed.push(after);
  }
  return changed;
}

/**
 * 补打 recorded on the case (issue 14): an event that changes nothing but the version, in its own
 * case write (or the caller's, when the printing module already holds one: the new print job and
 * the event then commit together). Allowed in every status, closed cases too.
 * @throws CounterError not_found for an unknown case.
 */
export function recordDocumentReprint(
  ctx: CaseCommandContext,
  caseId: string,
  staffId: string | null,
  payload: CaseEventPayloads['case.documentReprinted'],
): CaseState {
  return changeCase(ctx, { caseId }, staffId, () => [{ type: 'case.documentReprinted', payload }]);
}

/**
 * A back-office step pulled from the upstream (issue 16: contract/sync/pull.ts,
 * `case.backOfficeDecision`), recorded by the system as `case.backOfficeDecided` in its own case
 * write, or in the caller's (the pull's transaction). A decision is stored with the item type
 * that names it, as the window's own decision is. The case's notices follow from the event by
 * the printing module's case subscription, as for a decision taken at the window.
 * @throws CounterError not_found for a case this window does not hold or whose number differs;
 *   illegal_transition (Chinese words) for a step the case's state does not allow.
 */
export function recordBackOfficeDecision(ctx: CaseCommandContext, decision: BackOfficeDecisionInput): CaseState {
  return changeCase(ctx, { caseId: decision.caseId }, null, (state) => {
    if (state.caseNumber !== decision.caseNumber) {
      throw new CounterError('not_found', `办件编号不符：本窗口的办件为 ${state.caseNumber}，后台决定所指为 ${decision.caseNumber}`);
    }
    const common = { changeId: decision.changeId, decidedAt: decision.decidedAt, decidedBy: decision.decidedBy };
    const d = decision.decision;
    const payload: BackOfficeDecidedPayload =
      d.step === 'decided'
        ? {
            step: 'decided',
            outcome: d.outcome,
            itemType: caseItemType(state.item, ctx.items),
            reason: d.reason,
            legalBasis: d.legalBasis,
            ...common,
          }
        : { step: d.step, ...common };
    return [{ type: 'case.backOfficeDecided', payload }];
  });
}

/**
 * A back-office step this window could not record (recordBackOfficeDecision refused it as an
 * illegal transition), noted on its case as `case.backOfficeDecisionNotRecorded` with `reason`, in
 * its own case write or the caller's (the pull's transaction): the event goes up, and the back
 * office shows the step as not recorded instead of waiting for it. Changes nothing but the
 * version; allowed in every status.
 * @throws CounterError not_found for a case this window does not hold or whose number differs.
 */
export function recordBackOfficeDecisionNotRecorded(ctx: CaseCommandContext, decision: BackOfficeDecisionInput, reason: string): CaseState {
  return changeCase(ctx, { caseId: decision.caseId }, null, (state) => {
    if (state.caseNumber !== decision.caseNumber) {
      throw new CounterError('not_found', `办件编号不符：本窗口的办件为 ${state.caseNumber}，后台决定所指为 ${decision.caseNumber}`);
    }
    const payload: BackOfficeDecisionNotRecordedPayload = {
      changeId: decision.changeId,
      step: decision.decision.step,
      decidedAt: decision.decidedAt,
      decidedBy: decision.decidedBy,
      reason,
    };
    return [{ type: 'case.backOfficeDecisionNotRecorded', payload }];
  });
}

/** A back-office decision as the sync contract carries it, with the server's change id. */
export interface BackOfficeDecisionInput {
  changeId: string;
  caseId: string;
  caseNumber: string;
  decision: z.infer<typeof BackOfficeStepSchema>;
  decidedAt: string;
  decidedBy: string;
}
