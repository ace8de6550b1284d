import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/core/logging/logger';
import { plannerStatisticsService } from '../../../../electron/core/storage/planner-statistics';
import type { Db } from '../../../../electron/core/storage/database';
import { LATEST_SCHEMA_VERSION } from '../../../../electron/core/storage/migrations';
import { databaseAt } from './migrations/migrate-to';

/** A reprint count of one case's document (printing/issuing/document-store.ts): one case's events only. */
const REPRINTS_OF_ONE_CASE = `SELECT count(*) FROM events WHERE stream_type = 'case' AND stream_id = ? AND type = 'case.documentReprinted' AND json_extract(payload, '$.documentId') = ?`;

const planOf = (db: Db, sql: string): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('case-1', 'doc-1') as Array<{ detail: string }>).map((p) => p.detail).join('\n');

describe('planner statistics while the window runs', () => {
  it('are refreshed once the store has grown, so a case is read by its index, not by walking the whole log', async () => {
    // A window set up today: its store was analysed at open, when its log held the one event of
    // the account IT had just made.
    const db = databaseAt(LATEST_SCHEMA_VERSION);
    const insert = db.prepare(
      `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, staff_id, payload)
       VALUES (?, ?, ?, ?, ?, '2026-12-01T02:00:00.000Z', 'JQ', 12, NULL, '{}')`,
    );
    insert.run('s0', 'staff', 'staff-1', 1, 'staff.registered');
    db.pragma('optimize=0x10002');
    db.transaction(() => {
      for (let i = 0; i < 6000; i++) insert.run(`e${i}`, 'case', `case-${Math.floor(i / 3)}`, (i % 3) + 1, 'case.accepted');
    })();
    // By the day's end: with the figures of the empty log, the planner walks every event.
    expect(planOf(db, REPRINTS_OF_ONE_CASE)).toMatch(/^SCAN events$/m);

    const service = plannerStatisticsService({ db, log: silentLogger, damaged: () => false }, 20);
    service.start();
    try {
      await expect.poll(() => planOf(db, REPRINTS_OF_ONE_CASE), { timeout: 5000, interval: 20 }).toMatch(/SEARCH events USING INDEX/);
    } finally {
      await service.stop();
    }
    // The figures now count the log as it is.
    const counted = (db.prepare("SELECT stat FROM sqlite_stat1 WHERE tbl = 'events'").pluck().all() as string[]).map((stat) => Number(stat.split(' ')[0]));
    expect(Math.max(...counted)).toBe(6001);
  });

  it('writes nothing to a store found damaged', async () => {
    const db = databaseAt(LATEST_SCHEMA_VERSION);
    db.prepare(
      `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, staff_id, payload)
       VALUES ('s0', 'staff', 'staff-1', 1, 'staff.registered', '2026-12-01T02:00:00.000Z', 'JQ', 12, NULL, '{}')`,
    ).run();
    const service = plannerStatisticsService({ db, log: silentLogger, damaged: () => true }, 10);
    const changes = db.prepare('SELECT total_changes()').pluck();
    const before = changes.get();
    service.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await service.stop();
    expect(changes.get()).toBe(before);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'").pluck().get()).toBe(0);
  });
});
