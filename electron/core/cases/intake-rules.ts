import type { IntakeDecision } from '../../contract/cases';
import { CounterError, type FieldError } from '../../contract/errors';
import { deferralDueDateProblem, deferralLimit } from '../../contract/rules/deferral-limit';
import { assessIntake, emptyReceipt, type MaterialAssessment, type MaterialReceipt } from '../../contract/rules/material-assessment';
import type { CaseEvent } from './case-events';
import type { DeferralDays } from './deferral-days';
import type { ItemSnapshot } from './case-state';

export interface DueDates {
  promisedDueDate: string;
  legalDueDate: string;
  promisedDueProvisional: boolean;
  legalDueProvisional: boolean;
}

type DecisionEvent = Extract<
  CaseEvent,
  { type: 'case.accepted' | 'case.correctionRequested' | 'case.rejected' }
>;
export type DecisionEventBody = { [E in DecisionEvent as E['type']]: { type: E['type']; payload: E['payload'] } }[DecisionEvent['type']];

function names(list: readonly MaterialAssessment[]): string {
  return list.map((a) => `“${a.material.name}”`).join('、');
}

function refuse(message: string, fieldErrors?: FieldError[]): CounterError {
  return new CounterError('rule_violation', message, fieldErrors ? { fieldErrors } : {});
}

/**
 * The intake decision as an event body, or the rule it breaks (DOMAIN.md; Administrative
 * Licensing Law art. 32). Never accepts with a key material missing, and never lets a
 * correction notice leave out something that must be supplemented (一次性告知).
 */
export function intakeDecisionEvent(
  item: ItemSnapshot,
  receipts: readonly MaterialReceipt[],
  decision: IntakeDecision,
  acceptanceDate: string,
  dueDates: DueDates,
  /** The notice this case was already given, when it comes back after 补正. */
  earlierCorrection: { items: ReadonlyArray<{ materialId: string | null }> } | null,
  /** The hall calendar: a 容缺 due date must be a working day, and carries its 暂定 mark. */
  days: DeferralDays,
): DecisionEventBody {
  const assessment = assessIntake(item.materials, receipts);
  switch (decision.kind) {
    case 'accept': {
      if (assessment.blocking.length > 0) {
        throw refuse(`关键材料${names(assessment.blocking)}未齐全，不能受理，请一次性告知补正`);
      }
      if (assessment.deferrable.length > 0) {
        throw refuse(`材料${names(assessment.deferrable)}未齐全，请选择容缺受理或一次性告知补正`);
      }
      return { type: 'case.accepted', payload: accepted(acceptanceDate, dueDates, []) };
    }
    case 'accept_with_deferral': {
      if (assessment.blocking.length > 0) {
        throw refuse(`关键材料${names(assessment.blocking)}未齐全，不能容缺受理`);
      }
      if (assessment.deferrable.length === 0) throw refuse('材料已齐全，请直接受理');
      const expected = new Map(assessment.deferrable.map((a) => [a.material.id, a.material]));
      const fieldErrors: FieldError[] = [];
      const seen = new Set<string>();
      decision.deferrals.forEach((d, i) => {
        if (!expected.has(d.materialId)) {
          fieldErrors.push({ path: `decision.deferrals.${i}.materialId`, message: '该材料不属于可容缺的缺件' });
        } else if (seen.has(d.materialId)) {
          fieldErrors.push({ path: `decision.deferrals.${i}.materialId`, message: '同一材料只能容缺一次' });
        }
        seen.add(d.materialId);
        const dateProblem =
          deferralDueDateProblem(d.dueDate, acceptanceDate, deferralLimit(item.caseType, dueDates)) ??
          // The applicant brings the material to the window, so the day must be one it is open.
          (days.isWorkingDay(d.dueDate) ? null : `补交期限应为工作日，${d.dueDate} 是休息日`);
        if (dateProblem) fieldErrors.push({ path: `decision.deferrals.${i}.dueDate`, message: dateProblem });
      });
      const missing = assessment.deferrable.filter((a) => !seen.has(a.material.id));
      if (missing.length > 0) {
        fieldErrors.push({ path: 'decision.deferrals', message: `请为${names(missing)}设定补交期限` });
      }
      const [firstDeferralError] = fieldErrors;
      if (firstDeferralError) throw refuse(firstDeferralError.message, fieldErrors);
      const deferrals = decision.deferrals.map((d) => ({
        materialId: d.materialId,
        // Stryker disable next-line OptionalChaining: equivalent — every id was checked against `expected` above.
        name: expected.get(d.materialId)?.name ?? d.materialId,
        dueDate: d.dueDate,
        dueProvisional: days.touchesProvisional(acceptanceDate, d.dueDate),
      }));
      return { type: 'case.accepted', payload: accepted(acceptanceDate, dueDates, deferrals) };
    }
    case 'request_correction': {
      if (assessment.toSupplement.length === 0) {
        throw refuse('材料已齐全，无需补正；如材料存在问题，请在清单中标记“不符合要求”并说明');
      }
      const known = new Set(item.materials.map((m) => m.id));
      const complete = new Set(assessment.materials.filter((a) => a.status === 'complete').map((a) => a.material.id));
      const toldBefore =
        earlierCorrection === null
          ? null
          : // Free-text entries (materialId null) sit in the set too; entries checked against it never are null.
            new Set(earlierCorrection.items.map((e) => e.materialId));
      // What must be listed is always allowed: a case supplemented before supplements were
      // held to the notice may have an unlisted material incomplete now.
      const mustList = new Set(assessment.toSupplement.map((a) => a.material.id));
      const listed = new Set<string>();
      const fieldErrors: FieldError[] = [];
      decision.items.forEach((entry, i) => {
        if (entry.materialId === null) return;
        const path = `decision.items.${i}.materialId`;
        if (!known.has(entry.materialId)) {
          fieldErrors.push({ path, message: '该材料不属于本事项' });
        } else if (listed.has(entry.materialId)) {
          fieldErrors.push({ path, message: '同一材料重复列出' });
        } else if (complete.has(entry.materialId)) {
          fieldErrors.push({ path, message: '该材料已齐全，无需补正' });
        } else if (toldBefore !== null && !toldBefore.has(entry.materialId) && !mustList.has(entry.materialId)) {
          // 一次性告知: what was not asked for the first time may not be asked for now.
          fieldErrors.push({ path, message: '上次补正告知书未列此材料，不能再次要求补正' });
        }
        listed.add(entry.materialId);
      });
      const leftOut = assessment.toSupplement.filter((a) => !listed.has(a.material.id));
      if (leftOut.length > 0) {
        fieldErrors.push({
          path: 'decision.items',
          message: `一次性告知须列明全部需补正的材料，尚缺${names(leftOut)}`,
        });
      }
      const [firstItemError] = fieldErrors;
      if (firstItemError) throw refuse(firstItemError.message, fieldErrors);
      return { type: 'case.correctionRequested', payload: { items: decision.items, note: decision.note } };
    }
    case 'reject':
      return {
        type: 'case.rejected',
        payload: { reasonId: decision.reasonId, reason: decision.reason, legalBasis: decision.legalBasis },
      };
  }
}

