import { describe, expect, it } from 'vitest';
import { columns, databaseAt, migrate, tables } from './migrate-to';

function addStaff(db: ReturnType<typeof databaseAt>): void {
  db.prepare(`INSERT INTO staff (id, staff_number, name, pin_hash, created_at, updated_at) VALUES ('s1', '1001', '王芳', 'scrypt$x', 't', 't')`).run();
}

function addEvent(db: ReturnType<typeof databaseAt>, id: string, version: number): void {
  db.prepare(
    `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, staff_id, payload)
     VALUES (?, 'staff', 's1', ?, 'staff.signedIn', 't', 'JQ', 12, 's1', '{}')`,
  ).run(id, version);
}

describe('migration 0002 events and staff', () => {
  it('adds staff, the event log and the outbox, keeping what 0001 stored', () => {
    const db = databaseAt(1);
    db.prepare(`INSERT INTO app_meta VALUES ('install', 'x')`).run();
    migrate(db, 2);
    expect(tables(db)).toEqual(expect.arrayContaining(['staff', 'events', 'outbox']));
    expect(columns(db, 'staff')).toContain('pin_hash');
    expect(db.prepare('SELECT value FROM app_meta').pluck().get()).toBe('x');
  });

  it('makes the event log append-only', () => {
    const db = databaseAt(2);
    addStaff(db);
    addEvent(db, 'e1', 1);
    expect(() => db.prepare(`UPDATE events SET type = 'forged'`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
  });

  it('refuses a second event with the same stream version (a lost concurrent write shows up)', () => {
    const db = databaseAt(2);
    addStaff(db);
    addEvent(db, 'e1', 1);
    expect(() => addEvent(db, 'e2', 1)).toThrow(/UNIQUE/);
  });

  it('ties events to known staff and outbox rows to known events', () => {
    const db = databaseAt(2);
    expect(() => addEvent(db, 'e1', 1)).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare('INSERT INTO outbox VALUES (42)').run()).toThrow(/FOREIGN KEY/);
  });
});
