import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSyncState } from '../../../electron/core/sync/sync-state-store';
import { eventTooLargeWords, TOKEN_REFUSED_WORDS } from '../../../electron/core/sync/sync-words';
import { callRunningServer } from '../../../server/operator/operator-client';
import { startSyncServer, type SyncServer } from '../../support/sync-server';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';
import { countOutbox, recordEvents, syncClient, until, windowStore } from './sync-window';

// The window's sync client against the real upstream server (server/main.ts in a child process,
// on its embedded PostgreSQL), through a real TCP relay that plays the network's faults. Each test
// uses its own window of hall JQ, so the server's per-window counts are each test's own.

let server: SyncServer;
let proxy: TcpProxy;
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  server = await startSyncServer({ backend: 'pglite' });
  proxy = await startTcpProxy(server.port);
}, 180_000);

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await proxy?.close();
  await server?.stop();
});

/** The events the server holds for window `window` of JQ (the operator's `stats`). */
async function heldAt(window: number): Promise<number> {
  const pid = server.process.pid ?? -1;
  const stats = (await callRunningServer(server.dataDir ?? '', pid, 'stats', { hall: 'JQ' })) as { windows: Array<{ window: number; events: number }> };
  return stats.windows.find((w) => w.window === window)?.events ?? 0;
}

/** A window store whose client is enrolled at the server as `window`, started. */
async function enrolledWindow(window: number, extra: Parameters<typeof syncClient>[3] = {}) {
  const store = await windowStore();
  const { client, reports } = syncClient(store.db, proxy.url, window, extra);
  const outcome = await client.enrol(await server.enrol('JQ', window));
  expect(outcome.ok).toBe(true);
  cleanups.push(async () => {
    await client.stop();
    store.close();
  });
  return { ...store, client, reports };
}

