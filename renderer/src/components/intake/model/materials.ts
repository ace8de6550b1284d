/**
 * The material checklist as plain data: what the clerk ticked, how it is assessed by the
 * contract's rules (assessIntake), and the checks shown beside each row, which are the
 * contract's own receipt schema (MaterialReceiptSchema) run here.
 */
import { MaterialReceiptSchema, assessIntake, emptyReceipt } from '../../../../../electron/contract';
import type { IntakeAssessment, Material, MaterialAssessment, MaterialReceipt, ReceivedForm } from '../../../../../electron/contract';
import { fieldKey, type FieldErrors } from './field-errors';

/** The clerk's receipts by material id; a material not in it has not been touched. */
export type ReceiptMap = Record<string, MaterialReceipt>;

/** The received form that satisfies the required one, so ticking a row makes it complete. */
export function defaultReceivedForm(form: Material['form']): ReceivedForm {
  return form === 'original_and_copy' ? 'both' : form;
}

/** The order a row's form toggles through from the keyboard. */
export const RECEIVED_FORM_CYCLE: readonly ReceivedForm[] = ['original', 'copy', 'both'];

/** One receipt per material, in the item's order: what is sent as `materials`. */
export function receiptsInOrder(materials: readonly Material[], receipts: ReceiptMap): MaterialReceipt[] {
  return materials.map((m) => receipts[m.id] ?? emptyReceipt(m.id));
}

/** The receipt after ticking `material`: what was chosen before stays, else what satisfies the rule. */
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

/** The contract's assessment (assessIntake) of the receipts: each row's status and the decisions allowed. */
export function assess(materials: readonly Material[], receipts: ReceiptMap): IntakeAssessment {
  return assessIntake(materials, receiptsInOrder(materials, receipts));
}

/** The counts shown in the checklist's summary line. */
export interface MaterialSummary {
  required: number;
  requiredComplete: number;
  blocking: number;
  deferrable: number;
  optional: number;
  optionalReceived: number;
}

/** The summary line's counts from an assessment. */
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

/** The materials' names in Chinese quotes, joined with 、, for messages. */
export function quotedNames(list: readonly MaterialAssessment[]): string {
  return list.map((a) => `“${a.material.name}”`).join('、');
}

/**
 * The messages beside each ticked row, in the contract's words: the receipt schema the core
 * runs (MaterialReceiptSchema) decides them. A row shows one message for its form and copies,
 * the form's first (the count matters once the form is known), and one under its defect note.
 */
export function validateReceipts(materials: readonly Material[], receipts: ReceiptMap): FieldErrors {
  const errors: FieldErrors = {};
  for (const m of materials) {
    const r = receipts[m.id];
    if (!r || !r.received) continue;
    const parsed = MaterialReceiptSchema.safeParse(r);
    if (parsed.success) continue;
    const at = (field: keyof MaterialReceipt) => parsed.error.issues.find((i) => i.path[0] === field)?.message;
    const row = at('form') ?? at('copies');
    if (row !== undefined) errors[fieldKey.material(m.id)] = row;
    const note = at('defectNote');
    if (note !== undefined) errors[fieldKey.defectNote(m.id)] = note;
  }
  return errors;
}
