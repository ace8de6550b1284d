import { ITEM_TYPES, ITEM_TYPE_LABELS } from '../../../contract/item-types';
import type { Migration } from '../migration';

/**
 * Item types are stored by their English names (GB/T 39046-2020 A.1, see contract/item-types.ts)
 * instead of the Chinese ones catalogs carried before. Every stored item version is rewritten
 * in place: the same fact in another spelling, so the rows stay what cases were accepted under
 * (a next import of an unchanged item still compares equal and makes no new version), and the
 * type of a case stored before snapshots carried one can be read from the row it points at.
 * A row whose type is neither spelling would fail every later read, so it stops the migration
 * (and the start) here, with the database left as it was.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'item-types',
  up(db) {
    const rename = db.prepare(
      `UPDATE catalog_items SET body = json_set(body, '$.itemType', ?) WHERE json_extract(body, '$.itemType') = ?`,
    );
    for (const type of ITEM_TYPES) rename.run(type, ITEM_TYPE_LABELS[type]);
    const unknown = db
      .prepare(
        `SELECT code, version, json_extract(body, '$.itemType') AS itemType FROM catalog_items
         WHERE json_extract(body, '$.itemType') IS NULL
            OR json_extract(body, '$.itemType') NOT IN (${ITEM_TYPES.map(() => '?').join(', ')})
         LIMIT 1`,
      )
      .get(...ITEM_TYPES) as { code: string; version: number; itemType: unknown } | undefined;
    if (unknown) {
      throw new Error(
        `catalog item ${unknown.code} version ${unknown.version} has an unknown item type ${JSON.stringify(unknown.itemType)}`,
      );
    }
  },
};
