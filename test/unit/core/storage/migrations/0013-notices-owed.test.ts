import { describe, expect, it } from 'vitest';
import { columns, databaseAt, tables } from './migrate-to';

/** A database at 13 with one case event (a staff-less `case.accepted`). */
function withEvent() {
  const db = databaseAt(13);
  db.prepare(
    `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, staff_id, payload)
     VALUES ('e1', 'case', 'c1', 2, 'case.accepted', '2026-11-30T02:00:00.000Z', 'JQ', 12, NULL, '{}')`,
  ).run();
  return db;
}

describe('migration 0013: notices owed by committed case events', () => {
  it('adds notices_owed (event, case, the case version to render from) and nothing else', () => {
    const before = tables(databaseAt(12));
    const db = databaseAt(13);
    expect(tables(db).filter((t) => !before.includes(t))).toEqual(['notices_owed']);
    expect(columns(db, 'notices_owed')).toEqual(['event_id', 'case_id', 'case_version']);
  });

  it('owes a notice only for an event that exists, once per event, from a version of at least 1', () => {
    const db = withEvent();
    const owe = db.prepare('INSERT INTO notices_owed (event_id, case_id, case_version) VALUES (?, ?, ?)');
    owe.run('e1', 'c1', 2);
    expect(() => owe.run('e1', 'c1', 2)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => owe.run('no-such-event', 'c1', 2)).toThrow(/FOREIGN KEY/);
    expect(() => owe.run('e1', 'c1', 0)).toThrow(/CHECK/);
    // Settled by deleting the row, which the event log does not mind (it is not an event).
    db.prepare("DELETE FROM notices_owed WHERE event_id = 'e1'").run();
    expect(db.prepare('SELECT count(*) FROM notices_owed').pluck().get()).toBe(0);
  });
});
