import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../../../electron/core/storage/migrations';
import { armedSession, endSession, insertSession, markRated, newDeviceSessionId, sessionOfDeviceId } from '../../../../electron/core/ratings/session-store';
import { databaseAt } from '../storage/migrations/migrate-to';

function store() {
  const db = databaseAt(LATEST_SCHEMA_VERSION);
  db.prepare(`INSERT INTO staff (id, staff_number, name, pin_hash, created_at, updated_at) VALUES ('p', '1001', '王芳', 'h', 't', 't')`).run();
  return db;
}

const session = (id: string, deviceSessionId: number, armedAt = '2026-11-30T02:00:00.000Z') => ({
  id,
  deviceSessionId,
  caseId: null,
  staffId: 'p',
  serviceLabel: '窗口服务 请评价',
  armedAt,
  expiresAt: '2026-11-30T02:01:00.000Z',
});

describe('一次一评 sessions as stored', () => {
  it('a new session supersedes the armed one; only one is ever armed', () => {
    const db = store();
    expect(insertSession(db, session('a', 7))).toBeNull();
    expect(insertSession(db, session('b', 8, '2026-11-30T02:00:30.000Z'))).toBe('a');
    expect(armedSession(db)?.id).toBe('b');
    expect(db.prepare(`SELECT state, ended_at FROM rating_sessions WHERE id = 'a'`).get()).toEqual({ state: 'superseded', ended_at: '2026-11-30T02:00:30.000Z' });
  });

  it('is rated once, from armed or expired, never from superseded', () => {
    const db = store();
    insertSession(db, session('a', 7));
    insertSession(db, session('b', 8));
    db.prepare(`INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, payload) VALUES ('e', 'rating', 'r', 1, 'rating.received', 't', 'JQ', 12, '{}')`).run();
    for (const id of ['r1', 'r2', 'r3']) {
      db.prepare(
        `INSERT INTO ratings (id, vote_key, satisfaction, received_at, received_date, rated_at, rated_date, attribution, session_id, hall_code, window_number, protocol, address, event_id)
         VALUES (?, ?, 'satisfied', 't', '2026-11-30', 't', '2026-11-30', 'session', ?, 'JQ', 12, 'v1', 1, 'e')`,
      ).run(id, `k-${id}`, `x-${id}`);
    }
    expect(markRated(db, 'a', 'r1', 't')).toBe(false);
    expect(endSession(db, 'b', 'expired', 't')).toBe(true);
    expect(markRated(db, 'b', 'r2', 't')).toBe(true);
    expect(markRated(db, 'b', 'r3', 't')).toBe(false);
    expect(sessionOfDeviceId(db, 8)).toMatchObject({ state: 'rated', ratingId: 'r2' });
    expect(sessionOfDeviceId(db, 0)).toBeNull();
  });

  it('gives ARM a non-zero u32 never used before at the window', () => {
    const db = store();
    const seen = new Set<number>();
    for (let i = 0; i < 200; i += 1) {
      const id = newDeviceSessionId(db);
      expect(id).toBeGreaterThanOrEqual(1);
      expect(id).toBeLessThanOrEqual(0xffffffff);
      expect(seen.has(id)).toBe(false);
      seen.add(id);
      insertSession(db, session(`s${i}`, id));
    }
  });
});
