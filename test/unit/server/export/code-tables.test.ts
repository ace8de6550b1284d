import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_TYPES } from '../../../../electron/contract/catalog';
import { DECISION_OUTCOMES } from '../../../../electron/contract/cases';
import { ITEM_TYPES } from '../../../../electron/contract/item-types';
import { SATISFACTIONS } from '../../../../electron/contract/ratings';
import { IDENTITY_DOCUMENT_TYPES } from '../../../../electron/contract/validation';
import { caseElementsFromEvents } from '../../../../server/export/case-record';
import { EXPORT_CODE_TABLES_DIR, loadExportCodeTables, type ExportTableName } from '../../../../server/export/code-tables';
import { ExportError } from '../../../../server/export/export-error';
import { makeTempDir } from '../../../support/temp-dirs';
import { ACCEPTED, caseStream, profile, received } from './export-fixtures';

/** A writable copy of the shipped export tables. */
function tablesCopy(): string {
  const dir = makeTempDir('export-tables');
  cpSync(EXPORT_CODE_TABLES_DIR, dir, { recursive: true });
  return dir;
}

function errorOf(fn: () => unknown): ExportError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ExportError) return err;
    throw err;
  }
  throw new Error('expected an ExportError');
}

describe('export code tables', () => {
  it('the national set codes every value a window stores', () => {
    const tables = loadExportCodeTables('national');
    const covers: Array<[ExportTableName, readonly string[]]> = [
      ['item-type', ITEM_TYPES],
      ['case-type', CASE_TYPES],
      ['certificate-type', [...IDENTITY_DOCUMENT_TYPES, 'unified_social_credit_code']],
      ['applicant-type', ['person', 'organisation']],
      ['result', [...DECISION_OUTCOMES, 'rejected', 'withdrawn', 'terminated']],
      ['satisfaction-national', SATISFACTIONS],
      ['satisfaction-feed', SATISFACTIONS],
      ['channel', ['window']],
      ['rating-channel', ['hall_device']],
    ];
    for (const [table, keys] of covers) for (const key of keys) expect(() => tables.entry(table, key), `${table} ${key}`).not.toThrow();
    expect(tables.entry('certificate-type', 'resident_id_card').code).toBe('111');
    expect(tables.entry('case-type', 'immediate').code).toBe('1');
    expect(tables.entry('case-type', 'promised').code).toBe('2');
    expect(tables.entry('case-type', 'joint').code).toBe('9');
    expect(tables.entry('channel', 'window').code).toBe('1');
    expect(tables.entry('rating-channel', 'hall_device').code).toBe('4');
    expect(tables.target.satisfactionTable).toBe('satisfaction-national');
  });

  it('a province table overrides one code and keeps the national rest', () => {
    const dir = tablesCopy();
    mkdirSync(join(dir, 'ZJ'));
    writeFileSync(
      join(dir, 'ZJ', 'case-type.json'),
      JSON.stringify({ format: 1, table: 'case-type', source: '浙江省办件类型', entries: [{ key: 'joint', name: '联办件', code: '3' }] }),
    );
    const zj = loadExportCodeTables('ZJ', { exportDir: dir });
    expect(zj.entry('case-type', 'joint')).toMatchObject({ code: '3' });
    expect(zj.entry('case-type', 'promised')).toMatchObject({ code: '2' });
    expect(zj.entry('certificate-type', 'passport')).toMatchObject({ code: '414' });
    // The province's target.json is optional: without it, the national settings hold.
    expect(zj.target.satisfactionTable).toBe('satisfaction-national');
    // The national set is unchanged by a province's overlay.
    expect(loadExportCodeTables('national', { exportDir: dir }).entry('case-type', 'joint').code).toBe('9');

    const c = caseStream();
    c.event('case.received', received({ item: { ...received().item, caseType: 'joint' } }));
    c.event('case.accepted', ACCEPTED);
    expect(caseElementsFromEvents(c.events, { tables: zj, profile }).caseType).toEqual({ code: '3', name: '联办件' });
  });

  it('a value with no code is an export error naming the table and the value, never a default', () => {
    const dir = tablesCopy();
    const path = join(dir, 'national', 'case-type.json');
    const file = JSON.parse(readFileSync(path, 'utf8')) as { entries: Array<{ key: string }> };
    file.entries = file.entries.filter((e) => e.key !== 'joint');
    writeFileSync(path, JSON.stringify(file));
    const tables = loadExportCodeTables('national', { exportDir: dir });

    const c = caseStream();
    c.event('case.received', received({ item: { ...received().item, caseType: 'joint' } }));
    const error = errorOf(() => caseElementsFromEvents(c.events, { tables, profile }));
    expect(error.code).toBe('missing_mapping');
    expect(error.details).toEqual({ table: 'case-type', value: 'joint' });
    expect(error.message).toBe('代码表“case-type”（national）没有“joint”的代码');
  });

  it('refuses a bad table file, an unknown table, a bad target and an unknown province, each in words', () => {
    const dir = tablesCopy();
    mkdirSync(join(dir, 'AH'));
    writeFileSync(join(dir, 'AH', 'result.json'), JSON.stringify({ format: 1, table: 'result', entries: [{ key: 'Approved', name: '准予', code: '1' }] }));
    expect(errorOf(() => loadExportCodeTables('AH', { exportDir: dir })).message).toMatch(/AH\/result\.json 格式不正确：entries\.0\.key must be lower_snake_case/);

    writeFileSync(join(dir, 'AH', 'result.json'), JSON.stringify({ format: 1, table: 'colour', entries: [{ key: 'red', name: '红', code: '1' }] }));
    expect(errorOf(() => loadExportCodeTables('AH', { exportDir: dir })).message).toMatch(/覆盖的“colour”不是已知的代码表/);

    writeFileSync(join(dir, 'AH', 'result.json'), '{ not json');
    expect(errorOf(() => loadExportCodeTables('AH', { exportDir: dir })).code).toBe('bad_code_table');

    mkdirSync(join(dir, 'FJ'));
    writeFileSync(join(dir, 'FJ', 'target.json'), JSON.stringify({ format: 1, name: '福建', satisfactionTable: 'satisfaction-upside-down' }));
    expect(errorOf(() => loadExportCodeTables('FJ', { exportDir: dir })).message).toMatch(/target\.json 格式不正确：satisfactionTable/);

    const unknown = errorOf(() => loadExportCodeTables('XX', { exportDir: dir }));
    expect(unknown.code).toBe('unknown_province');
    expect(unknown.message).toContain('没有省份“XX”的代码表目录');
    expect(errorOf(() => loadExportCodeTables('../etc', { exportDir: dir })).code).toBe('unknown_province');
  });
});
