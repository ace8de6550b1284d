import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYNC_PATHS } from '../../../electron/contract/sync';
import { startPostgres, type TestPostgres } from '../../support/postgres';
import { enrolRequest } from '../../support/enrol-request';
import { runServerCli, startSyncServer, type SyncServer } from '../../support/sync-server';
import { caseEvents, post } from './server-fixtures';

// A server process on a real PostgreSQL: it runs in another time zone than its operators, and
// lives through PostgreSQL restarting under it (an idle pooled client's error is not fatal).

let cluster: TestPostgres;
let server: SyncServer | null = null;

beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
  await cluster?.stop();
});

async function healthUntil(url: string, status: number, withinMs: number): Promise<void> {
  const until = Date.now() + withinMs;
  for (;;) {
    const got = await fetch(`${url}${SYNC_PATHS.health}`).then((r) => r.status, () => 0);
    if (got === status) return;
    if (Date.now() > until) throw new Error(`/health answered ${got}, not ${status}, for ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

it('stores the same instant whichever time zone the server and the operator run in, and recovers after PostgreSQL restarts', async () => {
  const databaseUrl = await cluster.createDatabase('tz_restart');
  server = await startSyncServer({ backend: 'postgres', databaseUrl, env: { TZ: 'Asia/Shanghai' } });
  const code = await server.enrol('TZ', 1);
  const { token, body } = enrolRequest(code, 'TZ', 1);
  expect((await post(`${server.url}${SYNC_PATHS.enrol}`, body)).status).toBe(200);
  const events = caseEvents('TZ', 1, 2);
  expect((await post(`${server.url}${SYNC_PATHS.push}`, { events }, token)).status).toBe(200);

  const inShanghai = await runServerCli(['stats', '--hall', 'TZ'], { DATABASE_URL: databaseUrl, TZ: 'Asia/Shanghai', PGTZ: 'Asia/Shanghai' });
  const inUtc = await runServerCli(['stats', '--hall', 'TZ'], { DATABASE_URL: databaseUrl, TZ: 'UTC', PGTZ: 'UTC' });
  expect(inShanghai.code, inShanghai.stderr).toBe(0);
  const shanghai = JSON.parse(inShanghai.stdout.trim()) as { windows: Array<{ lastOccurredAt: string; lastReceivedAt: string; events: number; cases: number }> };
  expect(shanghai.windows[0]).toMatchObject({ window: 1, events: 2, cases: 1, lastOccurredAt: events[1]?.occurredAt });
  expect(Math.abs(Date.parse(shanghai.windows[0]?.lastReceivedAt ?? '') - Date.now())).toBeLessThan(120_000);
  expect(inUtc.stdout).toBe(inShanghai.stdout);

  // PostgreSQL stops under the running server: health says so, the process lives on.
  await cluster.stopServer();
  await healthUntil(server.url, 503, 15_000);
  const refused = await post(`${server.url}${SYNC_PATHS.push}`, { events: caseEvents('TZ', 1, 1) }, token);
  expect(refused.status).toBe(503);
  expect(server.process.exitCode).toBeNull();
  await cluster.startServer();
  await healthUntil(server.url, 200, 20_000);
  const after = caseEvents('TZ', 1, 1);
  const pushed = await post(`${server.url}${SYNC_PATHS.push}`, { events: after }, token);
  expect(pushed.status).toBe(200);
  expect(server.process.exitCode).toBeNull();
  expect(server.output()).toContain('数据库');
}, 120_000);
