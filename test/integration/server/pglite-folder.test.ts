import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { SYNC_PATHS } from '../../../electron/contract/sync';
import { openDatabase } from '../../../server/db/database';
import { silentLog } from '../../../server/log';
import { enrolRequest } from '../../support/enrol-request';
import { freshPgliteDataDir, runServerCli, startSyncServer, type SyncServer } from '../../support/sync-server';
import { caseEvents, post } from './server-fixtures';

// The embedded database's folder (issue 16, "What breaks in the field"): one process per folder,
// operator commands beside a running server, and a server killed mid-write leaving a folder that
// opens again with every acknowledged event.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-pglite-folder-'));
let server: SyncServer | null = null;

afterAll(async () => {
  await server?.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('refuses a second server on a folder in use, serves operator commands through the running one, and keeps every acknowledged event when killed mid-write', async () => {
  await freshPgliteDataDir(dir);
  server = await startSyncServer({ backend: 'pglite', dataDir: dir });

  const second = await runServerCli(['--port', '0', '--data-dir', dir], { DATABASE_URL: '' });
  expect(second.code).toBe(2);
  expect(second.stderr).toContain(`正被另一个进程（pid ${server.process.pid}）使用`);
  expect(second.stderr).toContain('DATABASE_URL');

  // `enrol` while the server holds the folder: its last line is the code, and the code works.
  const enrolled = await runServerCli(['enrol', '--hall', 'JQ', '--window', '12', '--role', 'window', '--data-dir', dir], { DATABASE_URL: '' });
  expect(enrolled.code, enrolled.stderr).toBe(0);
  // The role reaches the running server's operator endpoint and is said before the code.
  expect(enrolled.stdout).toContain('JQ 大厅 12 号窗口的一次性注册码');
  const code = enrolled.stdout.trim().split('\n').at(-1) ?? '';
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const { token, body } = enrolRequest(code, 'JQ', 12);
  const answer = await post(`${server.url}${SYNC_PATHS.enrol}`, body);
  expect(answer.status).toBe(200);

  // Push batches one after another; kill the server while one is in flight.
  const acknowledged: string[] = [];
  for (let i = 0; i < 6; i += 1) {
    const events = caseEvents('JQ', 12, 40);
    const ack = await post(`${server.url}${SYNC_PATHS.push}`, { events }, token);
    expect(ack.status).toBe(200);
    acknowledged.push(...(ack.body as { held: string[] }).held);
  }
  const inFlight = caseEvents('JQ', 12, 40);
  const lost = post(`${server.url}${SYNC_PATHS.push}`, { events: inFlight }, token).catch(() => null);
  await new Promise((resolve) => setTimeout(resolve, 15));
  await server.kill();
  await lost;
  expect(fs.existsSync(path.join(dir, 'server.lock'))).toBe(true);

  const stats = await runServerCli(['stats', '--hall', 'JQ', '--data-dir', dir], { DATABASE_URL: '' });
  expect(stats.code, stats.stderr).toBe(0);
  const line = JSON.parse(stats.stdout.trim().split('\n').at(-1) ?? '') as { hall: string; windows: Array<{ window: number; events: number; cases: number }> };
  expect(line.hall).toBe('JQ');
  expect(line.windows[0]?.window).toBe(12);
  // Every acknowledged event; the in-flight batch all or nothing.
  expect([acknowledged.length, acknowledged.length + inFlight.length]).toContain(line.windows[0]?.events);
  expect([6, 7]).toContain(line.windows[0]?.cases);

  const db = await openDatabase({ dataDir: dir, log: silentLog });
  try {
    const held = await db.pool.query<{ id: string }>('SELECT id FROM events WHERE hall = $1', ['JQ']);
    const ids = new Set(held.rows.map((r) => r.id));
    expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
  } finally {
    await db.close();
  }
  expect(fs.existsSync(path.join(dir, 'server.lock'))).toBe(false);
}, 150_000);
