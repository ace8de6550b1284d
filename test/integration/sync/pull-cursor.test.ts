import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncChange } from '../../../electron/contract/sync';
import { publishChange } from '../../../server/changes/publish';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs } from '../../support/intake-args';
import { startPostgres, type TestPostgres } from '../../support/postgres';
import { startSyncServer, type SyncServer } from '../../support/sync-server';
import { until } from './sync-window';

// The upstream's database is replaced under a window (issue 16 review, finding 5): restored from
// an older backup, and the operator renewed its epoch as server/db/migrations/0003 says. The
// window's cursor is then refused (`bad_cursor`); the window forgets it and pulls from the
// beginning in the same round: what it applied before changes nothing, what it missed arrives.

let postgres: TestPostgres;
let server: SyncServer;
let pool: pg.Pool;
let t: TestCore | null = null;

beforeAll(async () => {
  postgres = await startPostgres();
  const databaseUrl = await postgres.createDatabase('pull_cursor');
  server = await startSyncServer({ backend: 'postgres', databaseUrl });
  pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
}, 180_000);

afterAll(async () => {
  await t?.close();
  await pool?.end();
  await server?.stop();
  await postgres?.stop();
});

function windowCursor(core: TestCore): string | null {
  const db = new Database(path.join(core.dataDir, 'counter.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT pull_cursor FROM sync_state WHERE id = 1').pluck().get() as string | null;
  } finally {
    db.close();
  }
}

/**
 * The 系统管理员 presses 立即同步 on the 设置 page; the clerk signs in again. sync.now answers
 * once the round has started: the caller waits for what the round brings.
 */
async function syncNow(core: TestCore): Promise<void> {
  await core.call('session.signOut', {});
  await core.signInAs('it_admin');
  await core.call('sync.now', {});
  await core.call('session.signOut', {});
  await core.signIn();
}

/** The case once it has reached `status` (the round started by syncNow applied the pull). */
function caseReaching(core: TestCore, caseId: string, status: string) {
  return until(`the case ${status}`, async () => {
    const detail = await core.call('cases.get', { caseId });
    return detail.status === status ? detail : null;
  });
}

describe('a window whose pull cursor the upstream no longer knows', () => {
  it('pulls from the beginning at once: the decision it missed arrives, the one it had is not recorded twice', async () => {
    const code = await server.enrol('JQ', 12);
    t = await createTestCore({ config: { ...JQ_WINDOW_12, sync: { url: server.url, enrolmentCode: code } } });
    await t.signIn();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const c = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    await until('the case pushed', async () => {
      const held = await pool.query('SELECT count(*)::int AS n FROM events WHERE hall = $1 AND stream_id = $2', ['JQ', c.id]);
      return (held.rows[0] as { n: number }).n >= 2;
    });
    const decision = (step: 'reviewStarted' | 'decided'): SyncChange => ({
      kind: 'case.backOfficeDecision',
      id: randomUUID(),
      caseId: c.id,
      caseNumber: c.caseNumber,
      decision: step === 'decided' ? { step, outcome: 'approved', reason: '', legalBasis: '' } : { step },
      decidedAt: new Date().toISOString(),
      decidedBy: '区市场监督管理局审批科',
    });
    await publishChange(pool, 'JQ', decision('reviewStarted'), 12);
    await syncNow(t);
    await caseReaching(t, c.id, 'in_review');
    const oldEpoch = (await pool.query<{ epoch: string }>('SELECT epoch FROM server_epoch')).rows[0]!.epoch;
    expect(windowCursor(t)).toMatch(new RegExp(`^${oldEpoch}:\\d+$`));

    // The upstream's database is another one now (the operator's step after a restore).
    await pool.query(`UPDATE server_epoch SET epoch = substr(md5(random()::text || clock_timestamp()::text), 1, 16)`);
    const newEpoch = (await pool.query<{ epoch: string }>('SELECT epoch FROM server_epoch')).rows[0]!.epoch;
    await publishChange(pool, 'JQ', decision('decided'), 12);

    await syncNow(t);
    const detail = await caseReaching(t, c.id, 'decided');
    expect(detail.timeline.filter((e) => e.type === 'case.backOfficeDecided').map((e) => e.title)).toEqual(['后台开始审查', '后台作出决定：准予许可']);
    expect(windowCursor(t)).toMatch(new RegExp(`^${newEpoch}:\\d+$`));
  }, 120_000);
});
