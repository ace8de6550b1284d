import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../../electron/core/storage/database';
import { applyMigration, type Migration } from '../../../../../electron/core/storage/migration';
import { MIGRATIONS } from '../../../../../electron/core/storage/migrations';
import { migration0009 } from '../../../../../electron/core/storage/migrations/0009-ratings';
import { openDatabase } from '../../../../../electron/core/storage/open-database';
import { makeTempDir } from '../../../../support/temp-dirs';
import { columns, migrate, tables } from './migrate-to';

const HASH = 'a'.repeat(64);

/** A version-8 database FILE with staff, events of both streams, outbox rows and printing rows pointing at events. */
function version8File(): { file: string; dir: string } {
  const dir = makeTempDir('m0009');
  const file = path.join(dir, 'counter.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db, 8);
  db.prepare(`INSERT INTO staff (id, staff_number, name, pin_hash, created_at, updated_at) VALUES ('s1', '1001', '王芳', 'h', 't', 't')`).run();
  const addEvent = db.prepare(
    `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, staff_id, payload)
     VALUES (?, ?, ?, ?, ?, '2026-11-30T01:00:00.000Z', 'JQ', 12, 's1', '{"n":1}')`,
  );
  for (let i = 1; i <= 40; i += 1) {
    const seq = Number(addEvent.run(`e${i}`, i % 2 ? 'case' : 'staff', i % 2 ? 'c1' : 's1', Math.ceil(i / 2), 'x.happened').lastInsertRowid);
    if (i > 30) db.prepare('INSERT INTO outbox (event_seq) VALUES (?)').run(seq);
  }
  db.prepare(
    `INSERT INTO issued_documents (id, kind, medium, title, label, content, sha256, issued_at, staff_id, event_id, hall_code, window_number)
     VALUES ('d1', 'rejectionNotice', 'a4', 't', '不予受理通知书', '<html></html>', ?, 't', 's1', 'e33', 'JQ', 12)`,
  ).run(HASH);
  db.prepare(`INSERT INTO print_jobs (id, document_id, printer, state, created_at, updated_at) VALUES ('j1', 'd1', 'receiptPrinter', 'printed', 't', 't')`).run();
  db.close();
  return { file, dir };
}

function snapshot(db: Db): unknown {
  return {
    events: db.prepare('SELECT * FROM events ORDER BY seq').all(),
    // The column 0002 made (0014 adds two of its own).
    outbox: db.prepare('SELECT event_seq FROM outbox ORDER BY event_seq').all(),
    // The columns 0008 made (a later step, 0011, adds one of its own).
    documents: db.prepare('SELECT seq, id, case_id, kind, medium, title, label, document_number, content, sha256, profile, issued_at, staff_id, event_id, hall_code, window_number FROM issued_documents').all(),
    jobs: db.prepare('SELECT * FROM print_jobs').all(),
  };
}

function eventsSql(db: Db): string {
  return db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'events'`).pluck().get() as string;
}

describe('migration 0009 ratings', () => {
  it('widens the event log to rating streams on a v8 file, keeping every event, outbox row and document pointing at one', async () => {
    const { file, dir } = version8File();
    const before = new Database(file, { readonly: true });
    const kept = snapshot(before);
    const eventColumns = columns(before, 'events');
    before.close();

    const opened = await openDatabase({ path: file, backupDir: path.join(dir, 'backups'), logsDir: null });
    const db = opened.db;
    try {
      expect(opened.migratedFrom).toBe(8);
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1]?.version);
      expect(snapshot(db)).toEqual(kept);
      expect(columns(db, 'events')).toEqual(eventColumns);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(tables(db)).not.toContain('events_new');
      expect(tables(db)).toEqual(expect.arrayContaining(['ratings', 'rating_sessions', 'device_faults']));

      // A rating stream is now welcome; any other stream type is still refused.
      const add = db.prepare(
        `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, staff_id, payload)
         VALUES (?, ?, 'r1', 1, 'rating.received', 't', 'JQ', 12, NULL, '{}')`,
      );
      const seq = Number(add.run('r-e1', 'rating').lastInsertRowid);
      expect(seq).toBe(41);
      expect(() => add.run('r-e2', 'queue')).toThrow(/CHECK/);
      // The same stream version twice is still refused (the table's UNIQUE came along).
      expect(() => add.run('r-e3', 'rating')).toThrow(/UNIQUE/);

      // The log is still append-only.
      expect(() => db.prepare(`UPDATE events SET type = 'y' WHERE id = 'e1'`).run()).toThrow(/append-only/);
      expect(() => db.prepare(`DELETE FROM events WHERE id = 'e1'`).run()).toThrow(/append-only/);

      // Foreign keys still hold, both pointing at the new table and from it.
      expect(() => db.prepare('INSERT INTO outbox (event_seq) VALUES (9999)').run()).toThrow(/FOREIGN KEY/);
      db.prepare('INSERT INTO outbox (event_seq) VALUES (?)').run(seq);
      expect(() =>
        db.prepare(
          `INSERT INTO issued_documents (id, kind, medium, title, label, content, sha256, issued_at, event_id, hall_code, window_number)
           VALUES ('d2', 'testPage', 'thermal', 't', 'l', '{}', ?, 't', 'no-such-event', 'JQ', 12)`,
        ).run(HASH),
      ).toThrow(/FOREIGN KEY/);
      expect(() =>
        db.prepare(
          `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, staff_id, payload)
           VALUES ('x', 'staff', 'nobody', 1, 't', 't', 'JQ', 12, 'no-such-staff', '{}')`,
        ).run(),
      ).toThrow(/FOREIGN KEY/);
      expect(opened.backupPath).not.toBeNull();
    } finally {
      db.close();
    }
  });

  it('leaves the file at version 8, untouched, when the step fails half way, and foreign keys on again', () => {
    const { file } = version8File();
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    const kept = snapshot(db);
    const oldEvents = eventsSql(db);
    const crashing: Migration = {
      ...migration0009,
      up(target) {
        migration0009.up(target);
        throw new Error('power cut');
      },
    };
    expect(() => applyMigration(db, crashing)).toThrow('power cut');
    expect(db.pragma('user_version', { simple: true })).toBe(8);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(eventsSql(db)).toBe(oldEvents);
    expect(snapshot(db)).toEqual(kept);
    expect(tables(db)).not.toEqual(expect.arrayContaining(['ratings']));
    expect(tables(db)).not.toContain('events_new');
    expect(() => db.prepare(`DELETE FROM events WHERE id = 'e1'`).run()).toThrow(/append-only/);
    db.close();
  });

  it('refuses to commit a rebuild that leaves a dangling reference', () => {
    const { file } = version8File();
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    const dangling: Migration = {
      version: 9,
      name: 'dangling',
      foreignKeysOff: true,
      up(target) {
        target.prepare('INSERT INTO outbox (event_seq) VALUES (777)').run();
      },
    };
    expect(() => applyMigration(db, dangling)).toThrow(/外键检查/);
    expect(db.pragma('user_version', { simple: true })).toBe(8);
    expect(db.prepare('SELECT count(*) FROM outbox WHERE event_seq = 777').pluck().get()).toBe(0);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('keeps a rating once per vote key, by name, and never lets it change', () => {
    const { file } = version8File();
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    migrate(db, 9);
    db.prepare(
      `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, payload)
       VALUES ('re1', 'rating', 'r1', 1, 'rating.received', 't', 'JQ', 12, '{}')`,
    ).run();
    const add = db.prepare(
      `INSERT INTO ratings (id, vote_key, satisfaction, received_at, received_date, rated_at, rated_date, attribution, session_id, staff_id, hall_code,
                            window_number, protocol, device_serial, device_event_id, address, slot, device_time, event_id)
       VALUES (?, ?, ?, 't', '2026-11-30', 't', '2026-11-30', ?, NULL, ?, 'JQ', 12, 'v1', 'SN1', 7, 1, 0, NULL, 're1')`,
    );
    add.run('r1', 'v1:SN1:7', 'dissatisfied', 'on_duty', 's1');
    expect(() => add.run('r2', 'v1:SN1:7', 'satisfied', 'on_duty', 's1')).toThrow(/UNIQUE/);
    expect(() => add.run('r3', 'v1:SN1:8', '2', 'on_duty', 's1')).toThrow(/CHECK/);
    expect(() => add.run('r4', 'v1:SN1:9', 'satisfied', 'nobody', 's1')).toThrow(/CHECK/);
    expect(() => add.run('r5', 'v1:SN1:10', 'satisfied', 'session', 's1')).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE ratings SET satisfaction = 'satisfied'`).run()).toThrow(/never changed/);
    expect(() => db.prepare('DELETE FROM ratings').run()).toThrow(/never deleted/);
    expect(db.prepare('SELECT satisfaction FROM ratings').pluck().all()).toEqual(['dissatisfied']);
    db.close();
  });

  it('gives a session one rating at most (一次一评: the safety net under the vote sink), and counts a rating on the day the coin fell', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, 9);
    db.prepare(
      `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, payload)
       VALUES ('re1', 'rating', 'r1', 1, 'rating.received', 't', 'JQ', 12, '{}')`,
    ).run();
    const add = db.prepare(
      `INSERT INTO ratings (id, vote_key, satisfaction, received_at, received_date, rated_at, rated_date, attribution, session_id, hall_code,
                            window_number, protocol, address, event_id)
       VALUES (?, ?, 'satisfied', '2026-11-30T01:00:00.000Z', '2026-11-30', '2026-11-29T09:00:00.000Z', '2026-11-29', ?, ?, 'JQ', 12, 'v1', 1, 're1')`,
    );
    add.run('r1', 'k1', 'session', 'sess-1');
    expect(() => add.run('r2', 'k2', 'session', 'sess-1')).toThrow(/UNIQUE/);
    // Coins with no session are many.
    add.run('r3', 'k3', 'nobody', null);
    add.run('r4', 'k4', 'nobody', null);
    expect(db.prepare('SELECT count(*) FROM ratings').pluck().get()).toBe(3);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM ratings WHERE rated_date BETWEEN '2026-11-29' AND '2026-11-29'`)
      .all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/ratings_by_day/);
    db.close();
  });

  it('keeps at most one armed session, and a fault once per key', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, 9);
    db.prepare(`INSERT INTO staff (id, staff_number, name, pin_hash, created_at, updated_at) VALUES ('s1', '1001', '王芳', 'h', 't', 't')`).run();
    const arm = db.prepare(
      `INSERT INTO rating_sessions (id, device_session_id, state, staff_id, service_label, armed_at, expires_at) VALUES (?, ?, 'armed', 's1', '请评价', 't', 't')`,
    );
    arm.run('a', 1);
    expect(() => arm.run('b', 2)).toThrow(/UNIQUE/);
    expect(() => arm.run('c', 0)).toThrow(/CHECK/);
    db.prepare(`UPDATE rating_sessions SET state = 'superseded', ended_at = 't' WHERE id = 'a'`).run();
    arm.run('b', 2);
    const fault = db.prepare(`INSERT INTO device_faults (id, fault_key, fault, at) VALUES (?, ?, ?, 't')`);
    fault.run('f1', 'v1:SN1:3', 'coin_jam');
    expect(() => fault.run('f2', 'v1:SN1:3', 'coin_jam')).toThrow(/UNIQUE/);
    expect(() => fault.run('f3', 'v1:SN1:4', 'on_fire')).toThrow(/CHECK/);
    db.close();
  });
});
