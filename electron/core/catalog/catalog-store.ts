import type { Db } from '../storage/database';
import { statement } from '../storage/statements';
import { CatalogItemSchema, type CatalogFile, type CatalogItemInput } from './catalog-file-schema';

export interface StoredItem {
  code: string;
  version: number;
  inForce: boolean;
  catalogVersion: string;
  item: CatalogItemInput;
}

export interface CatalogImportResult {
  added: number;
  changed: number;
  unchanged: number;
  cancelled: number;
}

/** JSON with sorted keys: two imports of the same item compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface ItemRow {
  code: string;
  version: number;
  in_force: number;
  catalog_version: string;
  body: string;
}

function fromRow(row: ItemRow): StoredItem {
  return {
    code: row.code,
    version: row.version,
    inForce: row.in_force === 1,
    catalogVersion: row.catalog_version,
    item: CatalogItemSchema.parse(JSON.parse(row.body)),
  };
}

export function catalogIsEmpty(db: Db): boolean {
  return statement(db, 'SELECT 1 FROM catalog_items LIMIT 1').get() === undefined;
}

/**
 * Imports a whole catalog (the shipped default, later the upstream's): an item whose content
 * changed gets a new version and the old one stops being in force but stays, because cases
 * point at it; an item missing from a full catalog is cancelled the same way. Call in a transaction.
 */
export function importCatalog(db: Db, file: CatalogFile, source: string, at: string): CatalogImportResult {
  const result: CatalogImportResult = { added: 0, changed: 0, unchanged: 0, cancelled: 0 };
  const inForce = new Map(
    (statement(db, 'SELECT * FROM catalog_items WHERE in_force = 1').all() as ItemRow[]).map((r) => [r.code, r]),
  );
  const retire = statement(db, 'UPDATE catalog_items SET in_force = 0 WHERE code = ? AND version = ?');
  for (const item of file.items) {
    const current = inForce.get(item.code);
    inForce.delete(item.code);
    result[putItem(db, current, item, file.catalogVersion, at)]++;
  }
  for (const gone of inForce.values()) {
    retire.run(gone.code, gone.version);
    result.cancelled++;
  }
  recordImport(db, file.catalogVersion, source, result, at);
  return result;
}

/**
 * `item` as the in-force version of its code: unchanged when the content is the same, else a new
 * version, the old one retired (kept: cases point at it).
 */
function putItem(db: Db, current: ItemRow | undefined, item: CatalogItemInput, catalogVersion: string, at: string): 'added' | 'changed' | 'unchanged' {
  if (current && canonical(JSON.parse(current.body)) === canonical(item)) return 'unchanged';
  if (current) statement(db, 'UPDATE catalog_items SET in_force = 0 WHERE code = ? AND version = ?').run(current.code, current.version);
  const version = ((statement(db, 'SELECT max(version) AS v FROM catalog_items WHERE code = ?').get(item.code) as { v: number | null }).v ?? 0) + 1;
  statement(
    db,
    `INSERT INTO catalog_items (code, version, name, department, case_type, legal_days, promised_days, in_force,
       catalog_version, body, imported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
  ).run(item.code, version, item.name, item.department, item.caseType, item.legalDays, item.promisedDays, catalogVersion, JSON.stringify(item), at);
  return current ? 'changed' : 'added';
}

function recordImport(db: Db, catalogVersion: string, source: string, result: CatalogImportResult, at: string): void {
  statement(
    db,
    `INSERT INTO catalog_imports (catalog_version, source, added, changed, cancelled, imported_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(catalogVersion, source, result.added, result.changed, result.cancelled, at);
}

function inForceRow(db: Db, code: string): ItemRow | undefined {
  return statement(db, 'SELECT * FROM catalog_items WHERE code = ? AND in_force = 1').get(code) as ItemRow | undefined;
}

/**
 * One item from the upstream (issue 16, `catalog.itemChanged`), already validated with
 * CatalogItemSchema: it becomes the in-force version of its code (putItem), the other items
 * untouched; the import is recorded under `source`. Call in a transaction.
 */
export function putCatalogItem(db: Db, item: CatalogItemInput, catalogVersion: string, source: string, at: string): CatalogImportResult {
  const result: CatalogImportResult = { added: 0, changed: 0, unchanged: 0, cancelled: 0 };
  result[putItem(db, inForceRow(db, item.code), item, catalogVersion, at)]++;
  recordImport(db, catalogVersion, source, result, at);
  return result;
}

/**
 * Takes an item out of force now (issue 16, `catalog.itemCancelled` whose date has come): its
 * versions stay, because cases point at them. False when no version of it was in force. Call in
 * a transaction.
 */
export function retireCatalogItem(db: Db, code: string, catalogVersion: string, source: string, at: string): boolean {
  const current = inForceRow(db, code);
  if (!current) return false;
  statement(db, 'UPDATE catalog_items SET in_force = 0 WHERE code = ? AND version = ?').run(current.code, current.version);
  recordImport(db, catalogVersion, source, { added: 0, changed: 0, unchanged: 0, cancelled: 1 }, at);
  return true;
}

export function loadInForceItems(db: Db): StoredItem[] {
  return (statement(db, 'SELECT * FROM catalog_items WHERE in_force = 1 ORDER BY department, name').all() as ItemRow[]).map(
    fromRow,
  );
}

export function loadItemVersion(db: Db, code: string, version: number): StoredItem | null {
  const row = statement(db, 'SELECT * FROM catalog_items WHERE code = ? AND version = ?').get(code, version) as
    | ItemRow
    | undefined;
  return row ? fromRow(row) : null;
}
