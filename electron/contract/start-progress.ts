import { z } from 'zod';

/**
 * What the core is doing before it answers calls, when that takes long enough to show: `check`,
 * the start-up integrity check of a database about to be upgraded (integrity-check.ts; it has no
 * measure of its own, so its percent stands at 0 until it ends), the backup taken before
 * migrating, then each schema step (electron/core/storage/migration-progress.ts), then
 * `checkpoint`, the upgraded pages copied from the WAL into the database file.
 * `step` of `steps`: the schema version being written and the one this build ends at (as the
 * database's `user_version` counts them). `percent`: of that stage, 0–100, whole numbers.
 * `phase` within a step: `running` (a step with no measure of its own), `copying` (rows of a
 * rebuilt table), `dropping` (the old table's pages freed), `indexing`, `checking` (foreign
 * keys; rows checked of the rows pointing at a rebuilt table), `committing` (the step's changes
 * written to the WAL), `done`. A phase other than `copying` and `checking` is one long statement:
 * its percent stands still while it runs, and it is told again at least once a second meanwhile
 * (the screens count the seconds).
 */
export const StartProgressSchema = z.object({
  stage: z.enum(['check', 'backup', 'migrate', 'checkpoint']),
  step: z.number().int().min(0),
  steps: z.number().int().min(0),
  phase: z.enum(['running', 'copying', 'dropping', 'indexing', 'checking', 'committing', 'done']),
  percent: z.number().int().min(0).max(100),
});
export type StartProgress = z.infer<typeof StartProgressSchema>;

/** What a step's phase adds to its line; a phase not listed adds nothing. */
const PHASE_WORDS: Partial<Record<StartProgress['phase'], string>> = {
  dropping: '，正在释放旧表空间',
  indexing: '，正在重建索引',
  checking: '，正在检查数据',
  committing: '，正在保存本步更改',
};

/** The clerk's words for a start-progress report: 「正在升级数据库（第 9 步，共 13 步）… 已完成 42%」. */
export function describeStartProgress(progress: StartProgress): string {
  if (progress.stage === 'check') return progress.phase === 'done' ? '数据库完整性检查已完成（升级前）' : '正在检查数据库是否完好（升级前）…';
  if (progress.stage === 'backup') return `正在备份数据库（升级前）… 已完成 ${progress.percent}%`;
  if (progress.stage === 'checkpoint') return `正在写入升级后的数据库文件… 已完成 ${progress.percent}%`;
  const phase = PHASE_WORDS[progress.phase] ?? '';
  return `正在升级数据库（第 ${progress.step} 步，共 ${progress.steps} 步${phase}）… 已完成 ${progress.percent}%`;
}
