import type { DeferralOffer } from '../../electron/contract/calendar';
import type { ItemRejectionReason, Material } from '../../electron/contract/catalog';
import { INTAKE_DECISION_LABELS, type IntakeDecision, type IntakeDecisionKind } from '../../electron/contract/cases';
import { assessIntake, type MaterialReceipt } from '../../electron/contract/rules/material-assessment';
import { receipts } from '../../test/support/intake-args';

/** One intake as a clerk would record it: what was received and what was decided. */
export interface DrawnIntake {
  receipts: MaterialReceipt[];
  decision: IntakeDecision;
}

/** What the core says of the item today, as the intake screen gets it. */
export interface IntakeOffer {
  /**
   * `intake.preview`'s answer on 容缺 for today (deferral-limit.ts: a 即办件 due the day it is
   * accepted has none). Absent: no 容缺 is drawn.
   */
  deferral?: DeferralOffer;
  /** The stock 不予受理 reasons that fit the item (`catalog.getItem`'s, filtered by item type). */
  rejectionReasons: readonly ItemRejectionReason[];
}

/**
 * Every required material complete, or the one with id `leftOut` not brought: the tests' own
 * receipt builder (test/support/intake-args.ts), so the bench and the tests tick materials alike.
 */
function receiptsFor(materials: readonly Material[], leftOut: string | null): MaterialReceipt[] {
  const brought = materials.filter((m) => m.required && m.id !== leftOut).map((m) => m.id);
  return receipts(materials, { received: brought });
}

/**
 * The receipts and decision of one intake of an item with `materials`, of the kind `wanted`,
 * or null when the core's rules allow no such intake of this item today. The rules asked are
 * the core's own: `assessIntake` (material-assessment.ts, which the core's intake.submit
 * applies) for what each receipt allows, `offer.deferral` (intake.preview, deferral-limit.ts)
 * for whether 容缺 is possible and its due date, `offer.rejectionReasons` for the reasons that
 * fit the item's type. So a bench never measures a refusal.
 *
 * - accept: every required material received in the form and number of copies asked for;
 * - accept_with_deferral: one required material not brought that may be deferred, due on the
 *   offered default date;
 * - request_correction: one required material not brought, the notice listing everything the
 *   assessment says must be supplemented (一次性告知);
 * - reject: everything received, a stock reason that applies to the item, with its basis.
 *
 * `pick` (any whole number) chooses which material or reason, deterministically.
 */
export function drawIntake(
  materials: readonly Material[],
  wanted: IntakeDecisionKind,
  offer: IntakeOffer,
  pick: number,
): DrawnIntake | null {
  const choose = <T>(list: readonly T[]): T | undefined => list[Math.abs(Math.trunc(pick)) % Math.max(1, list.length)];
  switch (wanted) {
    case 'accept': {
      const receipts = receiptsFor(materials, null);
      return assessIntake(materials, receipts).allowed.accept ? { receipts, decision: { kind: 'accept' } } : null;
    }
    case 'accept_with_deferral': {
      const deferral = offer.deferral;
      if (!deferral?.possible) return null;
      const candidates = materials.filter((m) => assessIntake(materials, receiptsFor(materials, m.id)).allowed.acceptWithDeferral);
      const material = choose(candidates);
      if (!material) return null;
      const receipts = receiptsFor(materials, material.id);
      const deferrals = assessIntake(materials, receipts).deferrable.map((a) => ({ materialId: a.material.id, dueDate: deferral.defaultDueDate }));
      return { receipts, decision: { kind: 'accept_with_deferral', deferrals } };
    }
    case 'request_correction': {
      const candidates = materials.filter((m) => assessIntake(materials, receiptsFor(materials, m.id)).allowed.requestCorrection);
      const material = choose(candidates);
      if (!material) return null;
      const receipts = receiptsFor(materials, material.id);
      const items = assessIntake(materials, receipts).toSupplement.map((a) => ({
        materialId: a.material.id,
        name: a.material.name,
        instruction: a.problem ? `${a.problem}，请补交` : '请补交',
      }));
      return { receipts, decision: { kind: 'request_correction', items, note: '' } };
    }
    case 'reject': {
      const reason = choose(offer.rejectionReasons);
      if (!reason) return null;
      return {
        receipts: receiptsFor(materials, null),
        decision: { kind: 'reject', reasonId: reason.id, reason: reason.text, legalBasis: reason.legalBasis },
      };
    }
  }
}

/** “事项 名称（编码）的 容缺受理”, for a message that says which intake was refused. */
export function describeIntake(item: { code: string; name: string }, kind: IntakeDecisionKind): string {
  return `事项“${item.name}”（${item.code}）的${INTAKE_DECISION_LABELS[kind]}`;
}
