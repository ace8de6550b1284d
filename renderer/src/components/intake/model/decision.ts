/**
 * The intake decision as plain data: which decisions the contract's rules allow for the
 * materials ticked, the one suggested, the 一次性告知 list derived from the checklist, the
 * decision sent to the core, and the checks beside its fields — the contract's decision schema
 * (IntakeDecisionSchema) run here, and the contract's rule for a deferred material's due date.
 */
import {
  DeferralSchema,
  IntakeDecisionSchema,
  MATERIAL_FORM_LABELS,
  deferralDueDateProblem,
  deferralLimit,
  type DeferralLimit,
  type DeferralOffer,
  type IntakeAssessment,
  type IntakeDecisionInput,
  type IntakeDecisionKind,
  type MaterialAssessment,
} from '../../../../../electron/contract';
import { issueMessages } from '../../../shared/call-error';
import { schemaMessage } from '../../../shared/schema-rule';
import { fieldKey, mapFieldErrors, type FieldErrors, type PathContext } from './field-errors';
import { quotedNames } from './materials';

/** An instruction the clerk edited, with the problem it was written for. */
export interface EditedInstruction {
  text: string;
  basis: string;
}

/** A row the clerk added to the 一次性告知 list: something to bring that is not one of the item's materials. */
export interface CorrectionExtra {
  key: string;
  name: string;
  instruction: string;
}

/** What the clerk chose and typed in the decision part; the rest is derived from the checklist. */
export interface DecisionDraft {
  /** What the clerk picked; null until then (a suggestion is shown meanwhile). */
  chosen: IntakeDecisionKind | null;
  deferralDates: Record<string, string>;
  instructions: Record<string, EditedInstruction>;
  extras: CorrectionExtra[];
  note: string;
  rejectReasonId: string | null;
  rejectReason: string;
  rejectLegalBasis: string;
}

/** The decision part of a new form: nothing chosen (the suggestion applies), nothing typed. */
export function emptyDecision(): DecisionDraft {
  return {
    chosen: null,
    deferralDates: {},
    instructions: {},
    extras: [],
    note: '',
    rejectReasonId: null,
    rejectReason: '',
    rejectLegalBasis: '',
  };
}

/** The decisions in the order they are offered. */
export const DECISION_ORDER: readonly IntakeDecisionKind[] = ['accept', 'accept_with_deferral', 'request_correction', 'reject'];

/** Whether the contract's rules (assessIntake) allow `kind` for the materials as assessed. */
export function isAllowed(assessment: IntakeAssessment, kind: IntakeDecisionKind): boolean {
  switch (kind) {
    case 'accept':
      return assessment.allowed.accept;
    case 'accept_with_deferral':
      return assessment.allowed.acceptWithDeferral;
    case 'request_correction':
      return assessment.allowed.requestCorrection;
    case 'reject':
      return assessment.allowed.reject;
  }
}

/**
 * What the law leaves open, best first: accept when complete, 容缺 when only non-key
 * materials are missing, otherwise 一次性告知. 不予受理 is never suggested: it needs a reason.
 */
export function suggestedDecision(assessment: IntakeAssessment): IntakeDecisionKind {
  if (assessment.allowed.accept) return 'accept';
  if (assessment.allowed.acceptWithDeferral) return 'accept_with_deferral';
  return 'request_correction';
}

/** The clerk's choice while the materials allow it, else the suggestion: what a submit sends. */
export function effectiveDecision(assessment: IntakeAssessment, draft: DecisionDraft): IntakeDecisionKind {
  return draft.chosen !== null && isAllowed(assessment, draft.chosen) ? draft.chosen : suggestedDecision(assessment);
}

/** One line on a disabled choice saying why, in the words of the rule. */
export function disabledReason(assessment: IntakeAssessment, kind: IntakeDecisionKind): string | null {
  if (isAllowed(assessment, kind)) return null;
  switch (kind) {
    case 'accept':
      return assessment.blocking.length > 0
        ? `关键材料${quotedNames(assessment.blocking)}未齐，不能受理`
        : `材料${quotedNames(assessment.deferrable)}未齐，不能直接受理`;
    case 'accept_with_deferral':
      return assessment.blocking.length > 0
        ? `关键材料${quotedNames(assessment.blocking)}未齐，不能容缺受理`
        : '必需材料已齐，无需容缺';
    case 'request_correction':
      return '材料已齐全，无需补正';
    case 'reject':
      return null;
  }
}

