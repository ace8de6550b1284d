import { documentLabel, type DocumentKind } from '../../../contract/printing';
import { ITEM_TYPES, type ItemType } from '../../../contract/item-types';
import { loadItemVersion } from '../../catalog/catalog-store';
import type { Db } from '../../storage/database';
import { statement } from '../../storage/statements';
import type { StoredDocument } from './document-store';

const isItemType = (value: unknown): value is ItemType => typeof value === 'string' && (ITEM_TYPES as readonly string[]).includes(value);

/**
 * The item type a refusal decision was issued under, as its template read it (noticeItemType:
 * the decision's recorded type, else the case's item's): the type its `case.decided` event
 * recorded, else the type of the catalog version the case was received under; null when neither
 * is known (the notice then used the neutral words, and so does the label).
 */
function decidedItemType(db: Db, doc: StoredDocument): ItemType | null {
  if (doc.eventId !== null) {
    const row = statement(db, "SELECT json_extract(payload, '$.itemType') AS itemType FROM events WHERE id = ?").get(doc.eventId) as { itemType: unknown } | undefined;
    if (isItemType(row?.itemType)) return row.itemType;
  }
  if (doc.caseId === null) return null;
  const item = statement(db, 'SELECT item_code AS code, item_version AS version FROM cases WHERE id = ?').get(doc.caseId) as { code: string; version: number } | undefined;
  const type = item ? loadItemVersion(db, item.code, item.version)?.item.itemType : undefined;
  return isItemType(type) ? type : null;
}

/**
 * The name a stored document goes by in lists and on the timeline (documentLabel): a refusal
 * decision by the type of the item decided (不予给付决定书 …), the same words its page carries.
 */
export function issuedDocumentLabel(db: Db, doc: StoredDocument): string {
  const kind: DocumentKind = doc.kind;
  return kind === 'refusalDecision' ? documentLabel(kind, decidedItemType(db, doc)) : documentLabel(kind, null);
}
