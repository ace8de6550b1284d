import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calendarDateIn } from '../../../../electron/contract/dates';
import { createLogger } from '../../../../electron/core/logging/logger';
import type { Db } from '../../../../electron/core/storage/database';
import { dailyBackupService } from '../../../../electron/core/storage/daily-backup';
import { makeTempDir } from '../../../support/temp-dirs';

// The daily backup as a service, on a real SQLite file: timers faked, backups real.

const MINUTE = 60_000;
let db: Db | null = null;
afterEach(() => {
  vi.useRealTimers();
  db?.close();
  db = null;
});

function rig(damaged: () => boolean = () => false) {
  const dir = makeTempDir('daily-backup');
  db = new Database(path.join(dir, 'counter.sqlite'));
  db.exec("CREATE TABLE cases (id TEXT); INSERT INTO cases VALUES ('c1')");
  let now = new Date('2026-11-30T01:00:00.000Z');
  const logLines: string[] = [];
  const backupDir = path.join(dir, 'backups');
  const service = dailyBackupService({
    db,
    clock: { now: () => now },
    log: createLogger({ write: (line) => logLines.push(line) }),
    today: () => calendarDateIn('Asia/Shanghai', now),
    places: { backupDir },
  }, damaged);
  const backups = () => (fs.existsSync(backupDir) ? fs.readdirSync(backupDir).sort() : []);
  return { service, backups, backupDir, logLines, setNow: (at: string) => (now = new Date(at)) };
}

describe('the daily backup service', () => {
  it('takes the first backup five minutes after start, then one a day at the hourly look, none after stop', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const r = rig();
    r.service.start();
    await vi.advanceTimersByTimeAsync(5 * MINUTE - 1);
    expect(r.backups()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(r.backups()).toEqual(['counter-20261130T010000Z-daily-2026-11-30.sqlite']));
    const copy = new Database(path.join(r.backupDir, r.backups()[0]!), { readonly: true });
    expect(copy.prepare('SELECT id FROM cases').pluck().all()).toEqual(['c1']);
    copy.close();

    // The same day: the hourly looks find today's backup and take none.
    await vi.advanceTimersByTimeAsync(3 * 60 * MINUTE);
    expect(r.backups()).toHaveLength(1);

    // The hall's next day (Asia/Shanghai): the next hourly look takes it.
    r.setNow('2026-11-30T16:30:00.000Z');
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    await vi.waitFor(() =>
      expect(r.backups()).toEqual(['counter-20261130T010000Z-daily-2026-11-30.sqlite', 'counter-20261130T163000Z-daily-2026-12-01.sqlite']),
    );
    expect(r.logLines.filter((l) => l.includes('daily backup taken'))).toHaveLength(2);

    r.service.stop();
    r.setNow('2026-12-01T16:30:00.000Z');
    await vi.advanceTimersByTimeAsync(2 * 60 * MINUTE);
    expect(r.backups()).toHaveLength(2);
  });

  it('takes none while the store is found damaged, so the good backups of earlier days are not pushed out', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    let damaged = false;
    const r = rig(() => damaged);
    r.service.start();
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    await vi.waitFor(() => expect(r.backups()).toEqual(['counter-20261130T010000Z-daily-2026-11-30.sqlite']));
    // The late integrity verdict: damaged. Two days of hourly looks take nothing.
    damaged = true;
    r.setNow('2026-11-30T16:30:00.000Z');
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    r.setNow('2026-12-01T16:30:00.000Z');
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(r.backups()).toEqual(['counter-20261130T010000Z-daily-2026-11-30.sqlite']);
    expect(r.logLines.filter((l) => l.includes('daily backup skipped'))).toHaveLength(1);
    r.service.stop();
  });
});
