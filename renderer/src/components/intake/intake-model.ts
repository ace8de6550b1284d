/**
 * The intake form as plain data: what the clerk has typed and ticked, how it becomes the
 * arguments of `intake.submit` / `cases.decideIntake`, the checks shown beside each field, and
 * how an error path from the core finds its way back to the field it belongs to.
 * No React here, so the rules can be read (and reasoned about) in one place.
 */
import {
  CounterCallError,
  IntakeArgs,
  IntakeDecisionSchema,
  MATERIAL_FORM_LABELS,
  assessIntake,
  checkIdentityDocumentNumber,
  checkMobileNumber,
  checkOrganisationName,
  checkPersonName,
  checkUnifiedSocialCreditCode,
  codePointLength,
  deferralDueDateProblem,
  isChecksumOnlyFailure,
  deferralLimit,
  emptyReceipt,
  mobileScopeFor,
  type ChecksumOverrideField,
  type ChecksumPolicy,
  type DeferralLimit,
  type DeferralOffer,
  type IdentityDocumentType,
  type IntakeAssessment,
  type IntakeDecisionInput,
  type IntakeDecisionKind,
  type ItemDetail,
  type Material,
  type MaterialAssessment,
  type MaterialReceipt,
  type MethodArgs,
  type ReceivedForm,
} from '../../../../electron/contract';

export interface PersonFields {
  name: string;
  idType: IdentityDocumentType;
  idNumber: string;
  mobile: string;
  address: string;
}

export interface OrganisationFields {
  name: string;
  creditCode: string;
  legalRepresentative: string;
  contactName: string;
  mobile: string;
  address: string;
}

export interface AgentFields {
  name: string;
  idType: IdentityDocumentType;
  idNumber: string;
  mobile: string;
}

/** Both kinds are kept, so flipping 个人/单位 by mistake loses nothing already typed. */
export interface ApplicantDraft {
  kind: 'person' | 'organisation';
  person: PersonFields;
  organisation: OrganisationFields;
  hasAgent: boolean;
  agent: AgentFields;
  /**
   * The clerk's confirmations that a number with a wrong check character matches the original
   * document, by field, holding the number exactly as it was when confirmed: editing the number
   * afterwards withdraws the confirmation (it was given for another number). Absent: none.
   */
  checksumConfirmed?: Partial<Record<ChecksumOverrideField, string>>;
}

export type ReceiptMap = Record<string, MaterialReceipt>;

/** An instruction the clerk edited, with the problem it was written for. */
export interface EditedInstruction {
  text: string;
  basis: string;
}

export interface CorrectionExtra {
  key: string;
  name: string;
  instruction: string;
}

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

/** Messages keyed by form field (see the key helpers below), not by argument path. */
export type FieldErrors = Record<string, string>;

export const fieldKey = {
  item: 'item',
  applicant: (field: string) => `applicant.${field}`,
  agent: (field: string) => `agent.${field}`,
  material: (materialId: string) => `material.${materialId}`,
  defectNote: (materialId: string) => `material.${materialId}.defectNote`,
  deferral: (materialId: string) => `decision.deferrals.${materialId}`,
  deferrals: 'decision.deferrals',
  correctionRow: (rowKey: string, field: 'name' | 'instruction') => `decision.items.${rowKey}.${field}`,
  correction: 'decision.items',
  note: 'decision.note',
  rejectReason: 'decision.reason',
  rejectLegalBasis: 'decision.legalBasis',
  decision: 'decision',
} as const;

export function emptyPerson(): PersonFields {
  return { name: '', idType: 'resident_id_card', idNumber: '', mobile: '', address: '' };
}

export function emptyApplicant(): ApplicantDraft {
  return {
    kind: 'person',
    person: emptyPerson(),
    organisation: { name: '', creditCode: '', legalRepresentative: '', contactName: '', mobile: '', address: '' },
    hasAgent: false,
    agent: { name: '', idType: 'resident_id_card', idNumber: '', mobile: '' },
  };
}

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

// ——— materials ———

/** The received form that satisfies the required one, so ticking a row makes it complete. */
export function defaultReceivedForm(form: Material['form']): ReceivedForm {
  return form === 'original_and_copy' ? 'both' : form;
}

export const RECEIVED_FORM_CYCLE: readonly ReceivedForm[] = ['original', 'copy', 'both'];

