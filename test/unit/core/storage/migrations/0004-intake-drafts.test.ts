import { describe, expect, it } from 'vitest';
import { columns, databaseAt, migrate } from './migrate-to';

describe('migration 0004 intake drafts', () => {
  it('adds one draft per clerk on top of a v3 database with data', () => {
    const db = databaseAt(3);
    db.prepare(`INSERT INTO staff (id, staff_number, name, pin_hash, created_at, updated_at) VALUES ('s1', '1001', '王芳', 'h', 't', 't')`).run();
    migrate(db, 4);
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    expect(db.prepare('SELECT name FROM staff').pluck().get()).toBe('王芳');
    expect(columns(db, 'intake_drafts')).toEqual(['staff_id', 'window_number', 'client_request_id', 'format', 'body', 'updated_at']);
  });

  it('keeps one draft per clerk, only for a known clerk, and accepts a damaged body to be discarded on read', () => {
    const db = databaseAt(4);
    db.prepare(`INSERT INTO staff (id, staff_number, name, pin_hash, created_at, updated_at) VALUES ('s1', '1001', '王芳', 'h', 't', 't')`).run();
    const insert = db.prepare(`INSERT INTO intake_drafts VALUES (?, 12, 'r', 1, ?, 't')`);
    insert.run('s1', '{}');
    expect(() => insert.run('s1', '{}')).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => insert.run('nobody', '{}')).toThrow(/FOREIGN KEY/);
    // Not JSON: stored, so that reading it can remove it with a note instead of failing a write path.
    db.prepare(`UPDATE intake_drafts SET body = 'not json' WHERE staff_id = 's1'`).run();
    expect(db.prepare('SELECT body FROM intake_drafts').pluck().get()).toBe('not json');
  });
});
