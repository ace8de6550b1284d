import { describe, expect, it } from 'vitest';
import { appendEvent } from '../../../../../electron/core/events/event-store';
import { columns, databaseAt, migrate, tables } from './migrate-to';

describe('migration 0017: outbox rows that go upstream as stored', () => {
  it('adds as_stored to the outbox, no table, and leaves the rows already waiting to be checked at push time', () => {
    const before = tables(databaseAt(16));
    const db = databaseAt(16);
    db.prepare(
      `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, staff_id, payload)
       VALUES ('0193a000-0000-7000-8000-000000000001', 'case', '0193a000-0000-7000-8000-000000000002', 1, 'case.received', '2026-11-30T02:00:00.000Z', 'JQ', 12, NULL, '{}')`,
    ).run();
    db.prepare('INSERT INTO outbox (event_seq) SELECT seq FROM events').run();
    migrate(db, 17);
    expect(tables(db)).toEqual(before);
    expect(columns(db, 'outbox')).toEqual(['event_seq', 'parked_at', 'parked_reason', 'as_stored']);
    expect(db.prepare('SELECT as_stored FROM outbox').pluck().all()).toEqual([0]);
    expect(() => db.prepare('UPDATE outbox SET as_stored = 2').run()).toThrow(/CHECK/);
  });

  it('is set by the event store for an event the wire takes as it is stored', () => {
    const db = databaseAt(17);
    appendEvent(db, {
      id: '0193a000-0000-7000-8000-000000000011',
      streamType: 'case',
      streamId: '0193a000-0000-7000-8000-000000000012',
      streamVersion: 1,
      type: 'case.received',
      occurredAt: '2026-11-30T02:00:00.000Z',
      hallCode: 'JQ',
      windowNumber: 12,
      staffId: null,
      payload: { note: '收件' },
    });
    expect(db.prepare('SELECT as_stored FROM outbox').pluck().all()).toEqual([1]);
  });
});