/**
 * The acceptance date with the case's deadlines and their 暂定 marks, as a case records them on
 * 受理 and as the intake screen previews them (intake-preview.ts).
 */
export function acceptanceDates(acceptanceDate: string, due: DueDates): { acceptanceDate: string } & DueDates {
  return {
    acceptanceDate,
    promisedDueDate: due.promisedDueDate,
    legalDueDate: due.legalDueDate,
    promisedDueProvisional: due.promisedDueProvisional,
    legalDueProvisional: due.legalDueProvisional,
  };
}

function accepted(
  acceptanceDate: string,
  due: DueDates,
  deferrals: Array<{ materialId: string; name: string; dueDate: string; dueProvisional: boolean }>,
) {
  // Not `{ ...acceptanceDates(…), deferrals }`: see toCaseDetail (case-view.ts) on spreads.
  return Object.assign(acceptanceDates(acceptanceDate, due), { deferrals });
}

/**
 * The receipts as recorded on the case: exactly one per material of the item, in the item's
 * order. Unknown or repeated material ids are the caller's mistake and are refused.
 */
export function normaliseReceipts(item: ItemSnapshot, receipts: readonly MaterialReceipt[], path: string): MaterialReceipt[] {
  const known = new Map(item.materials.map((m) => [m.id, m]));
  const byId = new Map<string, MaterialReceipt>();
  const fieldErrors: FieldError[] = [];
  receipts.forEach((r, i) => {
    if (!known.has(r.materialId)) fieldErrors.push({ path: `${path}.${i}.materialId`, message: '该材料不属于本事项' });
    else if (byId.has(r.materialId)) fieldErrors.push({ path: `${path}.${i}.materialId`, message: '同一材料重复提交' });
    byId.set(r.materialId, r);
  });
  const [firstError] = fieldErrors;
  if (firstError) throw new CounterError('invalid_arguments', firstError.message, { fieldErrors });
  return item.materials.map((m) => byId.get(m.id) ?? emptyReceipt(m.id));
}
