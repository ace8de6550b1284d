import type { BackgroundService, CoreContext } from '../assembly/capability-module';

/** How often the planner's statistics are looked at while the window runs (ms). */
export const PLANNER_STATISTICS_EVERY_MS = 10 * 60 * 1000;
/** A refresh taking longer than this is logged (ms): it holds the write lock meanwhile. */
const SLOW_REFRESH_MS = 200;

/**
 * Keeps SQLite's planner statistics (sqlite_stat1) true to the store while the window runs:
 * `PRAGMA optimize` every PLANNER_STATISTICS_EVERY_MS, which re-analyses (with SQLite's own
 * analysis limit, bounded work) only a table whose row count changed about 25-fold since it was
 * last analysed, and is otherwise a no-op. Why not only at open (open-database.ts) and at the
 * daily backup: a window set up on the day it opens is analysed with an empty event log, and the
 * planner then costs a search by stream as dear as a walk of the whole log — it chose the walk
 * for a case's reprint count once thousands of cases were in, within the day. A refresh changes
 * the schema cookie, so the statements already prepared are prepared again with the new figures.
 * SQLite's advice for long-lived connections (https://sqlite.org/pragma.html#pragma_optimize).
 * A failure (a failing disk) is logged and tried again at the next look.
 */
export function plannerStatisticsService(ctx: Pick<CoreContext, 'db' | 'log'>, everyMs: number = PLANNER_STATISTICS_EVERY_MS): BackgroundService {
  let timer: NodeJS.Timeout | null = null;
  const { db, log } = ctx;
  return {
    name: 'storage.plannerStatistics',
    start() {
      timer = setInterval(() => {
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
