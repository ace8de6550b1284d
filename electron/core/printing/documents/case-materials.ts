import { RECEIVED_FORM_LABELS } from '../../../contract/rules/material-assessment';
import type { CaseState } from '../../cases/case-state';

/** A material the window holds for the case, as the case records it. */
export interface ReceivedMaterial {
  name: string;
  /** 原件 / 复印件 / 原件及复印件. */
  form: string;
  copies: number;
}

/** A material deferred under 容缺受理 and not yet supplemented. */
export interface DeferredMaterial {
  name: string;
  /** `YYYY-MM-DD`, the hall's date. */
  dueDate: string;
  /** The due date touches a year whose holiday schedule is unpublished (暂定). */
  provisional: boolean;
}

function openDeferrals(state: CaseState) {
  return state.deferrals.filter((d) => d.supplementedAt === null);
}

/**
 * What the window received, in the item's order, with the form and copies the clerk ticked. A
 * material still deferred is not among them even if something was handed in for it (a
 * defective paper): it is listed under 容缺 with its due date instead, never twice.
 */
export function receivedMaterials(state: CaseState): ReceivedMaterial[] {
  const deferred = new Set(openDeferrals(state).map((d) => d.materialId));
  const receipts = new Map(state.receipts.map((r) => [r.materialId, r]));
  const out: ReceivedMaterial[] = [];
  for (const material of state.item.materials) {
    const receipt = receipts.get(material.id);
    if (!receipt || !receipt.received || receipt.defective || deferred.has(material.id)) continue;
    out.push({
      name: material.name,
      form: receipt.form ? RECEIVED_FORM_LABELS[receipt.form] : '',
      copies: receipt.copies,
    });
  }
  return out;
}

/** The materials deferred under 容缺受理 and still owed, in the order they were deferred. */
export function deferredMaterials(state: CaseState): DeferredMaterial[] {
  return openDeferrals(state).map((d) => ({ name: d.name, dueDate: d.dueDate, provisional: d.dueProvisional }));
}

/** `原件 1 份`, `原件及复印件 2 份`. */
export function receivedWords(m: ReceivedMaterial): string {
  return m.form ? `${m.form} ${m.copies} 份` : `${m.copies} 份`;
}
