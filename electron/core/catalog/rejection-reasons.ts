import type { ItemRejectionReason } from '../../contract/catalog';
import { CounterError } from '../../contract/errors';
import { ITEM_TYPE_LABELS, type ItemType } from '../../contract/item-types';
import type { RejectionReason } from './catalog-file-schema';

/** What a stock 不予受理 reason needs to know of the item it is offered for. */
export interface ReasonItem {
  code: string;
  /** Null: the type cannot be known (see caseItemType); only a reason for every type fits. */
  itemType: ItemType | null;
  /** The item's 设定依据, printed for reasons whose basis is the item's own law. */
  basis: string;
  name: string;
}

/**
 * Whether a stock reason rests on a law that governs this item: its item types include the
 * item's, and a sector's reason (with item codes) names the item. An item of unknown type
 * gets no stock reason: citing a law that may not govern it voids the notice, and the clerk
 * can still write the reason and its basis.
 */
export function reasonApplies(reason: RejectionReason, item: Pick<ReasonItem, 'code' | 'itemType'>): boolean {
  if (item.itemType === null || !reason.itemTypes.includes(item.itemType)) return false;
  return reason.itemCodes === undefined || reason.itemCodes.includes(item.code);
}

/** The legal basis printed with `reason` for `item`: its own, or the item's 设定依据. */
export function reasonLegalBasis(reason: RejectionReason, item: Pick<ReasonItem, 'basis'>): string {
  return reason.legalBasis ?? item.basis;
}

/** The stock reasons to offer for `item`, in the list's order, each with the basis to print. */
export function reasonsForItem(reasons: readonly RejectionReason[], item: ReasonItem): ItemRejectionReason[] {
  return reasons
    .filter((r) => reasonApplies(r, item))
    .map((r) => ({ id: r.id, text: r.text, legalBasis: reasonLegalBasis(r, item) }));
}

/**
 * Why the stock reason `reasonId` may not be named in a 不予受理 of `item`, as the typed error
 * to throw (invalid_arguments on `decision.reasonId`), or null when it may (or none was named:
 * a reason the clerk wrote is theirs to answer for). Unknown ids and reasons resting on another
 * type's law (e.g. 申请事项依法不需要取得行政许可 for 居住证申领) are both refused.
 */
export function rejectionReasonProblem(
  reasons: readonly RejectionReason[],
  reasonId: string | null,
  item: Pick<ReasonItem, 'code' | 'itemType' | 'name'>,
): CounterError | null {
  if (reasonId === null) return null;
  const reason = reasons.find((r) => r.id === reasonId);
  const message = !reason
    ? '不予受理理由不在理由清单中'
    : reasonApplies(reason, item)
      ? null
      : `所选常用理由不适用于“${item.name}”（${item.itemType ? ITEM_TYPE_LABELS[item.itemType] : '事项类型不明'}），请重新选择或自行填写理由和法律依据`;
  if (message === null) return null;
  return new CounterError('invalid_arguments', message, {
    fieldErrors: [{ path: 'decision.reasonId', message }],
    details: { reasonId, itemType: item.itemType },
  });
}
