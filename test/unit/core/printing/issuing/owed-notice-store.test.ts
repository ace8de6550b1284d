import { describe, expect, it } from 'vitest';
import { OWED_NOTICES_SQL, oweNotice, owedNotices, settleOwedNotice } from '../../../../../electron/core/printing/issuing/owed-notice-store';
import type { Db } from '../../../../../electron/core/storage/database';
import { LATEST_SCHEMA_VERSION } from '../../../../../electron/core/storage/migrations';
import { databaseAt } from '../../storage/migrations/migrate-to';

/** A store at the latest schema with `count` case events (two per case), as a window holds after a while. */
function storeWithEvents(count: number): Db {
  const db = databaseAt(LATEST_SCHEMA_VERSION);
  const insert = db.prepare(
    `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, staff_id, payload)
     VALUES (?, 'case', ?, ?, 'case.accepted', '2026-11-30T02:00:00.000Z', 'JQ', 12, NULL, '{}')`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(`e${i}`, `c${Math.floor(i / 2)}`, (i % 2) + 1);
  })();
  return db;
}

describe('owed notices', () => {
  it('are listed oldest event first, of all cases or of one, and leave once settled', () => {
    const db = storeWithEvents(40);
    // Owed in another order than the events were committed in.
    oweNotice(db, { eventId: 'e31', caseId: 'c15', caseVersion: 2 });
    oweNotice(db, { eventId: 'e4', caseId: 'c2', caseVersion: 1 });
    oweNotice(db, { eventId: 'e30', caseId: 'c15', caseVersion: 1 });
    oweNotice(db, { eventId: 'e4', caseId: 'c2', caseVersion: 1 });
    expect(owedNotices(db, null).map((n) => n.eventId)).toEqual(['e4', 'e30', 'e31']);
    expect(owedNotices(db, 'c15')).toEqual([
      { eventId: 'e30', caseId: 'c15', caseVersion: 1 },
      { eventId: 'e31', caseId: 'c15', caseVersion: 2 },
    ]);
    settleOwedNotice(db, 'e30');
    expect(owedNotices(db, null).map((n) => n.eventId)).toEqual(['e4', 'e31']);
  });

  it('are found from the owed rows, never by walking the whole event log (read after every case command)', () => {
    const db = storeWithEvents(5000);
    db.pragma('optimize');
    oweNotice(db, { eventId: 'e4000', caseId: 'c2000', caseVersion: 1 });
    for (const [sql, args] of [
      [OWED_NOTICES_SQL.all, []],
      [OWED_NOTICES_SQL.ofCase, ['c2000']],
    ] as const) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((p) => p.detail);
      expect(plan.join('\n')).not.toMatch(/SCAN e\b/);
      expect(plan.join('\n')).toMatch(/SEARCH e USING (COVERING )?INDEX/);
    }
  });
});
