import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HALL_NUMBER_TAKEN_WORDS } from '../../../electron/contract/queue';
import type { Clock } from '../../../electron/core/clock';
import { DATABASE_FILE } from '../../../electron/core/create-core';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { startPostgres, type TestPostgres } from '../../support/postgres';
import { startSyncServer, type SyncServer } from '../../support/sync-server';
import { until } from './sync-window';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

// Review finding M2, through the real hall server (server/main.ts in a child process) on a real
// PostgreSQL: local tickets the hall does not take when a window's offline history goes up are
// kept with the hall's reason and shown on the window's panel, not marked sent and lost.
// - conflicting: windows 12 and 14 were both set to fallback slot 2 (a configuration slip). Both
//   issue A6000 while the server is unreachable; 14's history goes up first, so 12's A6000 is a
//   number the hall already holds: the server answers it `conflicting`.
// - refused: window 16's PC clock is three days behind. Its offline ticket is of a service day the
//   server does not take any more (only today's and yesterday's): `refused`, with the server's words.
// Each window's panel (`queue.state`) then lists its ticket with the reason until the clerk
// acknowledges it; its store keeps it, apart from the sent ones; it is never sent again.

let cluster: TestPostgres;
let server: SyncServer;
let pool: pg.Pool;
const open: TestCore[] = [];
const proxies: TcpProxy[] = [];

beforeAll(async () => {
  cluster = await startPostgres();
  const databaseUrl = await cluster.createDatabase('queue_refusals');
  server = await startSyncServer({ backend: 'postgres', databaseUrl });
  pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
}, 180_000);

afterAll(async () => {
  for (const core of open) await core.close();
  for (const proxy of proxies) await proxy.close();
  await server?.stop();
  await pool?.end();
  await cluster?.stop();
});

const categories = [
  { letter: 'A', name: '企业开办', windows: [12, 14, 16] },
  { letter: 'B', name: '社保', windows: [12, 14, 16] },
];

const DAY_MS = 24 * 60 * 60 * 1000;

/** A window of hall JQ reaching the server through its own proxy (to cut it off alone), on `clock`. */
async function windowAt(number: number, fallbackSlot: number, clock?: Clock): Promise<{ core: TestCore; proxy: TcpProxy }> {
  const proxy = await startTcpProxy(server.port);
  proxies.push(proxy);
  const core = await createTestCore({
    config: {
      hall: JQ_WINDOW_12.hall,
      window: { number },
      sync: { url: proxy.url, enrolmentCode: await server.enrol('JQ', number) },
      queue: { resetHour: 4, categories, fallbackSlot },
    },
    ...(clock ? { clock } : {}),
    queue: { requestTimeoutMs: 3000, probeIntervalMs: 200 },
  });
  open.push(core);
  await core.signIn();
  await until(`window ${number} enrolled`, async () => (await core.call('sync.info', {})).enrolment);
  await until(`window ${number} in hall mode`, async () => (await core.call('queue.state', {})).mode.mode === 'hall');
  return { core, proxy };
}

