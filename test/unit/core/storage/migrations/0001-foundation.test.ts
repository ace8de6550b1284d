import { describe, expect, it } from 'vitest';
import { columns, databaseAt, tables } from './migrate-to';

describe('migration 0001 foundation', () => {
  it('creates settings, the versioned catalog and the calendar', () => {
    const db = databaseAt(1);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(['app_meta', 'calendar_years', 'catalog_imports', 'catalog_items']);
    expect(columns(db, 'catalog_items')).toEqual([
      'code', 'version', 'name', 'department', 'case_type', 'legal_days', 'promised_days', 'in_force', 'catalog_version', 'body', 'imported_at',
    ]);
  });

  it('keeps several versions of an item but only one in force', () => {
    const db = databaseAt(1);
    const insert = db.prepare(
      `INSERT INTO catalog_items VALUES (?, ?, '个体工商户设立登记', '区市场监督管理局', 'immediate', 3, 0, ?, '2026-11-01', '{}', '2026-11-01T00:00:00Z')`,
    );
    insert.run('C1', 1, 0);
    insert.run('C1', 2, 1);
    expect(() => insert.run('C1', 3, 1)).toThrow(/UNIQUE/);
    expect(() => insert.run('C1', 2, 0)).toThrow(/UNIQUE|PRIMARY/);
  });

  it('refuses values outside the domain', () => {
    const db = databaseAt(1);
    expect(() =>
      db.prepare(`INSERT INTO catalog_items VALUES ('C2', 1, 'x', 'd', 'instant', 1, 1, 1, 'v', '{}', 't')`).run(),
    ).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO calendar_years VALUES (2027, 'guessed', '{}', 't')`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO calendar_years VALUES (2027, 'provisional', 'not json', 't')`).run()).toThrow(/CHECK/);
  });
});