describe('push against the real upstream', () => {
  it('keeps events while the upstream is unreachable, says so, and empties the outbox once it is back: each event held once', async () => {
    const w = await enrolledWindow(21);
    proxy.mode = 'down';
    w.client.start();
    const ids = recordEvents(w.db, 120, { window: 21 });
    const offline = await until('offline reported', () => w.reports.find((r) => r.state === 'offline'));
    expect(offline.detail).toMatch(/^上级平台不可访问：/);
    expect(countOutbox(w.db)).toBe(120);
    expect(readSyncState(w.db).lastError).toBe(offline.detail);
    recordEvents(w.db, 30, { window: 21 });
    // Back: the back-off alone retries (no new local change from here on).
    proxy.mode = 'pass';
    await until('outbox empty', () => countOutbox(w.db) === 0, 20_000);
    expect(await heldAt(21)).toBe(150);
    await until('online', () => w.client.status().state === 'connected');
    expect(w.client.status().sync?.lastError).toBeNull();
    expect(readSyncState(w.db).lastSuccessAt).not.toBeNull();
    expect(ids).toHaveLength(120);
  }, 60_000);

  it('sends a batch again after its answer was lost, and the server still holds each event once', async () => {
    const w = await enrolledWindow(22, { batchSize: 100 });
    recordEvents(w.db, 250, { window: 22 });
    proxy.mode = 'dropAnswer';
    w.client.start();
    // The server committed the first batch (and the one sent beside it); the window never heard.
    await until('first batch stored upstream', async () => (await heldAt(22)) >= 100);
    await until('failure seen', () => w.reports.find((r) => r.state === 'offline'));
    expect(countOutbox(w.db)).toBe(250);
    proxy.mode = 'pass';
    await until('outbox empty', () => countOutbox(w.db) === 0, 20_000);
    expect(await heldAt(22)).toBe(250);
    expect(proxy.dropped()).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('sizes batches of large events under the server\'s limit, and parks one event too large alone without holding back the rest', async () => {
    const w = await enrolledWindow(23);
    // 60 events of ~100 KB: 6 MB in all, over the server's 4 MB limit in one batch; sent in bodies under 80 % of it.
    recordEvents(w.db, 60, { window: 23, payloadBytes: 100_000 });
    w.client.start();
    await until('outbox empty', () => countOutbox(w.db) === 0, 30_000).catch((err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify(w.reports.slice(-5).map((r) => [r.state, r.detail]))}`);
    });
    expect(await heldAt(23)).toBe(60);

    // One event of 5 MB: too large alone. Its case is parked; the events after it go up.
    const [big] = recordEvents(w.db, 1, { window: 23, payloadBytes: 5_000_000 });
    recordEvents(w.db, 2, { window: 23 });
    const parked = await until('too-large reported', () => w.reports.find((r) => r.detail?.startsWith('1 条无法上传：') && r.detail.includes(big ?? '?')), 20_000).catch((err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify(w.reports.slice(-5).map((r) => [r.state, r.detail]))}`);
    });
    expect(parked.state).toBe('error');
    expect(parked.detail).toContain(eventTooLargeWords(big ?? '', 'case.received').slice(0, 40));
    recordEvents(w.db, 1, { window: 23 });
    w.client.localChange();
    await until('the rest upstream', async () => (await heldAt(23)) === 63);
    expect(countOutbox(w.db)).toBe(1);
  }, 90_000);

  it('stops when the server no longer knows the token and asks for a new enrolment', async () => {
    const w = await enrolledWindow(24);
    recordEvents(w.db, 10, { window: 24 });
    w.client.start();
    await until('outbox empty', () => countOutbox(w.db) === 0);
    await callRunningServer(server.dataDir ?? '', server.process.pid ?? -1, 'revoke', { hall: 'JQ', window: 24 });
    recordEvents(w.db, 5, { window: 24 });
    w.client.localChange();
    const refused = await until('refusal reported', () => w.reports.find((r) => r.state === 'error'), 20_000);
    expect(refused.detail).toBe(TOKEN_REFUSED_WORDS);
    const seen = proxy.requests();
    recordEvents(w.db, 5, { window: 24 });
    w.client.localChange();
    await new Promise((r) => setTimeout(r, 2000));
    expect(proxy.requests()).toBe(seen);
    expect(countOutbox(w.db)).toBe(10);
    expect(readSyncState(w.db).lastError).toBe(TOKEN_REFUSED_WORDS);
    // A new code from the operator: enrolled again, and the rest goes up.
    const again = await w.client.enrol(await server.enrol('JQ', 24));
    expect(again.ok).toBe(true);
    await until('outbox empty after re-enrolment', () => countOutbox(w.db) === 0, 20_000);
    expect(await heldAt(24)).toBe(20);
  }, 60_000);

  it('catches up 5,200 events in batches of 500, telling its progress as it goes', async () => {
    const w = await enrolledWindow(25);
    recordEvents(w.db, 5200, { window: 25 });
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 20);
    w.client.start();
    await until('outbox empty', () => countOutbox(w.db) === 0, 90_000);
    clearInterval(sampler);
    expect(await heldAt(25)).toBe(5200);
    const progress = w.reports.flatMap((r) => (r.sync?.progress ? [r.sync.progress] : []));
    expect(progress[0]).toEqual({ done: 0, total: 5200 });
    expect(progress.map((p) => p.done)).toEqual(expect.arrayContaining([500, 1000, 2500, 5000, 5200]));
    expect(progress.every((p, i) => i === 0 || p.done >= (progress[i - 1]?.done ?? 0))).toBe(true);
    expect(w.reports.some((r) => r.detail === '正在上传 2500/5200')).toBe(true);
    // Progress clears once done.
    await until('done', () => w.client.status().sync?.progress === null && w.client.status().state === 'connected');
    // One batch in memory at a time: far below the backlog's size as objects (5,200 × a few KB).
    expect(heapPeak - heapBefore).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);

  it('tells a window whose clock is an hour fast, and stores the offset', async () => {
    const fast = { now: () => new Date(Date.now() + 3_600_000) };
    const w = await enrolledWindow(26, { clock: fast });
    recordEvents(w.db, 3, { window: 26 });
    w.client.start();
    await until('outbox empty', () => countOutbox(w.db) === 0);
    const told = await until('clock warning', () => w.reports.find((r) => r.state === 'connected' && r.detail?.includes('分钟')));
    expect(told.detail).toBe('本机时钟比上级平台快 60 分钟，请校准本机时间');
    expect(Math.abs((readSyncState(w.db).clockOffsetMs ?? 0) + 3_600_000)).toBeLessThan(5_000);
  }, 60_000);
});
