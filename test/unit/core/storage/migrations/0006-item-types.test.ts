import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ITEM_TYPE_LABELS, ITEM_TYPES } from '../../../../../electron/contract/item-types';
import { loadCatalogFile } from '../../../../../electron/core/catalog/catalog-file-schema';
import { importCatalog, loadItemVersion } from '../../../../../electron/core/catalog/catalog-store';
import type { Db } from '../../../../../electron/core/storage/database';
import { databaseAt, migrate } from './migrate-to';

const shipped = loadCatalogFile(
  JSON.parse(readFileSync(fileURLToPath(new URL('../../../../../resources/catalog/default-catalog.json', import.meta.url)), 'utf8')) as unknown,
);
const foodLicence = shipped.items.find((i) => i.name === '食品经营许可');
if (!foodLicence) throw new Error('食品经营许可 missing from the default catalog');

/** A catalog row as a build before 0006 stored it: the item type by its Chinese name. */
function storeOld(db: Db, code: string, version: number, itemType: string, body: object = {}): void {
  db.prepare(
    `INSERT INTO catalog_items (code, version, name, department, case_type, legal_days, promised_days, in_force,
       catalog_version, body, imported_at)
     VALUES (?, ?, 'n', 'd', 'promised', 5, 3, ?, '2026-11-01', ?, 't')`,
  ).run(code, version, version === 1 ? 1 : 0, JSON.stringify({ ...body, code, itemType }));
}

function typeIn(db: Db, code: string, version = 1): unknown {
  return db.prepare(`SELECT json_extract(body, '$.itemType') FROM catalog_items WHERE code = ? AND version = ?`).pluck().get(code, version);
}

describe('migration 0006 item types', () => {
  it('renames every stored item type to its English name, in every version of every item', () => {
    const db = databaseAt(5);
    ITEM_TYPES.forEach((type, i) => storeOld(db, `C${String(i).padStart(12, '0')}`, 1, ITEM_TYPE_LABELS[type]));
    storeOld(db, 'C000000000000', 2, '行政确认');
    migrate(db, 6);
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    ITEM_TYPES.forEach((type, i) => expect(typeIn(db, `C${String(i).padStart(12, '0')}`), type).toBe(type));
    expect(typeIn(db, 'C000000000000', 2)).toBe('confirmation');
  });

  it('leaves an item the same item: reimporting it unchanged makes no new version, and it reads back', () => {
    const db = databaseAt(5);
    const { itemType: _stored, ...rest } = foodLicence;
    storeOld(db, foodLicence.code, 1, '行政许可', rest);
    migrate(db, 6);
    const result = importCatalog(db, { ...shipped, items: [foodLicence] }, 'test', 't2');
    expect(result).toEqual({ added: 0, changed: 0, unchanged: 1, cancelled: 0 });
    expect(loadItemVersion(db, foodLicence.code, 1)?.item.itemType).toBe('licensing');
  });

  it('stops, changing nothing, at a stored type it does not know', () => {
    const db = databaseAt(5);
    storeOld(db, 'C000000000001', 1, '行政许可');
    storeOld(db, 'C000000000002', 1, '行政备案');
    expect(() => migrate(db, 6)).toThrow(/C000000000002 version 1 has an unknown item type "行政备案"/);
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(typeIn(db, 'C000000000001')).toBe('行政许可');
  });
});
