import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CodeTableFileSchema, type CodeTableEntry, type CodeTableFile } from '../../electron/core/catalog/catalog-file-schema';
import { ExportError } from './export-error';

// The provincial export's code tables (issue 16; DOMAIN.md "National data standards"): the case
// stores values by name, and only here are they given a target's numbers. The national set is the
// app's own tables (resources/code-tables: item and certificate types, shared with the window)
// plus server/export/code-tables/national; a province's folder beside it overrides entries by key.

/** Where the exporter's own tables live: one folder per target (`national`, then e.g. `ZJ`). */
export const EXPORT_CODE_TABLES_DIR = fileURLToPath(new URL('./code-tables/', import.meta.url));
/** The tables the window app ships (certificate and item types), part of the national set. */
export const APP_CODE_TABLES_DIR = fileURLToPath(new URL('../../resources/code-tables/', import.meta.url));

/** The tables an export needs, by their `table` name. */
export const EXPORT_TABLES = [
  'item-type',
  'case-type',
  'channel',
  'applicant-type',
  'certificate-type',
  'result',
  'step',
  'satisfaction-national',
  'satisfaction-feed',
  'rating-channel',
] as const;
export type ExportTableName = (typeof EXPORT_TABLES)[number];

/** The satisfaction tables a target may choose between: the scale's direction differs (1 or 5 = 非常满意). */
export const SATISFACTION_TABLES = ['satisfaction-national', 'satisfaction-feed'] as const;

/**
 * A target's settings (`target.json` in its folder): its name and which satisfaction table its
 * 好差评 records use — the national satisfaction code table numbers 1 = 非常满意, the live 好差评
 * feeds 5 = 非常满意 (GB/T 39734-2020; 国办发〔2019〕51号).
 */
export const ExportTargetSchema = z.strictObject({
  format: z.literal(1),
  name: z.string().trim().min(1).max(100),
  satisfactionTable: z.enum(SATISFACTION_TABLES),
});
export type ExportTarget = z.infer<typeof ExportTargetSchema>;

/** A province code as given to `--province`: the name of its folder. */
export const ProvinceSchema = z.string().regex(/^(national|[A-Z0-9]{2,6})$/, '省份应为 2–6 位大写字母或数字（其代码表目录名），或 national');

/** The code tables of one export target, looked up by stored name. */
export interface ExportCodeTables {
  /** The folder name it was loaded from (`national`, `ZJ` …). */
  readonly province: string;
  readonly target: ExportTarget;
  /**
   * The entry for the stored value `key` in `table`. Throws ExportError (`missing_mapping`)
   * naming the table and the value when there is none: an export never guesses a code.
   */
  entry(table: ExportTableName, key: string): CodeTableEntry;
}

/** Every table's entries after the overlay, keyed by stored name; and the target settings. */
export interface CodeTableSet {
  province: string;
  target: ExportTarget;
  tables: ReadonlyMap<string, ReadonlyMap<string, CodeTableEntry>>;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (err) {
    throw new ExportError('bad_code_table', `代码表文件 ${path} 无法读取：${(err as Error).message}`);
  }
}

function parseTable(path: string): CodeTableFile {
  const parsed = CodeTableFileSchema.safeParse(readJson(path));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ExportError('bad_code_table', `代码表文件 ${path} 格式不正确：${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

function parseTarget(path: string): ExportTarget {
  const parsed = ExportTargetSchema.safeParse(readJson(path));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ExportError('bad_code_table', `导出目标设置 ${path} 格式不正确：${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

/** The code-table files of a folder (every `*.json` but target.json), sorted for a stable order. */
function tableFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && name !== 'target.json')
    .sort()
    .map((name) => join(dir, name));
}

/**
 * Loads the code tables of `province`: the national set, then the province folder's tables over
 * it entry by entry, and the province's target.json (the national one when it has none).
 * `dirs` defaults to the shipped folders (tests point it at a temporary copy).
 *
 * Throws ExportError: `unknown_province` when the folder does not exist, `bad_code_table` when a
 * file is not valid JSON or fails its schema (naming the file and field), or a table is missing.
 */
export function loadCodeTableSet(
  province: string,
  dirs: { exportDir?: string; appDir?: string } = {},
): CodeTableSet {
  const exportDir = dirs.exportDir ?? EXPORT_CODE_TABLES_DIR;
  const appDir = dirs.appDir ?? APP_CODE_TABLES_DIR;
  const provinceOk = ProvinceSchema.safeParse(province);
  if (!provinceOk.success) throw new ExportError('unknown_province', `省份代码“${province}”不正确：${provinceOk.error.issues[0]?.message ?? ''}`);
  const provinceDir = join(exportDir, province);
  if (!existsSync(provinceDir)) {
    throw new ExportError('unknown_province', `没有省份“${province}”的代码表目录（${provinceDir}）；请先建立该目录（可只放 target.json），或用 --province national`);
  }

  const tables = new Map<string, Map<string, CodeTableEntry>>();
  const nationalDir = join(exportDir, 'national');
  for (const path of [...tableFiles(appDir), ...tableFiles(nationalDir)]) {
    const file = parseTable(path);
    if (tables.has(file.table)) throw new ExportError('bad_code_table', `代码表“${file.table}”在全国默认代码表中出现两次（${path}）`);
    tables.set(file.table, new Map(file.entries.map((e) => [e.key, e])));
  }
  let target = parseTarget(join(nationalDir, 'target.json'));
  if (province !== 'national') {
    for (const path of tableFiles(provinceDir)) {
      // An overlay replaces the national entries with the same keys (or adds some); the rest stay.
      const overlay = parseTable(path);
      const base = tables.get(overlay.table);
      if (!base) throw new ExportError('bad_code_table', `省份代码表 ${path} 覆盖的“${overlay.table}”不是已知的代码表`);
      for (const entry of overlay.entries) base.set(entry.key, entry);
    }
    const provinceTarget = join(provinceDir, 'target.json');
    if (existsSync(provinceTarget)) target = parseTarget(provinceTarget);
  }
  for (const name of EXPORT_TABLES) {
    if (!tables.has(name)) throw new ExportError('bad_code_table', `缺少代码表“${name}”`);
  }
  return { province, target, tables };
}

/** The lookups over a loaded set; see ExportCodeTables.entry for the error a missing value gives. */
export function codeTables(set: CodeTableSet): ExportCodeTables {
  return {
    province: set.province,
    target: set.target,
    entry(table, key) {
      const entry = set.tables.get(table)?.get(key);
      if (!entry) {
        throw new ExportError('missing_mapping', `代码表“${table}”（${set.province}）没有“${key}”的代码`, { table, value: key });
      }
      return entry;
    },
  };
}

/** loadCodeTableSet then codeTables: the tables an export of `province` uses. */
export function loadExportCodeTables(province: string, dirs?: { exportDir?: string; appDir?: string }): ExportCodeTables {
  return codeTables(loadCodeTableSet(province, dirs));
}
