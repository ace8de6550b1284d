import { join } from 'node:path';
import { z } from 'zod';
import { HallCodeSchema } from '../../electron/contract/sync';
import { UsageError } from '../cli/args';
import type { Queryable } from '../db/queryable';
import { loadExportCodeTables, ProvinceSchema } from './code-tables';
import { readHallProfile } from './hall-profile';
import { fileBatchAdapter } from './file-batch-adapter';
import { runProvincialExport, type ExportSummary } from './run-export';

/** The usage line of the export command, for the server's USAGE text. */
export const EXPORT_USAGE =
  '  npm run server -- export --hall JQ --province ZJ --out DIR [--since ISO] [--profile FILE] [--data-dir DIR]\n' +
  '                                                                 把大厅的办件和好差评按省级代码表导出为文件批次（JSON Lines + 清单）';

/** `--profile`'s default: the hall's profile file in the current folder's `hall-profiles/`. */
export function defaultProfilePath(hall: string): string {
  return join('hall-profiles', `${hall}.json`);
}

/**
 * `npm run server -- export …`, as read from the command line: the hall, the province whose
 * code tables to use (a folder under server/export/code-tables), the folder the batches go to,
 * optionally the instant from which changed cases and ratings are exported again, and the hall
 * profile file (acceptance unit and its credit code).
 */
export interface ExportCommand {
  hall: string;
  province: string;
  out: string;
  since: string | null;
  profile: string;
}

function parseOr<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${what}：${parsed.error.issues[0]?.message ?? '格式不正确'}`);
  return parsed.data;
}

/**
 * Reads the export command's options (the strings node:util parseArgs gave). Throws UsageError
 * with the reason. `--since` takes an ISO 8601 instant with its offset (2026-11-01T00:00:00+08:00).
 */
export function parseExportCommand(values: { hall?: string | undefined; province?: string | undefined; out?: string | undefined; since?: string | undefined; profile?: string | undefined }): ExportCommand {
  const hall = parseOr(HallCodeSchema, values.hall, '--hall');
  const province = parseOr(ProvinceSchema, values.province, '--province');
  const out = parseOr(z.string({ error: '请给出导出目录' }).min(1, '请给出导出目录'), values.out, '--out');
  const since =
    values.since === undefined
      ? null
      : new Date(parseOr(z.iso.datetime({ offset: true, error: '应为带时区的 ISO 8601 时间，如 2026-11-01T00:00:00+08:00' }), values.since, '--since')).toISOString();
  return { hall, province, out, since, profile: values.profile ?? defaultProfilePath(hall) };
}

/**
 * Runs the export on `db`: loads the province's code tables and the hall profile, then writes the
 * batches with the file-batch adapter into `out`. Resolves with the summary (print it as one JSON
 * line). Throws ExportError (tables, profile) or ExportFailedError (records: every missing
 * mapping listed, nothing written) — print their message and exit non-zero.
 */
export async function runExportCommand(db: Queryable, command: ExportCommand, codeTableDirs?: { exportDir?: string; appDir?: string }): Promise<ExportSummary> {
  const tables = loadExportCodeTables(command.province, codeTableDirs);
  const profile = readHallProfile(command.profile, command.hall);
  return runProvincialExport(db, {
    hall: command.hall,
    province: command.province,
    since: command.since,
    ctx: { tables, profile },
    adapter: fileBatchAdapter(command.out),
  });
}