export function receiptsInOrder(materials: readonly Material[], receipts: ReceiptMap): MaterialReceipt[] {
  return materials.map((m) => receipts[m.id] ?? emptyReceipt(m.id));
}

export function tickedReceipt(material: Material, previous: MaterialReceipt | undefined): MaterialReceipt {
  return {
    materialId: material.id,
    received: true,
    form: previous?.form ?? defaultReceivedForm(material.form),
    copies: previous && previous.copies > 0 ? previous.copies : Math.max(1, material.copies),
    defective: previous?.defective ?? false,
    defectNote: previous?.defectNote ?? '',
  };
}

export function assess(materials: readonly Material[], receipts: ReceiptMap): IntakeAssessment {
  return assessIntake(materials, receiptsInOrder(materials, receipts));
}

export interface MaterialSummary {
  required: number;
  requiredComplete: number;
  blocking: number;
  deferrable: number;
  optional: number;
  optionalReceived: number;
}

export function summarise(assessment: IntakeAssessment): MaterialSummary {
  const required = assessment.materials.filter((a) => a.material.required);
  const optional = assessment.materials.filter((a) => !a.material.required);
  return {
    required: required.length,
    requiredComplete: required.filter((a) => a.status === 'complete').length,
    blocking: assessment.blocking.length,
    deferrable: assessment.deferrable.length,
    optional: optional.length,
    optionalReceived: optional.filter((a) => a.receipt.received).length,
  };
}

export function quotedNames(list: readonly MaterialAssessment[]): string {
  return list.map((a) => `“${a.material.name}”`).join('、');
}

// ——— decision ———

export const DECISION_ORDER: readonly IntakeDecisionKind[] = ['accept', 'accept_with_deferral', 'request_correction', 'reject'];

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

export function instructionBasis(a: MaterialAssessment): string {
  return a.problem ?? a.status;
}

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

export function deferralDate(ctx: DecisionContext, materialId: string): string {
  return ctx.draft.deferralDates[materialId] ?? ctx.defaultDeferralDueDate ?? '';
}

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

/** A due date for a deferred material: after the acceptance day, not after the case's own deadline. */
export function checkDeferralDate(
  value: string,
  ctx: Pick<DecisionContext, 'today' | 'promisedDueDate' | 'legalDueDate' | 'immediate'> &
    Partial<Pick<DecisionContext, 'promisedDueProvisional' | 'legalDueProvisional'>>,
): string | null {
  if (value === '') return '请选择补交期限';
  const limit = deferralLimitOf(ctx);
  if (limit === null) return value <= ctx.today ? '补交期限应晚于受理日' : null;
  return deferralDueDateProblem(value, ctx.today, limit);
}

function requiredText(value: string, empty: string, max: number): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return empty;
  if (codePointLength(trimmed) > max) return `不超过 ${max} 字`;
  return null;
}

export function validateDecision(ctx: DecisionContext): FieldErrors {
  const errors: FieldErrors = {};
  const put = (key: string, message: string | null) => {
    if (message !== null) errors[key] = message;
  };
  const kind = effectiveDecision(ctx.assessment, ctx.draft);
  if (kind === 'accept_with_deferral') {
    for (const a of ctx.assessment.deferrable) {
      put(fieldKey.deferral(a.material.id), checkDeferralDate(deferralDate(ctx, a.material.id), ctx));
    }
  } else if (kind === 'request_correction') {
    for (const row of correctionRows(ctx.assessment, ctx.draft)) {
      put(fieldKey.correctionRow(row.key, 'name'), requiredText(row.name, '请填写需补正的材料名称', 100));
      put(fieldKey.correctionRow(row.key, 'instruction'), requiredText(row.instruction, '请填写补正要求', 300));
    }
    if (codePointLength(ctx.draft.note.trim()) > 500) put(fieldKey.note, '说明不超过 500 字');
  } else if (kind === 'reject') {
    put(fieldKey.rejectReason, requiredText(ctx.draft.rejectReason, '请填写不予受理的理由', 500));
    put(fieldKey.rejectLegalBasis, requiredText(ctx.draft.rejectLegalBasis, '请填写法律依据', 500));
  }
  return errors;
}