/** Closed because something is missing (as opposed to not needed): worth a warning colour. */
export function blockedByMaterials(assessment: IntakeAssessment, kind: IntakeDecisionKind): boolean {
  if (kind === 'accept') return !assessment.allowed.accept;
  if (kind === 'accept_with_deferral') return assessment.blocking.length > 0;
  return false;
}

/** The instruction printed on the 补正材料通知书 for a material, from what is wrong with it. */
export function defaultInstruction(a: MaterialAssessment): string {
  const need = `${MATERIAL_FORM_LABELS[a.material.form]} ${a.material.copies} 份`;
  switch (a.status) {
    case 'missing':
      return `请提交${need}`;
    case 'wrong_form':
      return `${a.problem ?? '材料形式不符'}，请按要求补交${need}`;
    case 'short_copies':
      return `${a.problem ?? '份数不足'}，请补足 ${a.material.copies} 份`;
    case 'defective':
      return `${a.problem ?? '不符合要求'}，请重新提交符合要求的${need}`;
    default:
      return `请提交${need}`;
  }
}

/** One row of the 一次性告知 list as shown and sent. */
export interface CorrectionRow {
  key: string;
  materialId: string | null;
  name: string;
  instruction: string;
  /** Listed because the rules demand it: the clerk may reword it but never remove it. */
  fixed: boolean;
}

/**
 * Every material the rules say must be supplemented (一次性告知: all of them, at once), then the
 * clerk's own additions. Derived on every render, so ticking a material takes it off the list
 * and un-ticking one puts it back — the list can never fall behind the checklist.
 */
export function correctionRows(assessment: IntakeAssessment, draft: DecisionDraft): CorrectionRow[] {
  const fixed = assessment.toSupplement.map((a): CorrectionRow => {
    const basis = a.problem ?? a.status;
    const edited = draft.instructions[a.material.id];
    return {
      key: `m:${a.material.id}`,
      materialId: a.material.id,
      name: a.material.name,
      instruction: edited && edited.basis === basis ? edited.text : defaultInstruction(a),
      fixed: true,
    };
  });
  const extras = draft.extras.map(
    (x): CorrectionRow => ({ key: x.key, materialId: null, name: x.name, instruction: x.instruction, fixed: false }),
  );
  return [...fixed, ...extras];
}

/** What an edited instruction was written for: the material's problem, or its status. */
export function instructionBasis(a: MaterialAssessment): string {
  return a.problem ?? a.status;
}

/** Everything the decision part depends on: the assessment, the clerk's draft and the preview's dates. */
export interface DecisionContext {
  assessment: IntakeAssessment;
  draft: DecisionDraft;
  /** The hall's today, the acceptance date. */
  today: string;
  promisedDueDate: string | null;
  legalDueDate: string | null;
  /** The deadlines touch a year whose holiday schedule is unpublished (暂定); false until known. */
  promisedDueProvisional: boolean;
  legalDueProvisional: boolean;
  defaultDeferralDueDate: string | null;
  /** What intake.preview said of 容缺 today; null until it answered. */
  deferralOffer: DeferralOffer | null;
  immediate: boolean;
}

/**
 * The assessment with 容缺 closed when the preview says it is impossible for the item today
 * (due the day it is accepted): the materials alone would allow it, the deadline does not, and
 * the suggestion then falls to 一次性告知补正.
 */
export function withDeferralOffer(assessment: IntakeAssessment, offer: DeferralOffer | null | undefined): IntakeAssessment {
  if (!offer || offer.possible || !assessment.allowed.acceptWithDeferral) return assessment;
  return { ...assessment, allowed: { ...assessment.allowed, acceptWithDeferral: false } };
}

/** Why the preview closed 容缺 while the materials would allow it, or null. */
export function deferralClosedReason(ctx: Pick<DecisionContext, 'deferralOffer' | 'assessment'>): string | null {
  const offer = ctx.deferralOffer;
  if (!offer || offer.possible) return null;
  return ctx.assessment.blocking.length === 0 && ctx.assessment.deferrable.length > 0 ? offer.reason : null;
}

