/**
 * The whole intake form as the arguments of intake.submit, where each list entry sent came
 * from (to put the core's error paths back on their fields), and the contract's own schema
 * run over those arguments before sending.
 */
import { IntakeArgs, type ItemDetail, type Material, type MethodArgs } from '../../../../../electron/contract';
import { issueMessages } from '../../../shared/call-error';
import { applicantArgs, type ApplicantDraft } from './applicant-draft';
import { buildDecision, decisionPaths, type DecisionContext } from './decision';
import { mapFieldErrors, type MappedErrors, type PathContext } from './field-errors';
import { receiptsInOrder, type ReceiptMap } from './materials';

/** The arguments of intake.submit for the form as it stands, with the form's one clientRequestId. */
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

/** Where each submitted list entry came from, to put an error path back on its field. */
export function pathContext(materials: readonly Material[], ctx: DecisionContext): PathContext {
  return { materialIds: materials.map((m) => m.id), ...decisionPaths(ctx) };
}

/**
 * The contract's own schema, run here before sending: whatever the per-field checks might not
 * cover (an object-level rule, a rule added to the contract later) is still caught with the
 * core's words, on the field the core would name.
 */
export function schemaErrors(args: MethodArgs<'intake.submit'>, ctx: PathContext): MappedErrors {
  const parsed = IntakeArgs.safeParse(args);
  return parsed.success ? { fields: {}, unplaced: [] } : mapFieldErrors(issueMessages(parsed.error.issues), ctx);
}
