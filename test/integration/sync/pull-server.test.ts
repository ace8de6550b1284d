import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishChange } from '../../../server/changes/publish';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs } from '../../support/intake-args';
import { startPostgres, type TestPostgres } from '../../support/postgres';
import { startSyncServer, type SyncServer } from '../../support/sync-server';
import { until } from './sync-window';

// The whole way down: a decision published on the real upstream server (server/main.ts on a
// throwaway PostgreSQL cluster) reaches the window's case through the core's own sync client.

let postgres: TestPostgres;
let server: SyncServer;
let pool: pg.Pool;
let t: TestCore | null = null;

beforeAll(async () => {
  postgres = await startPostgres();
  const databaseUrl = await postgres.createDatabase('pull_server');
  server = await startSyncServer({ backend: 'postgres', databaseUrl });
  pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
}, 180_000);

afterAll(async () => {
  await t?.close();
  await pool?.end();
  await server?.stop();
  await postgres?.stop();
});

describe('a back-office decision published upstream', () => {
  it('is pulled by the window’s sync client and shows on the case', async () => {
    const code = await server.enrol('JQ', 12);
    t = await createTestCore({ config: { ...JQ_WINDOW_12, sync: { url: server.url, enrolmentCode: code } } });
    await t.signIn();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const c = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    // The case reaches the server (the client's round after the local change).
    await until('the case pushed', async () => {
      const held = await pool.query('SELECT count(*)::int AS n FROM events WHERE hall = $1 AND stream_id = $2', ['JQ', c.id]);
      return (held.rows[0] as { n: number }).n >= 2;
    });

    await publishChange(
      pool,
      'JQ',
      {
        kind: 'case.backOfficeDecision',
        id: randomUUID(),
        caseId: c.id,
        caseNumber: c.caseNumber,
        decision: { step: 'decided', outcome: 'approved', reason: '', legalBasis: '' },
        decidedAt: new Date().toISOString(),
        decidedBy: '区市场监督管理局审批科',
      },
      12,
    );
    // The 系统管理员 forces a sync from the 设置 page.
    await t.call('session.signOut', {});
    await t.signInAs('it_admin');
    await t.call('sync.now', {});
    await t.call('session.signOut', {});
    await t.signIn();
    const decided = await until('the decision on the case', async () => {
      const detail = await t!.call('cases.get', { caseId: c.id });
      return detail.status === 'decided' ? detail : null;
    });
    expect(decided.decision).toMatchObject({ outcome: 'approved', decidedBy: '区市场监督管理局审批科' });
    expect(decided.timeline.at(-1)?.title).toBe('后台作出决定：准予许可');
  }, 120_000);
});
