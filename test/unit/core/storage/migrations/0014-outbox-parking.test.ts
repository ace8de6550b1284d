import { describe, expect, it } from 'vitest';
import { columns, databaseAt, migrate, tables } from './migrate-to';

/** A database at `version` with one case event in the outbox (as the event store leaves it). */
function withOutboxRow(version: number) {
  const db = databaseAt(version);
  db.prepare(
    `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, staff_id, payload)
     VALUES ('e1', 'case', 'c1', 1, 'case.received', '2026-11-30T02:00:00.000Z', 'JQ', 12, NULL, '{}')`,
  ).run();
  db.prepare('INSERT INTO outbox (event_seq) SELECT seq FROM events').run();
  return db;
}

describe('migration 0014: parking in the outbox', () => {
  it('adds parked_at and parked_reason to the outbox, no table, and keeps the rows waiting unparked', () => {
    const before = tables(databaseAt(13));
    const db = withOutboxRow(13);
    migrate(db, 14);
    expect(tables(db)).toEqual(before);
    expect(columns(db, 'outbox')).toEqual(['event_seq', 'parked_at', 'parked_reason']);
    expect(db.prepare('SELECT parked_at, parked_reason FROM outbox').all()).toEqual([{ parked_at: null, parked_reason: null }]);
  });

  it('parks a row only with its reason, and un-parks it whole', () => {
    const db = withOutboxRow(14);
    const set = db.prepare('UPDATE outbox SET parked_at = ?, parked_reason = ?');
    expect(() => set.run('2026-11-30T02:00:01.000Z', null)).toThrow(/go together/);
    expect(() => set.run(null, '冲突')).toThrow(/go together/);
    set.run('2026-11-30T02:00:01.000Z', '冲突');
    expect(db.prepare('SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL').pluck().get()).toBe(1);
    set.run(null, null);
    expect(db.prepare('SELECT parked_at, parked_reason FROM outbox').all()).toEqual([{ parked_at: null, parked_reason: null }]);
    // The parked rows have a partial index of their own (the push reads it for every batch).
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'outbox_parked'").pluck().get()).toBe(1);
  });
});