/** The latest due date a deferred material may have here, once the deadlines are known. */
export function deferralLimitOf(
  ctx: Pick<DecisionContext, 'promisedDueDate' | 'legalDueDate' | 'immediate'> &
    Partial<Pick<DecisionContext, 'promisedDueProvisional' | 'legalDueProvisional'>>,
): DeferralLimit | null {
  if (ctx.promisedDueDate === null || ctx.legalDueDate === null) return null;
  return deferralLimit(ctx.immediate ? 'immediate' : 'promised', {
    promisedDueDate: ctx.promisedDueDate,
    legalDueDate: ctx.legalDueDate,
    promisedDueProvisional: ctx.promisedDueProvisional ?? false,
    legalDueProvisional: ctx.legalDueProvisional ?? false,
  });
}

/** The due date of a deferred material: the clerk's, else the preview's default, else '' (not chosen). */
export function deferralDate(ctx: DecisionContext, materialId: string): string {
  return ctx.draft.deferralDates[materialId] ?? ctx.defaultDeferralDueDate ?? '';
}

/** The `decision` argument as it is sent, for the effective decision. */
export function buildDecision(ctx: DecisionContext): IntakeDecisionInput {
  const kind = effectiveDecision(ctx.assessment, ctx.draft);
  switch (kind) {
    case 'accept':
      return { kind };
    case 'accept_with_deferral':
      return {
        kind,
        deferrals: ctx.assessment.deferrable.map((a) => ({
          materialId: a.material.id,
          dueDate: deferralDate(ctx, a.material.id),
        })),
      };
    case 'request_correction':
      return {
        kind,
        items: correctionRows(ctx.assessment, ctx.draft).map((r) => ({
          materialId: r.materialId,
          name: r.name,
          instruction: r.instruction,
        })),
        note: ctx.draft.note,
      };
    case 'reject':
      return {
        kind,
        reasonId: ctx.draft.rejectReasonId,
        reason: ctx.draft.rejectReason,
        legalBasis: ctx.draft.rejectLegalBasis,
      };
  }
}

/**
 * A due date for a deferred material: one picked (the contract's DeferralSchema, in its words),
 * after the acceptance day, not after the case's own deadline.
 */
export function checkDeferralDate(
  value: string,
  ctx: Pick<DecisionContext, 'today' | 'promisedDueDate' | 'legalDueDate' | 'immediate'> &
    Partial<Pick<DecisionContext, 'promisedDueProvisional' | 'legalDueProvisional'>>,
): string | null {
  return schemaMessage(DeferralSchema.shape.dueDate, value) ?? deferralDueDateProblem(value, ctx.today, deferralLimitOf(ctx));
}

/** Where each entry of the decision's lists came from, to put an error path back on its field. */
export function decisionPaths(ctx: DecisionContext): Pick<PathContext, 'deferralIds' | 'correctionKeys'> {
  const kind = effectiveDecision(ctx.assessment, ctx.draft);
  return {
    deferralIds: kind === 'accept_with_deferral' ? ctx.assessment.deferrable.map((a) => a.material.id) : [],
    correctionKeys: kind === 'request_correction' ? correctionRows(ctx.assessment, ctx.draft).map((r) => r.key) : [],
  };
}

/**
 * The messages beside the decision's fields: the contract's decision schema (the one the core
 * runs) over the decision as it would be sent, and for 容缺 each due date by the contract's
 * deadline rule, which needs the dates only the preview knows.
 */
export function validateDecision(ctx: DecisionContext): FieldErrors {
  const parsed = IntakeDecisionSchema.safeParse(buildDecision(ctx));
  const errors: FieldErrors = parsed.success
    ? {}
    : mapFieldErrors(issueMessages(parsed.error.issues, ['decision']), { materialIds: [], ...decisionPaths(ctx) }).fields;
  if (effectiveDecision(ctx.assessment, ctx.draft) === 'accept_with_deferral') {
    for (const a of ctx.assessment.deferrable) {
      const problem = checkDeferralDate(deferralDate(ctx, a.material.id), ctx);
      if (problem !== null) errors[fieldKey.deferral(a.material.id)] = problem;
    }
  }
  return errors;
}
