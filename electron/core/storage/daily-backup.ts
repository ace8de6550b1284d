import fs from 'node:fs';
import type { BackgroundService, CoreContext } from '../assembly/capability-module';
import { backupDatabase, pruneBackups } from './backup';

/** Daily backups kept in `<dataDir>/backups` (older ones are pruned after each new one). */
export const DAILY_BACKUPS_KEPT = 14;
/** How often the service looks whether today's backup is there yet. */
const CHECK_EVERY_MS = 60 * 60 * 1000;
/** The first look, after start: the first minutes belong to the clerk, not to a copy of the database. */
const FIRST_CHECK_AFTER_MS = 5 * 60 * 1000;

/**
 * The daily backup (`counter-<instant>-daily-<YYYY-MM-DD>.sqlite`, the hall's date), taken once a
 * day while the window runs: looked for hourly, the first time five minutes after start. A failed
 * backup is logged (`daily backup failed`) and tried again at the next look; it never stops the core.
 * None is taken while `damaged()` says the store was found damaged after start: a copy of it would
 * push out a good backup of an earlier day (only DAILY_BACKUPS_KEPT are kept), and the refreshed
 * planner statistics that follow a backup would be a write to it (logged once, `daily backup
 * skipped`).
 */
export function dailyBackupService(
  ctx: Pick<CoreContext, 'db' | 'clock' | 'log' | 'today'> & { places: Pick<CoreContext['places'], 'backupDir'> },
  damaged: () => boolean = () => false,
): BackgroundService {
  let every: NodeJS.Timeout | null = null;
  let first: NodeJS.Timeout | null = null;
  let stopped = false;
  const { db, clock, log } = ctx;
  const backupDir = ctx.places.backupDir;
  let toldDamaged = false;
  const takeIfDue = async (): Promise<void> => {
    if (stopped) return;
    if (damaged()) {
      if (!toldDamaged) log.warn('daily backup skipped: the store was found damaged after start');
      toldDamaged = true;
      return;
    }
    const label = `daily-${ctx.today()}`;
    const exists = fs.existsSync(backupDir) && fs.readdirSync(backupDir).some((f) => f.endsWith(`-${label}.sqlite`));
    if (exists) return;
    try {
      const file = await backupDatabase(db, backupDir, label, clock.now());
      pruneBackups(backupDir, /-daily-\d{4}-\d{2}-\d{2}\.sqlite$/, DAILY_BACKUPS_KEPT);
      db.pragma('optimize');
      log.info('daily backup taken', { file });
    } catch (err) {
      log.error('daily backup failed', { error: (err as Error).message });
    }
  };
  return {
    name: 'storage.dailyBackup',
    start() {
      every = setInterval(() => void takeIfDue(), CHECK_EVERY_MS);
      every.unref();
      first = setTimeout(() => void takeIfDue(), FIRST_CHECK_AFTER_MS);
      first.unref();
    },
    stop() {
      stopped = true;
      if (every) clearInterval(every);
      if (first) clearTimeout(first);
    },
  };
}
