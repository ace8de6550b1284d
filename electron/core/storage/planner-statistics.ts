import type { BackgroundService, CoreContext } from '../assembly/capability-module';

/** How often the planner's statistics are looked at while the window runs (ms). */
export const PLANNER_STATISTICS_EVERY_MS = 10 * 60 * 1000;
/** A refresh taking longer than this is logged (ms): it holds the write lock meanwhile. */
const SLOW_REFRESH_MS = 200;

/**
 * Keeps SQLite's planner statistics (sqlite_stat1) true to the store while the window runs:
 * `PRAGMA optimize` every `everyMs` (default PLANNER_STATISTICS_EVERY_MS), which re-analyses
 * (with SQLite's own analysis limit, bounded work) only a table whose row count changed about
 * tenfold since it was last analysed; otherwise it writes nothing, and the statements prepared
 * are prepared again at their next use (cheap, once per look). Why not only at open
 * (open-database.ts) and at the daily backup: a window set up on the day it opens is analysed with
 * one event in its log, and the planner then costs a search by stream as dear as a walk of the
 * whole log — it chose the walk for a case's reprint count once thousands of cases were in,
 * within the day. SQLite's advice for long-lived connections
 * (https://sqlite.org/pragma.html#pragma_optimize). Skipped once `damaged()` says the store was
 * found damaged (it takes no more writes); a failure (a failing disk) is logged and tried again
 * at the next look.
 */
export function plannerStatisticsService(
  ctx: Pick<CoreContext, 'db' | 'log'> & { damaged: () => boolean },
  everyMs: number = PLANNER_STATISTICS_EVERY_MS,
): BackgroundService {
  let timer: NodeJS.Timeout | null = null;
  const { db, log } = ctx;
  return {
    name: 'storage.plannerStatistics',
    start() {
      if (timer) return;
      timer = setInterval(() => {
        if (ctx.damaged()) return;
        const started = performance.now();
        try {
          db.pragma('optimize');
        } catch (err) {
          log.warn('planner statistics not refreshed', { error: err instanceof Error ? err.message : String(err) });
          return;
        }
        const ms = performance.now() - started;
        if (ms > SLOW_REFRESH_MS) log.info('planner statistics refreshed slowly', { ms: Math.round(ms) });
      }, everyMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