export function validateReceipts(materials: readonly Material[], receipts: ReceiptMap): FieldErrors {
  const errors: FieldErrors = {};
  for (const m of materials) {
    const r = receipts[m.id];
    if (!r || !r.received) continue;
    if (r.form === null) errors[fieldKey.material(m.id)] = '请选择原件或复印件';
    else if (r.copies < 1) errors[fieldKey.material(m.id)] = '已收材料份数至少为 1';
    else if (r.copies > 99) errors[fieldKey.material(m.id)] = '份数不超过 99';
    if (r.defective && r.defectNote.trim() === '') errors[fieldKey.defectNote(m.id)] = '请说明材料存在的问题';
  }
  return errors;
}

// ——— applicant ———

type Check = (value: string) => string | null;

function message(result: { ok: true } | { ok: false; message: string }): string | null {
  return result.ok ? null : result.message;
}

function personName(empty: string): Check {
  return (value) => (value.trim() === '' ? empty : message(checkPersonName(value)));
}

const address: Check = (value) => (codePointLength(value.trim()) > 200 ? '地址不超过 200 字' : null);

/** The mobile check for the holder of `idType` (null: an organisation, a mainland holder). */
function mobile(idType: IdentityDocumentType | null): Check {
  const scope = idType === null ? 'mainland' : mobileScopeFor(idType);
  return (value) => (value.trim() === '' ? '请输入手机号码' : message(checkMobileNumber(value, scope)));
}

/** Whether the clerk confirmed this very number of `field` against the original document. */
export function checksumPolicy(applicant: ApplicantDraft, field: ChecksumOverrideField, value: string): ChecksumPolicy {
  return applicant.checksumConfirmed?.[field] === value ? 'confirmed' : 'enforce';
}

/** The draft with the confirmation of `field` given (for its current number) or withdrawn. */
export function withChecksumConfirmation(applicant: ApplicantDraft, field: ChecksumOverrideField, confirmed: boolean): ApplicantDraft {
  const next = { ...applicant.checksumConfirmed };
  if (confirmed) next[field] = applicantValue(field, applicant);
  else delete next[field];
  return { ...applicant, checksumConfirmed: next };
}

/**
 * Whether `field` holds a number that fails only its check character, so the confirmation is
 * offered beside it (shown whether or not it is already confirmed).
 */
export function checksumConfirmable(applicant: ApplicantDraft, field: ChecksumOverrideField, today: string): boolean {
  const value = applicantValue(field, applicant);
  if (value.trim() === '') return false;
  const result =
    field === 'applicant.creditCode'
      ? checkUnifiedSocialCreditCode(value)
      : checkIdentityDocumentNumber(field === 'agent.idNumber' ? applicant.agent.idType : applicant.person.idType, value, today);
  return isChecksumOnlyFailure(result);
}

function idNumber(idType: IdentityDocumentType, today: string, applicant: ApplicantDraft, field: ChecksumOverrideField): Check {
  return (value) => message(checkIdentityDocumentNumber(idType, value, today, checksumPolicy(applicant, field, value)));
}

/** The check for one applicant / agent field, by its field key; null for a field without one. */
export function applicantCheck(key: string, applicant: ApplicantDraft, today: string): Check | null {
  const [group, field] = key.split('.');
  if (group === 'agent') {
    switch (field) {
      case 'name':
        return personName('请输入代办人姓名');
      case 'idNumber':
        return idNumber(applicant.agent.idType, today, applicant, 'agent.idNumber');
      case 'mobile':
        return mobile(applicant.agent.idType);
      default:
        return null;
    }
  }
  if (group !== 'applicant') return null;
  if (applicant.kind === 'person') {
    switch (field) {
      case 'name':
        return personName('请输入姓名');
      case 'idNumber':
        return idNumber(applicant.person.idType, today, applicant, 'applicant.idNumber');
      case 'mobile':
        return mobile(applicant.person.idType);
      case 'address':
        return address;
      default:
        return null;
    }
  }
  switch (field) {
    case 'name':
      return (value) => message(checkOrganisationName(value));
    case 'creditCode':
      return (value) => message(checkUnifiedSocialCreditCode(value, checksumPolicy(applicant, 'applicant.creditCode', value)));
    case 'legalRepresentative':
      return personName('请输入法定代表人姓名');
    case 'contactName':
      return personName('请输入联系人姓名');
    case 'mobile':
      return mobile(null);
    case 'address':
      return address;
    default:
      return null;
  }
}

export function applicantValue(key: string, applicant: ApplicantDraft): string {
  const [group, field = ''] = key.split('.');
  const source: Record<string, string> =
    group === 'agent'
      ? { ...applicant.agent }
      : applicant.kind === 'person'
        ? { ...applicant.person }
        : { ...applicant.organisation };
  return source[field] ?? '';
}

