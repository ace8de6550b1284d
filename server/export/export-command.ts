import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { z } from 'zod';
import { HallCodeSchema } from '../../electron/contract/sync';
import { UsageError } from '../cli/usage-error';
import type { ExportWatermark } from './adapter';
import { loadExportCodeTables, ProvinceSchema } from './code-tables';
import { ExportError } from './export-error';
import { readHallProfile } from './hall-profile';
import { BatchManifestSchema, fileBatchAdapter } from './file-batch-adapter';
import { runProvincialExport, type ExportSummary } from './run-export';

/** The usage line of the export command, for the server's USAGE text. */
export const EXPORT_USAGE =
  '  npm run server -- export --hall JQ --province ZJ --out DIR [--since ISO | --since-manifest FILE] [--profile FILE] [--data-dir DIR]\n' +
  '                                                                 把大厅的办件和好差评按省级代码表导出为文件批次（JSON Lines + 清单）；\n' +
  '                                                                 --since-manifest 接着上次导出的任一清单（其水位线）增量导出';

/** `--profile`'s default: the hall's profile file in the current folder's `hall-profiles/`. */
export function defaultProfilePath(hall: string): string {
  return join('hall-profiles', `${hall}.json`);
}

/**
 * `npm run server -- export …`, as read from the command line: the hall, the province whose
 * code tables to use (a folder under server/export/code-tables), the folder the batches go to,
 * optionally where an incremental export starts (`since`, an instant; or `sinceManifest`, a
 * previous run's batch manifest whose watermark is taken), and the hall profile file
 * (acceptance unit and its credit code).
 */
export interface ExportCommand {
  hall: string;
  province: string;
  out: string;
  since: string | null;
  sinceManifest: string | null;
  profile: string;
}

function parseOr<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${what}：${parsed.error.issues[0]?.message ?? '格式不正确'}`);
  return parsed.data;
}

/**
 * Reads the export command's options (the strings node:util parseArgs gave). Throws UsageError
 * with the reason. `--since` takes an ISO 8601 instant with its offset (2026-11-01T00:00:00+08:00);
 * `--since-manifest` a previous export's manifest file; not both.
 */
export function parseExportCommand(values: {
  hall?: string | undefined;
  province?: string | undefined;
  out?: string | undefined;
  since?: string | undefined;
  'since-manifest'?: string | undefined;
  profile?: string | undefined;
}): ExportCommand {
  const hall = parseOr(HallCodeSchema, values.hall, '--hall');
  const province = parseOr(ProvinceSchema, values.province, '--province');
  const out = parseOr(z.string({ error: '请给出导出目录' }).min(1, '请给出导出目录'), values.out, '--out');
  const since =
    values.since === undefined
      ? null
      : new Date(parseOr(z.iso.datetime({ offset: true, error: '应为带时区的 ISO 8601 时间，如 2026-11-01T00:00:00+08:00' }), values.since, '--since')).toISOString();
  const sinceManifest = values['since-manifest'] === undefined ? null : parseOr(z.string().min(1, '请给出上次导出的清单文件'), values['since-manifest'], '--since-manifest');
  if (since !== null && sinceManifest !== null) throw new UsageError('--since 和 --since-manifest 只能给出一个');
  return { hall, province, out, since, sinceManifest, profile: values.profile ?? defaultProfilePath(hall) };
}

/**
 * The watermark of a previous export's batch manifest (`--since-manifest`), for `hall`.
 * @throws ExportError `bad_manifest`: unreadable, not a manifest, another hall's, or written
 *   before manifests carried a watermark (use `--since` then).
 */
export function readManifestWatermark(file: string, hall: string): ExportWatermark {
  let parsed: ReturnType<typeof BatchManifestSchema.safeParse>;
  try {
    parsed = BatchManifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (err) {
    throw new ExportError('bad_manifest', `上次导出的清单 ${file} 无法读取：${err instanceof Error ? err.message : String(err)}`, { file });
  }
  if (!parsed.success) throw new ExportError('bad_manifest', `${file} 不是导出批次的清单：${parsed.error.issues[0]?.message ?? '格式不正确'}`, { file });
  if (parsed.data.hall !== hall) throw new ExportError('bad_manifest', `清单 ${file} 是 ${parsed.data.hall} 大厅的导出，不是 ${hall} 大厅的`, { file });
  if (parsed.data.watermark === undefined) throw new ExportError('bad_manifest', `清单 ${file} 由旧版本写出，没有水位线：请改用 --since 并给出比上次导出更早的时间`, { file });
  return parsed.data.watermark;
}

/**
 * Runs the export on `db`: loads the province's code tables and the hall profile, then writes the
 * batches with the file-batch adapter into `out`. Resolves with the summary (print it as one JSON
 * line). Throws ExportError (tables, profile, the previous manifest) or ExportFailedError
 * (records: every missing mapping listed, nothing written) — print their message and exit non-zero.
 */
export async function runExportCommand(
  db: Pool,
  command: ExportCommand,
  codeTableDirs?: { exportDir?: string; appDir?: string },
  options: { serialisedDatabase?: boolean } = {},
): Promise<ExportSummary> {
  const tables = loadExportCodeTables(command.province, codeTableDirs);
  const profile = readHallProfile(command.profile, command.hall);
  const previous = command.sinceManifest === null ? null : readManifestWatermark(command.sinceManifest, command.hall);
  return runProvincialExport(db, {
    hall: command.hall,
    province: command.province,
    since: previous?.receivedFrom ?? command.since,
    sinceSeq: previous?.seq ?? null,
    ctx: { tables, profile },
    adapter: fileBatchAdapter(command.out),
    serialisedDatabase: options.serialisedDatabase ?? false,
  });
}