/** The refusal columns of a window's local ticket, read from its SQLite file. */
function storedRow(core: TestCore, number: string): unknown {
  const db = new Database(path.join(core.dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT number, sent_at, refusal_kind, refusal, refusal_seen_at FROM queue_tickets WHERE number = ?').get(number);
  } finally {
    db.close();
  }
}

describe('local tickets the hall server does not take', () => {
  it('are kept with the hall reason, listed on the window panel until acknowledged, and never sent again', async () => {
    const w12 = await windowAt(12, 2);
    const w14 = await windowAt(14, 2);
    const behind: Clock = { now: () => new Date(Date.now() - 3 * DAY_MS) };
    const w16 = await windowAt(16, 3, behind);

    // The server cannot be reached from any of them: each issues from its fallback range.
    for (const w of [w12, w14, w16]) w.proxy.mode = 'down';
    const own12 = await w12.core.call('queue.issue', { letter: 'A' });
    const own14 = await w14.core.call('queue.issue', { letter: 'A' });
    const own16 = await w16.core.call('queue.issue', { letter: 'B' });
    expect([own12.ticket.number, own14.ticket.number, own16.ticket.number]).toEqual(['A6000', 'A6000', 'B7000']);
    for (const own of [own12, own14, own16]) expect(own.mode.mode).toBe('local');
    // Window 12 also calls a second ticket of its own: that one the hall takes.
    const second12 = await w12.core.call('queue.issue', { letter: 'B' });
    expect(second12.ticket.number).toBe('B6000');

    // Window 14's history goes up first: its A6000 is the hall's.
    w14.proxy.mode = 'pass';
    await until('window 14 back in hall mode, all sent', async () => {
      const p = await w14.core.call('queue.state', {});
      return p.mode.mode === 'hall' && p.mode.unsentHistory === 0;
    });
    expect((await w14.core.call('queue.state', {})).hallRefusals ?? []).toEqual([]);

    // Then 12's and 16's.
    w12.proxy.mode = 'pass';
    w16.proxy.mode = 'pass';
    const panel12 = await until('window 12 back in hall mode, nothing left to send', async () => {
      const p = await w12.core.call('queue.state', {});
      return p.mode.mode === 'hall' && p.mode.unsentHistory === 0 ? p : null;
    });
    const panel16 = await until('window 16 back in hall mode, nothing left to send', async () => {
      const p = await w16.core.call('queue.state', {});
      return p.mode.mode === 'hall' && p.mode.unsentHistory === 0 ? p : null;
    });

    // The hall holds 14's A6000 and 12's B6000; neither 12's A6000 nor 16's B7000.
    const upstream = await pool.query<{ id: string; number: string }>("SELECT id::text AS id, number FROM queue_tickets WHERE hall = 'JQ' ORDER BY number");
    expect(upstream.rows).toEqual([
      { id: own14.ticket.id, number: 'A6000' },
      { id: second12.ticket.id, number: 'B6000' },
    ]);

    // Each window's panel says so, with the hall's reason.
    expect(panel12.hallRefusals).toEqual([
      {
        ticketId: own12.ticket.id,
        number: 'A6000',
        serviceDay: own12.ticket.serviceDay,
        state: 'waiting',
        kind: 'conflicting',
        reason: HALL_NUMBER_TAKEN_WORDS,
        refusedAt: expect.any(String),
      },
    ]);
    expect(panel16.hallRefusals).toEqual([
      {
        ticketId: own16.ticket.id,
        number: 'B7000',
        serviceDay: own16.ticket.serviceDay,
        state: 'waiting',
        kind: 'refused',
        reason: expect.stringContaining(`属于营业日 ${own16.ticket.serviceDay}`),
        refusedAt: expect.any(String),
      },
    ]);

    // Kept in each store apart from the sent ones: not sent, the hall's reason recorded.
    expect(storedRow(w12.core, 'B6000')).toMatchObject({ sent_at: expect.any(String), refusal_kind: null });
    expect(storedRow(w12.core, 'A6000')).toEqual({ number: 'A6000', sent_at: null, refusal_kind: 'conflicting', refusal: HALL_NUMBER_TAKEN_WORDS, refusal_seen_at: null });
    expect(storedRow(w16.core, 'B7000')).toMatchObject({ sent_at: null, refusal_kind: 'refused', refusal: expect.stringContaining('未保存'), refusal_seen_at: null });

    // A press and a read later the list is still there (nothing sends them again, nothing drops them).
    await w12.core.call('queue.press', { action: { kind: 'callNext' } });
    expect((await w12.core.call('queue.state', {})).hallRefusals?.map((r) => r.number)).toEqual(['A6000']);

    // The clerk acknowledges it: gone from the panel, still in the store.
    const after = await w12.core.call('queue.acknowledgeRefusals', { ticketIds: [own12.ticket.id] });
    expect(after.hallRefusals).toEqual([]);
    expect((await w12.core.call('queue.state', {})).hallRefusals).toEqual([]);
    expect(storedRow(w12.core, 'A6000')).toMatchObject({ refusal_kind: 'conflicting', refusal_seen_at: expect.any(String) });
    // Window 16's list is its own.
    expect((await w16.core.call('queue.state', {})).hallRefusals?.map((r) => r.number)).toEqual(['B7000']);
    // Still only once at the hall: nothing of 12's A6000 went up again.
    const again = await pool.query<{ n: string }>("SELECT count(*)::text AS n FROM queue_tickets WHERE hall = 'JQ' AND id = $1", [own12.ticket.id]);
    expect(again.rows[0]?.n).toBe('0');
  }, 120_000);
});
