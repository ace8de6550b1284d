import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CALL_EVENT_NAME, CALLS_BOARD_EVENT_NAME, CallEventSchema, CallsBoardSchema, QUEUE_PATHS, type CallEvent, type CallsBoard, type QueueCall } from '../../../electron/contract/queue';
import { HallCodeSchema } from '../../../electron/contract/sync/codes';
import { silentLogger, type Logger } from '../../../electron/core/logging/logger';
import { HallCallsFollower } from '../../../electron/core/queue/hall-calls-follower';
import { describeIssues, sendError } from '../../../server/http/errors';
import { silentLog } from '../../../server/log';
import { CallFeed, lastCallSeq, streamCalls } from '../../../server/queue/calls';
import { hallDevices, testHallRules, type HallDevices } from '../../support/queue-client';
import { enrolledToken, startLiveApp, type LiveApp } from './server-fixtures';

// A hall display switched on (or rebooted) mid-day (issue 17, capability 5; trial 27 F7): its
// first connection to the calls stream, with no Last-Event-ID, opens with the board as it stands
// — each window's latest call of today's service day and the day's recent calls — as a `board`
// event, which the display shows and does not announce; only calls made after it connected come
// as `call` events (announced). A resumption with Last-Event-ID replays the missed calls as `call`
// events and no board. Against the server on embedded PGlite.
// Mixed versions (review-27): a display PC from before the board (it takes its resume point only
// from a bare `id:` block) keeps it against this server (F13); a display PC of this version
// follows a server from before the board, whose strict query refuses the clock parameters (F1).

const HALL = 'JQ';
const RULES = testHallRules([{ letter: 'A', name: '综合业务', itemCodes: [], windows: [1, 2], lane: 'ordinary' }]);

interface Heard {
  boards: CallsBoard[];
  calls: CallEvent[];
  /** Every event's `id:` in order (the board's, the calls'). */
  ids: string[];
  /** The ids of blocks with no data, in order: the only resume point a display from before the board takes. */
  bareIds?: string[];
}

/** Reads the stream's events (board, call) into `heard` until `signal` aborts. */
async function listen(query: Record<string, string>, lastEventId: number | null, heard: Heard, signal: AbortSignal, url: string): Promise<void> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (lastEventId !== null) headers['last-event-id'] = String(lastEventId);
  const answer = await fetch(`${url}${QUEUE_PATHS.calls}?${new URLSearchParams(query).toString()}`, { headers, signal });
  if (answer.status !== 200 || answer.body === null) throw new Error(`calls: ${answer.status}`);
  const reader = answer.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
        const id = field('id');
        if (id !== undefined) heard.ids.push(id);
        const data = field('data');
        if (data === undefined) {
          if (id !== undefined) heard.bareIds?.push(id);
          continue;
        }
        if (field('event') === CALLS_BOARD_EVENT_NAME) heard.boards.push(CallsBoardSchema.parse(JSON.parse(data)));
        if (field('event') === CALL_EVENT_NAME) heard.calls.push(CallEventSchema.parse(JSON.parse(data)));
      }
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  }
}

let live: LiveApp;
let hall: HallDevices;
const clock = { hall: HALL, timeZone: RULES.timeZone, resetHour: String(RULES.resetHour) };

beforeAll(async () => {
  live = await startLiveApp('pglite', null);
  const token = new Map<number, string>();
  for (const w of [1, 2, 91]) token.set(w, await enrolledToken(live, HALL, w));
  hall = hallDevices(live.url, token, RULES, 91);
  // Yesterday's last call (seq 1): not on today's board.
  await live.db.pool.query("INSERT INTO queue_call_counters (hall, last) VALUES ($1, 1)", [HALL]);
  await live.db.pool.query(
    'INSERT INTO queue_calls (hall, seq, window_number, ticket_id, number, recall, called_at) VALUES ($1, 1, 2, $2, $3, false, $4)',
    [HALL, uuidv7(), 'A099', new Date(Date.now() - 26 * 3600_000)],
  );
}, 120_000);

afterAll(async () => {
  await live?.close();
});

