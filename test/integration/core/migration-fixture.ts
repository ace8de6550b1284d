import path from 'node:path';
import Database from 'better-sqlite3';
import { applyMigration } from '../../../electron/core/storage/migration';
import { MIGRATIONS } from '../../../electron/core/storage/migrations';

/** `counter.sqlite` in `dir` at schema version 8, with `events` case events, all in the outbox (nothing acknowledged them before sync), and a document pointing at one. */
export function version8File(dir: string, events: number): string {
  const file = path.join(dir, 'counter.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  for (const m of MIGRATIONS.filter((m) => m.version <= 8)) applyMigration(db, m);
  db.transaction(() => {
    db.prepare(`INSERT INTO staff (id, staff_number, name, pin_hash, created_at, updated_at) VALUES ('s1', '1001', '王芳', 'h', 't', 't')`).run();
    const add = db.prepare(
      `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, staff_id, payload)
       VALUES (?, 'case', ?, ?, ?, '2026-11-30T01:00:00.000Z', 'JQ', 12, 's1', ?)`,
    );
    const outbox = db.prepare('INSERT INTO outbox (event_seq) VALUES (?)');
    for (let i = 0; i < events; i++) {
      const seq = add.run(`e${i}`, `c${Math.floor(i / 4)}`, (i % 4) + 1, 'case.received', JSON.stringify({ n: i, applicant: '张伟'.repeat(20) })).lastInsertRowid;
      outbox.run(seq);
    }
    db.prepare(
      `INSERT INTO issued_documents (id, kind, medium, title, label, content, sha256, issued_at, staff_id, event_id, hall_code, window_number)
       VALUES ('d1', 'acceptanceNotice', 'a4', 't', '受理通知书', '<html></html>', ?, 't', 's1', 'e7', 'JQ', 12)`,
    ).run('a'.repeat(64));
  })();
  db.close();
  return file;
}