export const PERSON_FIELDS = ['name', 'idNumber', 'mobile', 'address'] as const;
export const ORGANISATION_FIELDS = ['name', 'creditCode', 'legalRepresentative', 'contactName', 'mobile', 'address'] as const;
export const AGENT_FIELDS = ['name', 'idNumber', 'mobile'] as const;

export function applicantFieldKeys(applicant: ApplicantDraft): string[] {
  const own = (applicant.kind === 'person' ? PERSON_FIELDS : ORGANISATION_FIELDS).map(fieldKey.applicant);
  return applicant.hasAgent ? [...own, ...AGENT_FIELDS.map(fieldKey.agent)] : own;
}

export function validateApplicant(applicant: ApplicantDraft, today: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const key of applicantFieldKeys(applicant)) {
    const check = applicantCheck(key, applicant, today);
    const problem = check ? check(applicantValue(key, applicant)) : null;
    if (problem !== null) errors[key] = problem;
  }
  return errors;
}

export function isApplicantTouched(applicant: ApplicantDraft): boolean {
  const { person: p, organisation: o, agent: a } = applicant;
  const typed = [p.name, p.idNumber, p.mobile, p.address, ...Object.values(o), a.name, a.idNumber, a.mobile];
  return typed.some((v) => v.trim() !== '');
}

/**
 * The applicant exactly as typed: no trimming, no normalisation here. The core's validators
 * trim surrounding spaces and nothing else, so a rare character (𠮷, 䶮, a compatibility
 * ideograph) reaches the database as the clerk entered it.
 */
export function applicantArgs(applicant: ApplicantDraft): Pick<MethodArgs<'intake.submit'>, 'applicant' | 'agent'> {
  // A confirmation is sent only for the number it was given for (and only then at all).
  const confirmed = (field: ChecksumOverrideField) =>
    checksumPolicy(applicant, field, applicantValue(field, applicant)) === 'confirmed' ? { [checksumFlag(field)]: true } : {};
  const own: MethodArgs<'intake.submit'>['applicant'] =
    applicant.kind === 'person'
      ? { kind: 'person', ...applicant.person, ...confirmed('applicant.idNumber') }
      : { kind: 'organisation', ...applicant.organisation, ...confirmed('applicant.creditCode') };
  return { applicant: own, agent: applicant.hasAgent ? { ...applicant.agent, ...confirmed('agent.idNumber') } : null };
}

function checksumFlag(field: ChecksumOverrideField): 'idNumberChecksumConfirmed' | 'creditCodeChecksumConfirmed' {
  return field === 'applicant.creditCode' ? 'creditCodeChecksumConfirmed' : 'idNumberChecksumConfirmed';
}

export function intakeArgs(
  clientRequestId: string,
  item: ItemDetail,
  applicant: ApplicantDraft,
  receipts: ReceiptMap,
  decision: DecisionContext,
): MethodArgs<'intake.submit'> {
  return {
    clientRequestId,
    itemCode: item.code,
    itemVersion: item.version,
    ...applicantArgs(applicant),
    materials: receiptsInOrder(item.materials, receipts),
    decision: buildDecision(decision),
  };
}

// ——— errors from the core (or from the contract schema run here) ———

export interface PathContext {
  /** Material ids in the order they were sent as `materials`. */
  materialIds: readonly string[];
  /** Material ids in the order they were sent as `decision.deferrals`. */
  deferralIds: readonly string[];
  /** Row keys in the order they were sent as `decision.items`. */
  correctionKeys: readonly string[];
}

/** The form field an argument path like `materials.2.copies` belongs to; null: no field, show on top. */
export function fieldKeyForPath(path: string, ctx: PathContext): string | null {
  const parts = path.split('.');
  const [head, second, third, fourth] = parts;
  if (head === 'itemCode' || head === 'itemVersion') return fieldKey.item;
  if ((head === 'applicant' || head === 'agent') && second !== undefined) return `${head}.${second}`;
  if (head === 'materials' && second !== undefined) {
    const id = ctx.materialIds[Number(second)];
    if (id === undefined) return null;
    return third === 'defectNote' ? fieldKey.defectNote(id) : fieldKey.material(id);
  }
  if (head === 'decision') {
    if (second === 'deferrals') {
      const id = third === undefined ? undefined : ctx.deferralIds[Number(third)];
      return id === undefined ? fieldKey.deferrals : fieldKey.deferral(id);
    }
    if (second === 'items') {
      const key = third === undefined ? undefined : ctx.correctionKeys[Number(third)];
      if (key === undefined) return fieldKey.correction;
      return fieldKey.correctionRow(key, fourth === 'name' ? 'name' : 'instruction');
    }
    if (second === 'reason') return fieldKey.rejectReason;
    if (second === 'legalBasis') return fieldKey.rejectLegalBasis;
    if (second === 'note') return fieldKey.note;
    return fieldKey.decision;
  }
  return null;
}

