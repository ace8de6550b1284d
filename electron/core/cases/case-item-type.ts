import type { ItemType } from '../../contract/item-types';
import type { ItemSnapshot } from './case-state';

/** What caseItemType needs of the catalog: the stored item version a case points at. */
export interface ItemVersionLookup {
  itemVersion(code: string, version: number): { snapshot: ItemSnapshot } | null;
}

/**
 * The type of the item a case was received under, which the words of its decision follow.
 *
 * A case keeps its item snapshot, and snapshots stored before items carried a type have none.
 * Guessing one (say 行政许可, the words such cases were shown with) would print 准予许可 on a
 * 公共服务 case, the very fault this type exists to prevent. It is not needed either: the case
 * points at its (code, version) row of the catalog (a foreign key), rows are never changed or
 * removed, and migration 0006 gave every stored row its type, so that row answers exactly.
 * Null only when the row cannot be read; callers then use words true of every kind of item
 * (decisionWords(null)) and offer no stock 不予受理 reason. The events are never rewritten:
 * they are history, pushed upstream as they were.
 */
export function caseItemType(item: ItemSnapshot, catalog: ItemVersionLookup): ItemType | null {
  return item.itemType ?? catalog.itemVersion(item.code, item.version)?.snapshot.itemType ?? null;
}
