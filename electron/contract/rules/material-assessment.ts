import { MATERIAL_FORM_LABELS, type Material } from '../catalog';

export const RECEIVED_FORMS = ['original', 'copy', 'both'] as const;
export type ReceivedForm = (typeof RECEIVED_FORMS)[number];
export const RECEIVED_FORM_LABELS: Record<ReceivedForm, string> = {
  original: '原件',
  copy: '复印件',
  both: '原件及复印件',
};

/** What the clerk ticked for one material of the item. */
export interface MaterialReceipt {
  materialId: string;
  received: boolean;
  form: ReceivedForm | null;
  copies: number;
  /** Received but not acceptable (unsigned, expired, illegible…): `defectNote` says how. */
  defective: boolean;
  defectNote: string;
}

export type MaterialStatus = 'complete' | 'missing' | 'wrong_form' | 'short_copies' | 'defective' | 'optional';

export interface MaterialAssessment {
  material: Material;
  receipt: MaterialReceipt;
  status: MaterialStatus;
  /** Chinese, for the checklist and the correction notice; null when complete. */
  problem: string | null;
}

export interface IntakeAssessment {
  materials: MaterialAssessment[];
  /** Required key materials not complete: acceptance is impossible while any remains. */
  blocking: MaterialAssessment[];
  /** Required non-key materials not complete: may be deferred under 容缺受理. */
  deferrable: MaterialAssessment[];
  /** Everything a correction notice must list at once (一次性告知). */
  toSupplement: MaterialAssessment[];
  allowed: {
    accept: boolean;
    acceptWithDeferral: boolean;
    requestCorrection: boolean;
    reject: boolean;
  };
}

export function emptyReceipt(materialId: string): MaterialReceipt {
  return { materialId, received: false, form: null, copies: 0, defective: false, defectNote: '' };
}

function formSatisfies(required: Material['form'], received: ReceivedForm | null): boolean {
  // Stryker disable next-line ConditionalExpression: equivalent — null equals none of the forms
  // the cases below compare with, so each returns false anyway; kept to say "nothing ticked".
  if (received === null) return false;
  switch (required) {
    case 'original':
      return received === 'original' || received === 'both';
    case 'copy':
      // A window photocopies an original on the spot, so it records "both" in that case;
      // an original alone does not leave a copy on file.
      return received === 'copy' || received === 'both';
    case 'original_and_copy':
      return received === 'both';
  }
}

function assessOne(material: Material, receipt: MaterialReceipt): MaterialAssessment {
  const result = (status: MaterialStatus, problem: string | null): MaterialAssessment => ({
    material,
    receipt,
    status,
    problem,
  });
  if (!receipt.received) {
    return material.required ? result('missing', '未提交') : result('optional', null);
  }
  if (receipt.defective) {
    const note = receipt.defectNote.trim();
    return result('defective', note.length > 0 ? `不符合要求：${note}` : '不符合要求');
  }
  if (!formSatisfies(material.form, receipt.form)) {
    return result('wrong_form', `应提交${MATERIAL_FORM_LABELS[material.form]}`);
  }
  if (receipt.copies < material.copies) {
    return result('short_copies', `应提交 ${material.copies} 份，实收 ${receipt.copies} 份`);
  }
  return result('complete', null);
}


/**
 * The intake decision rules (DOMAIN.md, Administrative Licensing Law art. 32). Shared by the
 * UI, which shows which decisions are open as the clerk ticks, and the core, which refuses
 * any decision these rules do not allow — so the two can never disagree.
 */
export function assessIntake(materials: readonly Material[], receipts: readonly MaterialReceipt[]): IntakeAssessment {
  const byId = new Map(receipts.map((r) => [r.materialId, r]));
  const assessed = materials.map((m) => assessOne(m, byId.get(m.id) ?? emptyReceipt(m.id)));
  const incomplete = assessed.filter((a) => a.material.required && a.status !== 'complete');
  const blocking = incomplete.filter((a) => a.material.key);
  const deferrable = incomplete.filter((a) => !a.material.key);
  return {
    materials: assessed,
    blocking,
    deferrable,
    toSupplement: incomplete,
    allowed: {
      accept: incomplete.length === 0,
      acceptWithDeferral: blocking.length === 0 && deferrable.length > 0,
      requestCorrection: incomplete.length > 0,
      reject: true,
    },
  };
}
