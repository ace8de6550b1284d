import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { HallCodeSchema } from '../../electron/contract/sync';
import { checkUnifiedSocialCreditCode } from '../../electron/contract/validation';
import { ExportError } from './export-error';

/**
 * What the exporter is told about a hall (a JSON file given with `--profile`): the accepting unit
 * as GB/T 39046-2020 names it on every case — its name and unified social credit code (GB
 * 32100-2015, check character enforced) — and optionally its administrative division code
 * (GB/T 2260, 6 digits). The windows do not send these: they are the hall's, not a case's.
 */
export const HallProfileSchema = z.strictObject({
  format: z.literal(1),
  hall: HallCodeSchema,
  unitName: z.string().trim().min(1, '请填写受理单位名称').max(100),
  creditCode: z.string().superRefine((value, ctx) => {
    const result = checkUnifiedSocialCreditCode(value, 'enforce');
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message });
  }),
  divisionCode: z
    .string()
    .regex(/^\d{6}$/, '行政区划代码应为 6 位数字')
    .optional(),
});
export type HallProfile = z.infer<typeof HallProfileSchema>;

/** Validates a parsed hall profile for `hall`; throws ExportError `bad_profile` naming the field. */
export function parseHallProfile(json: unknown, hall: string, source = '大厅信息'): HallProfile {
  const parsed = HallProfileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ExportError('bad_profile', `${source}格式不正确：${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  if (parsed.data.hall !== hall) {
    throw new ExportError('bad_profile', `${source}属于大厅 ${parsed.data.hall}，不是要导出的 ${hall}`);
  }
  return parsed.data;
}

/** Reads and validates the hall profile file at `path`; throws ExportError `bad_profile`. */
export function readHallProfile(path: string, hall: string): HallProfile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (err) {
    throw new ExportError('bad_profile', `大厅信息文件 ${path} 无法读取：${(err as Error).message}`);
  }
  return parseHallProfile(json, hall, `大厅信息文件 ${path} `);
}
