import { describe, expect, it } from 'vitest';
import { STAFF_SIGNED_IN_AT_SQL, staffSignedInAt } from '../../../../../electron/core/ratings/attribution';
import type { Db } from '../../../../../electron/core/storage/database';
import { databaseAt, migrate, tables } from './migrate-to';

const WANG = '0193a000-0000-7000-8000-000000000001';
const LI = '0193a000-0000-7000-8000-000000000002';

/** A window's log: `cases` case events, and a day of sign-ins among them. */
function windowLog(db: Db, cases: number): void {
  const insert = db.prepare(
    `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, staff_id, payload)
     VALUES (?, ?, ?, ?, ?, ?, 'JQ', 12, NULL, '{}')`,
  );
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 1, 0) + minute * 60_000).toISOString();
  db.transaction(() => {
    insert.run('s1', 'staff', WANG, 1, 'staff.signedIn', at(0));
    insert.run('s2', 'staff', WANG, 2, 'staff.ratingRequested', at(10));
    insert.run('s3', 'staff', WANG, 3, 'staff.paused', at(20));
    insert.run('s4', 'staff', WANG, 4, 'staff.signedOut', at(30));
    insert.run('s5', 'staff', LI, 1, 'staff.signedIn', at(30));
    for (let i = 0; i < cases; i++) insert.run(`c${i}`, 'case', `case-${i}`, 1, 'case.accepted', at(i % 60));
  })();
}

describe('migration 0019: staff events by time', () => {
  it('adds one index and no table; who was signed in when is read through it', () => {
    const db = databaseAt(18);
    windowLog(db, 200);
    const tablesBefore = tables(db);
    migrate(db, 19);
    expect(tables(db)).toEqual(tablesBefore);
    expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'events_staff_by_time'").pluck().get()).toMatch(/WHERE stream_type = 'staff'/);
    // Before the first sign-in, at it, while signed in, paused (still the window's), at a
    // hand-over in the same millisecond (the later event decides), after it.
    const moments = ['2026-12-01T00:59:59.999Z', '2026-12-01T01:00:00.000Z', '2026-12-01T01:15:00.000Z', '2026-12-01T01:29:59.999Z', '2026-12-01T01:30:00.000Z', '2026-12-01T02:00:00.000Z'];
    expect(moments.map((m) => staffSignedInAt(db, m))).toEqual([null, WANG, WANG, WANG, LI, LI]);
  });

  it('answers from the staff events alone, never by walking every case event (a coin, a 请评价, a finished service)', () => {
    const db = databaseAt(19);
    windowLog(db, 3000);
    db.pragma('optimize');
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${STAFF_SIGNED_IN_AT_SQL}`).all('2026-12-01T02:00:00.000Z') as Array<{ detail: string }>).map((p) => p.detail).join('\n');
    expect(plan).toMatch(/USING INDEX events_staff_by_time/);
    expect(plan).not.toMatch(/^SCAN events$/m);
    // The index holds the staff events only: the case events cost it nothing.
    expect(db.prepare("SELECT count(*) FROM events INDEXED BY events_staff_by_time WHERE stream_type = 'staff' AND occurred_at > ''").pluck().get()).toBe(5);
  });
});
