import { describe, expect, it } from 'vitest';
import { columns, databaseAt, migrate, tables } from './migrate-to';

const TOKEN = 'q3VvZ0x1c2hYb2xvLWFhYWFhYWFhYWFhYWFhYWFhYWE';

describe('migration 0015: one enrolment token per hall and window number', () => {
  it('adds sync_tokens and nothing else', () => {
    const before = tables(databaseAt(14));
    const db = databaseAt(15);
    expect(tables(db).filter((t) => !before.includes(t))).toEqual(['sync_tokens']);
    expect(columns(db, 'sync_tokens')).toEqual(['hall_code', 'window_number', 'token', 'enrolled_at', 'pending_token', 'pending_code_hash', 'pending_at']);
  });

  it('keeps the token a window already had, under the hall and number it was enrolled for', () => {
    const db = databaseAt(14);
    db.prepare("UPDATE sync_state SET token = ?, enrolled_hall = 'JQ', enrolled_window = 12, enrolled_at = '2026-11-30T02:00:00.000Z' WHERE id = 1").run(TOKEN);
    migrate(db, 15);
    expect(db.prepare('SELECT hall_code, window_number, token, enrolled_at, pending_token FROM sync_tokens').all()).toEqual([
      { hall_code: 'JQ', window_number: 12, token: TOKEN, enrolled_at: '2026-11-30T02:00:00.000Z', pending_token: null },
    ]);
  });

  it('starts empty for a window never enrolled, one row per number, and a pending token always with its code', () => {
    const db = databaseAt(15);
    expect(db.prepare('SELECT count(*) FROM sync_tokens').pluck().get()).toBe(0);
    const insert = db.prepare('INSERT INTO sync_tokens (hall_code, window_number, token, pending_token, pending_code_hash) VALUES (?, ?, ?, ?, ?)');
    insert.run('JQ', 12, TOKEN, null, null);
    insert.run('JQ', 13, null, TOKEN, 'ab'.repeat(32));
    expect(() => insert.run('JQ', 12, TOKEN, null, null)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => insert.run('JQ', 14, null, TOKEN, null)).toThrow(/CHECK/);
  });
});
