import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../../electron/core/storage/database';
import { makeTempDir } from '../../../../support/temp-dirs';
import { columns, migrate, tables } from './migrate-to';

/** A database FILE at `version` with a staff member and two ratings (a 差评 and a 满意). */
function fileAt(version: number): Db {
  const db = new Database(path.join(makeTempDir('m0010'), 'counter.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db, version);
  db.prepare(`INSERT INTO staff (id, staff_number, name, pin_hash, created_at, updated_at) VALUES ('s1', '1001', '王芳', 'h', 't', 't')`).run();
  for (const [id, satisfaction] of [['r1', 'very_dissatisfied'], ['r2', 'satisfied']] as const) {
    db.prepare(
      `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, staff_id, payload)
       VALUES (?, 'rating', ?, 1, 'rating.received', '2026-11-30T01:00:00.000Z', 'JQ', 12, 's1', '{}')`,
    ).run(`e-${id}`, id);
    db.prepare(
      `INSERT INTO ratings (id, vote_key, satisfaction, received_at, received_date, rated_at, rated_date, attribution, staff_id, hall_code, window_number,
         protocol, address, event_id)
       VALUES (?, ?, ?, '2026-11-30T01:00:00.000Z', '2026-11-30', '2026-11-30T01:00:00.000Z', '2026-11-30', 'on_duty', 's1', 'JQ', 12, 'v1', 1, ?)`,
    ).run(id, `v1:SN:${id}`, satisfaction, `e-${id}`);
  }
  return db;
}

function addFollowUp(db: Db, id: string, ratingId: string, fields: Record<string, string | number | null> = {}): void {
  const row: Record<string, string | number | null> = {
    id,
    rating_id: ratingId,
    stage: 'verifying',
    appealed_from: null,
    opened_at: '2026-11-30T01:00:00.000Z',
    due_date: '2026-12-21',
    closed_at: null,
    verdict: null,
    excluded: 0,
    version: 2,
    staff_id: 's1',
    ...fields,
  };
  const names = Object.keys(row);
  db.prepare(`INSERT INTO follow_ups (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(row);
}

describe('migration 0010 follow-ups', () => {
  it('adds the follow-up projection on top of a v9 file with ratings, which stay as they were', () => {
    const db = fileAt(9);
    const before = db.prepare('SELECT * FROM ratings ORDER BY seq').all();
    migrate(db, 10);
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    expect(tables(db)).toContain('follow_ups');
    expect(columns(db, 'follow_ups')).toEqual([
      'seq', 'id', 'rating_id', 'stage', 'appealed_from', 'opened_at', 'due_date', 'rectified_at', 'closed_at', 'verdict', 'excluded', 'version', 'staff_id',
    ]);
    expect(db.prepare('SELECT * FROM ratings ORDER BY seq').all()).toEqual(before);
    const indexes = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'follow_ups' AND sql IS NOT NULL ORDER BY name`).pluck().all();
    expect(indexes).toEqual(['follow_ups_closed_latest', 'follow_ups_open_by_due']);
  });

  it('keeps one follow-up per rating, and only for a stored rating', () => {
    const db = fileAt(10);
    addFollowUp(db, 'f1', 'r1');
    expect(() => addFollowUp(db, 'f2', 'r1')).toThrow(/UNIQUE/);
    expect(() => addFollowUp(db, 'f3', 'nowhere')).toThrow(/FOREIGN KEY/);
  });

  it('admits only the contract stages, verdicts and a real date as due date', () => {
    const db = fileAt(10);
    expect(() => addFollowUp(db, 'f1', 'r1', { stage: 'deleted' })).toThrow(/CHECK/);
    expect(() => addFollowUp(db, 'f1', 'r1', { due_date: '21.12.2026' })).toThrow(/CHECK/);
    expect(() => addFollowUp(db, 'f1', 'r1', { stage: 'closed', closed_at: 't', verdict: 'happy' })).toThrow(/CHECK/);
    addFollowUp(db, 'f1', 'r1', { stage: 'closed', closed_at: 't', verdict: 'unreachable' });
    expect(db.prepare(`SELECT verdict FROM follow_ups WHERE id = 'f1'`).pluck().get()).toBe('unreachable');
  });

  it('refuses rows that contradict themselves: closed without a time, appealing from nowhere, excluded without an upheld appeal', () => {
    const db = fileAt(10);
    expect(() => addFollowUp(db, 'f1', 'r1', { stage: 'closed' })).toThrow(/CHECK/);
    expect(() => addFollowUp(db, 'f1', 'r1', { closed_at: 't' })).toThrow(/CHECK/);
    expect(() => addFollowUp(db, 'f1', 'r1', { stage: 'appealing' })).toThrow(/CHECK/);
    expect(() => addFollowUp(db, 'f1', 'r1', { stage: 'appealing', appealed_from: 'appealing' })).toThrow(/CHECK/);
    expect(() => addFollowUp(db, 'f1', 'r1', { excluded: 1 })).toThrow(/CHECK/);
    expect(() => addFollowUp(db, 'f1', 'r1', { stage: 'closed', closed_at: 't', excluded: 1 })).toThrow(/CHECK/);
    addFollowUp(db, 'f1', 'r1', { stage: 'closed', closed_at: 't', excluded: 1, appealed_from: 'revisiting' });
  });

  it('lists open follow-ups by due date from the partial index, without a sort', () => {
    const db = fileAt(10);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT * FROM follow_ups WHERE stage <> 'closed' ORDER BY due_date, opened_at, seq`)
      .all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/follow_ups_open_by_due/);
    expect(plan.map((p) => p.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
  });
});