describe('a display connecting mid-day', () => {
  it('gets the board as it stands, unannounced; later calls are announced; a resumption replays the missed ones', async () => {
    for (let i = 0; i < 4; i++) await hall.issue('A');
    expect(await hall.press(1, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A001' }); // seq 2
    expect(await hall.press(2, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A002' }); // seq 3
    expect(await hall.press(1, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A003' }); // seq 4

    // A display switched on now: no Last-Event-ID.
    const fresh: Heard = { boards: [], calls: [], ids: [] };
    const stop = new AbortController();
    const reading = listen(clock, null, fresh, stop.signal, live.url);
    await expect.poll(() => fresh.boards.length, { timeout: 10_000 }).toBe(1);
    const board = fresh.boards[0]!;
    expect(board.after).toBe(4);
    expect(fresh.ids[0]).toBe('4');
    // Each window's latest call of today (window 2's A002, not yesterday's A099), newest first in recent.
    expect(board.windows.map((c) => [c.window, c.number])).toEqual([
      [1, 'A003'],
      [2, 'A002'],
    ]);
    expect(board.recent.map((c) => c.number)).toEqual(['A003', 'A002', 'A001']);
    // None of them is sent as a call (a call is what a display announces).
    expect(fresh.calls).toEqual([]);

    // A call after connecting is a call event: announced.
    expect(await hall.press(2, { kind: 'recall' })).toMatchObject({ kind: 'called', number: 'A002', recall: true }); // seq 5
    await expect.poll(() => fresh.calls.length, { timeout: 10_000 }).toBe(1);
    expect(fresh.calls[0]).toMatchObject({ seq: 5, window: 2, number: 'A002', recall: true });
    stop.abort();
    await reading;
    expect(fresh.boards).toHaveLength(1);

    // The display was away after seq 4 (its Last-Event-ID): it gets seq 5 and 6 as calls, no board.
    expect(await hall.press(1, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A004' }); // seq 6
    const back: Heard = { boards: [], calls: [], ids: [] };
    const stop3 = new AbortController();
    const reading3 = listen(clock, 4, back, stop3.signal, live.url);
    await expect.poll(() => back.calls.length, { timeout: 10_000 }).toBe(2);
    stop3.abort();
    await reading3;
    expect(back.boards).toEqual([]);
    expect(back.calls.map((c) => [c.seq, c.number, c.recall])).toEqual([
      [5, 'A002', true],
      [6, 'A004', false],
    ]);
  });

  it("keeps a pre-board display's resume point: a call made while it was cut off after a quiet start reaches it (F13)", async () => {
    const before = await lastCallSeq(live.db.pool, HALL);
    // An older display PC asks with the hall only and ignores the board event; as its follower
    // did (`event()`: a block with an id and no data, while it has no seq yet), it takes the bare id.
    const old: Heard = { boards: [], calls: [], ids: [], bareIds: [] };
    const stop = new AbortController();
    const reading = listen({ hall: HALL }, null, old, stop.signal, live.url);
    await expect.poll(() => old.bareIds?.length ?? 0, { timeout: 10_000 }).toBe(1);
    // The board comes first (a new display has it before it reports connected), then the bare id.
    expect(old.boards.map((b) => b.after)).toEqual([before]);
    expect(old.ids).toEqual([String(before), String(before)]);
    const resumeFrom = Number(old.bareIds![0]);
    expect(resumeFrom).toBe(before);
    // Cut before any call; a call is made while it is away.
    stop.abort();
    await reading;
    expect(old.calls).toEqual([]);
    expect(await hall.press(2, { kind: 'recall' })).toMatchObject({ kind: 'called', recall: true });

    const back: Heard = { boards: [], calls: [], ids: [], bareIds: [] };
    const stop2 = new AbortController();
    const reading2 = listen({ hall: HALL }, resumeFrom, back, stop2.signal, live.url);
    await expect.poll(() => back.calls.length, { timeout: 10_000 }).toBe(1);
    stop2.abort();
    await reading2;
    expect(back.calls[0]).toMatchObject({ seq: before + 1, window: 2, recall: true });
    expect(back.bareIds).toEqual([String(before)]);
    expect(back.boards).toEqual([]);
  });

  it("a display of this version takes the board and the bare id after it once: the board kept, later calls announced once", async () => {
    const before = await lastCallSeq(live.db.pool, HALL);
    const heard: QueueCall[] = [];
    const connections: boolean[] = [];
    const follower = new HallCallsFollower({
      baseUrl: live.url,
      hall: HALL,
      log: silentLogger,
      clock: { timeZone: RULES.timeZone, resetHour: RULES.resetHour },
      onCall: (c) => heard.push(c),
      onConnected: (c) => connections.push(c),
      retryMs: 50,
    });
    follower.start();
    try {
      await expect.poll(() => follower.isConnected(), { timeout: 10_000 }).toBe(true);
      expect(follower.shownBefore()).toBe(before);
      expect(follower.calls()[0]?.seq).toBe(before);
      expect(await hall.press(1, { kind: 'recall' })).toMatchObject({ kind: 'called', recall: true });
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(1);
      expect(heard[0]).toMatchObject({ seq: before + 1, window: 1, recall: true });
      expect(connections).toEqual([true]);
    } finally {
      await follower.stop();
    }
  });

  it('follows a server from before the board, whose strict query refuses the clock: asked again without it, and not sent again (F1)', async () => {
    // The calls route as it was before the board (HEAD before review-27): `{hall, lastEventId}`
    // strictly, no board, the bare id; on the same database, with the same error body.
    const OldCallsQuerySchema = z.object({ hall: HallCodeSchema, lastEventId: z.coerce.number().int().min(0).optional() }).strict();
    const old = Fastify();
    const queries: string[] = [];
    const streams = new Set<() => void>();
    const feed = new CallFeed();
    old.get(QUEUE_PATHS.calls, async (request, reply) => {
      queries.push(request.url);
      const parsed = OldCallsQuerySchema.safeParse(request.query);
      if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
      const header = request.headers['last-event-id'];
      const after = typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : (parsed.data.lastEventId ?? (await lastCallSeq(live.db.pool, parsed.data.hall)));
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      reply.raw.write('retry: 2000\n\n');
      const end = streamCalls(live.db.pool, feed, silentLog, parsed.data.hall, after, reply.raw);
      streams.add(end);
      reply.raw.on('close', () => streams.delete(end));
    });
    await old.listen({ port: 0, host: '127.0.0.1' });
    const oldUrl = `http://127.0.0.1:${(old.server.address() as AddressInfo).port}`;

    const warnings: string[] = [];
    const log: Logger = { ...silentLogger, warn: (message) => warnings.push(message) };
    const heard: QueueCall[] = [];
    const connections: boolean[] = [];
    const follower = new HallCallsFollower({
      baseUrl: oldUrl,
      hall: HALL,
      log,
      // Not the server's default clock: sent to a server that knows it, refused by this one.
      clock: { timeZone: 'Asia/Shanghai', resetHour: 4 },
      onCall: (c) => heard.push(c),
      onConnected: (c) => connections.push(c),
      retryMs: 50,
    });
    follower.start();
    try {
      await expect.poll(() => follower.isConnected(), { timeout: 10_000 }).toBe(true);
      expect(queries).toHaveLength(2);
      expect(queries[0]).toContain('timeZone=Asia%2FShanghai');
      expect(queries[0]).toContain('resetHour=4');
      expect(queries[1]).toBe(`${QUEUE_PATHS.calls}?hall=${HALL}`);
      expect(warnings.filter((w) => w.includes('refused the hall clock'))).toHaveLength(1);
      // No board from this server: nothing shown as announced before, and nothing lost after.
      expect(follower.shownBefore()).toBeNull();
      const before = await lastCallSeq(live.db.pool, HALL);
      expect(await hall.press(2, { kind: 'recall' })).toMatchObject({ kind: 'called', recall: true });
      // The old stream finds another process's call by its poll (CALLS_POLL_MS).
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(1);
      expect(heard[0]).toMatchObject({ seq: before + 1, window: 2, recall: true });

      // The stream cut (the old server restarting its streams): followed again without the clock, from the last call.
      for (const end of streams) end();
      await expect.poll(() => queries.length, { timeout: 10_000 }).toBe(3);
      expect(queries[2]).toBe(`${QUEUE_PATHS.calls}?hall=${HALL}`);
      await expect.poll(() => follower.isConnected(), { timeout: 10_000 }).toBe(true);
      expect(await hall.press(1, { kind: 'recall' })).toMatchObject({ kind: 'called', recall: true });
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(2);
      expect(heard[1]).toMatchObject({ seq: before + 2, window: 1 });
      expect(connections).toEqual([true, false, true]);
    } finally {
      await follower.stop();
      for (const end of streams) end();
      await old.close();
    }
  });

  it('takes a query key it does not know without refusing the stream (the next parameter added is safe)', async () => {
    const stop = new AbortController();
    const heard: Heard = { boards: [], calls: [], ids: [] };
    const reading = listen({ ...clock, newerParameter: '1' }, null, heard, stop.signal, live.url);
    await expect.poll(() => heard.boards.length, { timeout: 10_000 }).toBe(1);
    stop.abort();
    await reading;
  });

  it('refuses a time zone that is not one', async () => {
    const answer = await fetch(`${live.url}${QUEUE_PATHS.calls}?hall=${HALL}&timeZone=Mars/Olympus`);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(await answer.json())).toContain('时区');
  });
});
