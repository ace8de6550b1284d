/**
 * The plans of the statements that run on the clerk's path or every round of sync, under the
 * planner statistics a busy window really has: SQLite's bounded analysis (`PRAGMA optimize`, as
 * the app runs it) of a log of a million events, a tenth of them staff events (one per 请评价),
 * and an outbox and owed-notices table that were empty when analysed (a window that has synced),
 * so that they have no figures at all. Written into sqlite_stat1 by hand, as SQLite documents,
 * so that the test builds no million rows. Each statement must start from its few rows and find
 * each event by its key — never walk the event log, which is what these plans did before.
 */
import { describe, expect, it } from 'vitest';
import { STAFF_ROLE_AT_SQL, STAFF_SIGNED_IN_AT_SQL } from '../../../../electron/core/ratings/attribution';
import { OWED_NOTICES_SQL } from '../../../../electron/core/printing/issuing/owed-notice-store';
import type { Db } from '../../../../electron/core/storage/database';
import { LATEST_SCHEMA_VERSION } from '../../../../electron/core/storage/migrations';
import { batchSql, PARKED_COUNTS_SQL } from '../../../../electron/core/sync/outbox';
import { OUTBOX_GROUPS_SQL } from '../../../../electron/core/sync/sync-tokens';
import { databaseAt } from './migrations/migrate-to';

function busyWindowStore(): Db {
  const db = databaseAt(LATEST_SCHEMA_VERSION);
  db.exec('ANALYZE');
  db.exec('DELETE FROM sqlite_stat1');
  const stat = db.prepare('INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)');
  stat.run('events', 'sqlite_autoindex_events_1', '1100000 1');
  stat.run('events', 'sqlite_autoindex_events_2', '1100000 2001 8 1');
  stat.run('events', 'events_staff_by_time', '100000 1 1');
  stat.run('cases', 'sqlite_autoindex_cases_1', '200000 1');
  // Re-reads the statistics (https://sqlite.org/lang_analyze.html: "ANALYZE sqlite_schema").
  db.exec('ANALYZE sqlite_schema');
  return db;
}

function planOf(db: Db, sql: string): string[] {
  const params = (sql.match(/\?/g) ?? []).length;
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array<null>(params).fill(null)) as Array<{ detail: string }>).map((p) => p.detail);
}

/** No line walks the events table (or one of its aliases) or a range of its rowids. */
function expectNoWalkOfTheLog(plan: string[]): void {
  for (const line of plan) {
    expect(line, plan.join('\n')).not.toMatch(/^SCAN (events|e|pe|qe)\b/);
    expect(line, plan.join('\n')).not.toMatch(/^SEARCH (events|e|pe|qe) USING INTEGER PRIMARY KEY \(rowid[<>]/);
  }
}

describe('plans under a busy window’s statistics', () => {
  const db = busyWindowStore();

  it('who was signed in at a moment: walks back over the staff events only, without sorting them', () => {
    const plan = planOf(db, STAFF_SIGNED_IN_AT_SQL);
    expect(plan.join('\n')).toMatch(/USING INDEX events_staff_by_time/);
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
  });

  it('a staff member’s role at a moment: read through that person’s own stream', () => {
    const plan = planOf(db, STAFF_ROLE_AT_SQL);
    expect(plan.join('\n')).toMatch(/\(stream_type=\? AND stream_id=\?\)/);
    expect(plan.join('\n')).not.toMatch(/events_staff_by_time/);
  });

  it('owed notices, outbox batches, groups and parked counts: from their own rows, each event by its key', () => {
    const statements = [OWED_NOTICES_SQL.all, OWED_NOTICES_SQL.ofCase, OUTBOX_GROUPS_SQL, PARKED_COUNTS_SQL];
    for (const only of [false, true]) for (const parked of [false, true]) for (const besides of [false, true]) statements.push(batchSql(only, parked, besides));
    for (const sql of statements) {
      const plan = planOf(db, sql);
      expectNoWalkOfTheLog(plan);
    }
    // The batch starts from the outbox, in its order.
    expect(planOf(db, batchSql(false, false))[0]).toMatch(/^(SCAN|SEARCH) o\b/);
    expect(planOf(db, batchSql(true, false, true)).find((step) => /^(SCAN|SEARCH) [oe]\b/.test(step))).toMatch(/^(SCAN|SEARCH) o\b/);
  });
});
