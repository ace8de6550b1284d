import { z } from 'zod';

/**
 * What the core is doing before it answers calls, when that takes long enough to show: the backup
 * taken before migrating, then each schema step (electron/core/storage/migration-progress.ts),
 * then `checkpoint`, the upgraded pages copied from the WAL into the database file.
 * `step` of `steps`: the schema version being written and the one this build ends at (as the
 * database's `user_version` counts them). `percent`: of that stage, 0–100, whole numbers.
 * `phase` within a step: `running` (a step with no measure of its own), `copying` (rows of a
 * rebuilt table), `dropping` (the old table's pages freed), `indexing`, `checking` (foreign
 * keys), `done`. A phase other than `copying` is one long statement: its percent stands still
 * while it runs (the screens count the seconds meanwhile).
 */
export const StartProgressSchema = z.object({
  stage: z.enum(['backup', 'migrate', 'checkpoint']),
  step: z.number().int().min(0),
  steps: z.number().int().min(0),
  phase: z.enum(['running', 'copying', 'dropping', 'indexing', 'checking', 'done']),
  percent: z.number().int().min(0).max(100),
});
export type StartProgress = z.infer<typeof StartProgressSchema>;

/** The clerk's words for a start-progress report: 「正在升级数据库（第 9 步，共 13 步）… 已完成 42%」. */
export function describeStartProgress(progress: StartProgress): string {
  if (progress.stage === 'backup') return `正在备份数据库（升级前）… 已完成 ${progress.percent}%`;
  if (progress.stage === 'checkpoint') return `正在写入升级后的数据库文件… 已完成 ${progress.percent}%`;
  const phase =
    progress.phase === 'dropping' ? '，正在释放旧表空间' : progress.phase === 'indexing' ? '，正在重建索引' : progress.phase === 'checking' ? '，正在检查数据' : '';
  return `正在升级数据库（第 ${progress.step} 步，共 ${progress.steps} 步${phase}）… 已完成 ${progress.percent}%`;
}