export interface MappedErrors {
  fields: FieldErrors;
  /** Messages with no field on this page. */
  unplaced: string[];
}

export function mapFieldErrors(list: ReadonlyArray<{ path: string; message: string }>, ctx: PathContext): MappedErrors {
  const fields: FieldErrors = {};
  const unplaced: string[] = [];
  for (const e of list) {
    const key = fieldKeyForPath(e.path, ctx);
    if (key === null) unplaced.push(e.message);
    else fields[key] ??= e.message;
  }
  return { fields, unplaced };
}

function issuesAsFieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>) {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * The contract's own schema, run here before sending: whatever the per-field checks above
 * might not cover (a rule added to the contract later) is still caught with the core's words.
 */
export function schemaErrors(args: MethodArgs<'intake.submit'>, ctx: PathContext): MappedErrors {
  const parsed = IntakeArgs.safeParse(args);
  return parsed.success ? { fields: {}, unplaced: [] } : mapFieldErrors(issuesAsFieldErrors(parsed.error.issues), ctx);
}

export function decisionSchemaErrors(decision: IntakeDecisionInput, ctx: PathContext): MappedErrors {
  const parsed = IntakeDecisionSchema.safeParse(decision);
  if (parsed.success) return { fields: {}, unplaced: [] };
  return mapFieldErrors(
    issuesAsFieldErrors(parsed.error.issues).map((e) => ({ ...e, path: `decision.${e.path}` })),
    ctx,
  );
}

/** Where each submitted list entry came from, to put an error path back on its field. */
export function pathContext(materials: readonly Material[], ctx: DecisionContext): PathContext {
  const kind = effectiveDecision(ctx.assessment, ctx.draft);
  return {
    materialIds: materials.map((m) => m.id),
    deferralIds: kind === 'accept_with_deferral' ? ctx.assessment.deferrable.map((a) => a.material.id) : [],
    correctionKeys: kind === 'request_correction' ? correctionRows(ctx.assessment, ctx.draft).map((r) => r.key) : [],
  };
}

// ——— showing messages: on blur and on submit, then following the clerk's corrections ———

/**
 * After an edit: messages already shown under `prefix` are replaced by the fresh check —
 * updated while still wrong, gone once right — but no new message appears while typing.
 */
export function refreshShown(errors: FieldErrors, fresh: FieldErrors, prefix: string): FieldErrors {
  let changed = false;
  const next: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    if (!key.startsWith(prefix)) {
      next[key] = message;
      continue;
    }
    const now = fresh[key];
    if (now !== undefined) next[key] = now;
    if (now !== message) changed = true;
  }
  return changed ? next : errors;
}

export function withField(errors: FieldErrors, key: string, message: string | null): FieldErrors {
  if (message === null) {
    if (!(key in errors)) return errors;
    const next = { ...errors };
    delete next[key];
    return next;
  }
  return errors[key] === message ? errors : { ...errors, [key]: message };
}

export function withoutPrefix(errors: FieldErrors, prefix: string): FieldErrors {
  const next: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) if (!key.startsWith(prefix)) next[key] = message;
  return next;
}

/**
 * The one line on top after a failed call. Every field message is already beside its field,
 * so the line says how many and what to do; a lost connection says the work is safe to resend.
 */
export function failureSummary(err: unknown, mapped: MappedErrors, retrySafe: string): string {
  if (!(err instanceof CounterCallError)) {
    return `未能提交：${err instanceof Error ? err.message : String(err)}。${retrySafe}`;
  }
  if (err.code === 'unavailable' || err.code === 'internal') return `${err.message}。${retrySafe}`;
  const placed = Object.keys(mapped.fields).length;
  const extra = mapped.unplaced.filter((m) => m !== err.message);
  const head = placed > 1 ? `${err.message}（共 ${placed} 处，已在各栏标出）` : err.message;
  return [head, ...extra].join('；');
}
