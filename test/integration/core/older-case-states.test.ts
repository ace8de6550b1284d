import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../electron/core/clock';
import { foldCase } from '../../../electron/core/cases/case-lifecycle';
import { loadCaseEvents, loadCaseState } from '../../../electron/core/cases/case-repository';
import type { Db } from '../../../electron/core/storage/database';
import { createTestCore, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs } from '../../support/intake-args';

// 10:00 in the hall on Friday 2026-02-13: a 容缺 due date of 2026-02-25 touches no provisional year.
const CLOCK = () => fixedClock('2026-02-13T02:00:00.000Z', 1000);

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/**
 * Rewrites the stored events and projection rows into what builds before issue 11 wrote: no
 * `checksumOverrides` on `case.received` nor in the state, no `dueProvisional` on a deferral.
 * (The events are append-only; the test lifts the guard on its own copy only to forge the past.)
 */
function makeOlder(dataDir: string): void {
  const db = new Database(path.join(dataDir, 'counter.sqlite'));
  try {
    const triggers = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'").all() as Array<{ sql: string }>;
    db.exec('DROP TRIGGER events_are_append_only_update; DROP TRIGGER events_are_append_only_delete;');
    db.exec(`UPDATE events SET payload = json_remove(payload, '$.checksumOverrides') WHERE type = 'case.received'`);
    db.exec(`UPDATE events SET payload = json_remove(payload, '$.deferrals[0].dueProvisional') WHERE type = 'case.accepted'`);
    db.exec(`UPDATE case_states SET state = json_remove(state, '$.checksumOverrides', '$.deferrals[0].dueProvisional')`);
    for (const { sql } of triggers) db.exec(sql);
    // As after an upgrade whose calendar differs: the next start recomputes open cases' deadlines.
    db.exec(`DELETE FROM app_meta WHERE key = 'deadlines_calendar_revision'`);
  } finally {
    db.close();
  }
}

describe('cases stored by an earlier build', () => {
  it('replay to their stored state, and an upgrade adds nothing to their history', async () => {
    t = await createTestCore({ clock: CLOCK() });
    await t.signIn();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const spec = { received: ['M1', 'M3', 'M4', 'M5'] };
    const deferral = { kind: 'accept_with_deferral' as const, deferrals: [{ materialId: 'M2', dueDate: '2026-02-25' }] };
    const open = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, spec, deferral));
    const closed = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, spec, deferral));
    await t.call('cases.withdraw', { caseId: closed.id, reason: '申请人撤回申请' });
    const dataDir = t.dataDir;
    await t.close();
    t = null;
    makeOlder(dataDir);

    t = await createTestCore({ dataDir, clock: CLOCK() });
    await t.signIn();
    const shown = await t.call('cases.get', { caseId: closed.id });
    expect(shown.deferrals.map((d) => d.dueProvisional)).toEqual([false]);
    await t.close();
    t = null;

    const db = new Database(path.join(dataDir, 'counter.sqlite'), { readonly: true }) as unknown as Db;
    try {
      // Nothing changed for the open case: its history is what the clerk did, no recompute.
      expect(loadCaseEvents(db, open.id).map((e) => e.type)).toEqual(['case.received', 'case.accepted']);
      for (const id of [open.id, closed.id]) {
        expect(foldCase(id, loadCaseEvents(db, id))).toEqual(loadCaseState(db, id));
      }
    } finally {
      (db as unknown as Database.Database).close();
    }
  });
});
