import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueCall } from '../../../../electron/contract/queue';
import { HallCallsFollower } from '../../../../electron/core/queue/hall-calls-follower';
import { silentLogger, type Logger } from '../../../../electron/core/logging/logger';

// A hall display PC following the server's calls stream (SSE): every call once, in order, across
// heartbeats, CRLF line ends, a repeated event and a dropped connection (resumed with Last-Event-ID);
// a connection that goes silent without closing (half-open: a cable pulled at a switch) is taken
// as dead after `silenceMs` and followed again from the last call, none lost or repeated.

function call(seq: number, number: string, recall = false): string {
  return JSON.stringify({ seq, hall: 'JQ', window: 12, number, recall, calledAt: '2026-12-01T01:00:00.000Z' });
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    // A test's server may hold a silent stream open on purpose: drop it, or close() waits forever.
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

async function until<T>(probe: () => T | null | undefined | false): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out');
}

describe('the hall display following the calls stream', () => {
  it('hands on every call once, in order, and resumes after a dropped stream from the last one it had', async () => {
    const lastEventIds: Array<string | null> = [];
    const server = http.createServer(async (req, res) => {
      const resumeFrom = req.headers['last-event-id'];
      lastEventIds.push(typeof resumeFrom === 'string' ? resumeFrom : null);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (lastEventIds.length === 1) {
        // A heartbeat, two calls (CRLF line ends, data split over two writes), a repeat of the second; then the connection drops.
        res.write(': ping\r\n\r\n');
        // A CRLF split over two writes (CR at the end of one) is one line end, not two.
        res.write(`id: 1\r\nevent: call\r`);
        await new Promise((r) => setTimeout(r, 20));
        res.write(`\ndata: ${call(1, 'A001')}\r\n\r\nid: 2\nevent: call\ndata: ${call(2, 'A002').slice(0, 20)}`);
        res.write(`${call(2, 'A002').slice(20)}\n\n`);
        res.end(`id: 2\nevent: call\ndata: ${call(2, 'A002')}\n\n`);
      } else {
        // The call made while the display was away, a recall of it, and the stream stays open.
        res.write(`id: 3\nevent: call\ndata: ${call(3, 'B001')}\n\n`);
        res.write(`id: 4\nevent: call\ndata: ${call(4, 'B001', true)}\n\n`);
      }
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const heard: QueueCall[] = [];
    const follower = new HallCallsFollower({ baseUrl: url, hall: 'JQ', log: silentLogger, onCall: (c) => heard.push(c), retryMs: 20 });
    follower.start();
    try {
      await until(() => heard.length >= 4);
      expect(heard.map((c) => [c.seq, c.number, c.recall])).toEqual([
        [1, 'A001', false],
        [2, 'A002', false],
        [3, 'B001', false],
        [4, 'B001', true],
      ]);
      expect(lastEventIds).toEqual([null, '2']);
      expect(follower.calls().map((c) => c.seq)).toEqual([4, 3, 2, 1]);
      expect(follower.isConnected()).toBe(true);
    } finally {
      await follower.stop();
    }
  });

  it('drops a stream that goes silent without closing and follows again from the last call, none lost or repeated', async () => {
    const lastEventIds: Array<string | null> = [];
    const closedByClient: number[] = [];
    const server = http.createServer((req, res) => {
      const resumeFrom = req.headers['last-event-id'];
      lastEventIds.push(typeof resumeFrom === 'string' ? resumeFrom : null);
      const n = lastEventIds.length;
      req.socket.on('close', () => closedByClient.push(n));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (n === 1) {
        // Two calls, then nothing ever again: no heartbeat, no end, the socket held open.
        res.write(`id: 0\n\nid: 1\nevent: call\ndata: ${call(1, 'A001')}\n\n`);
        res.write(`id: 2\nevent: call\ndata: ${call(2, 'A002')}\n\n`);
      } else {
        // The server resumes after the Last-Event-ID it was given; the stream stays open, with heartbeats.
        const after = Number(resumeFrom ?? 0);
        res.write(`id: ${after}\n\n`);
        for (const [seq, number] of [[2, 'A002'], [3, 'A003'], [4, 'B001']] as const) {
          if (seq > after) res.write(`id: ${seq}\nevent: call\ndata: ${call(seq, number)}\n\n`);
        }
        const ping = setInterval(() => res.write(': ping\n\n'), 50);
        res.on('close', () => clearInterval(ping));
      }
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const warnings: string[] = [];
    const log: Logger = { ...silentLogger, warn: (message, fields) => warnings.push(`${message} ${JSON.stringify(fields ?? {})}`) };
    const heard: QueueCall[] = [];
    const connections: boolean[] = [];
    const follower = new HallCallsFollower({
      baseUrl: url,
      hall: 'JQ',
      log,
      onCall: (c) => heard.push(c),
      onConnected: (c) => connections.push(c),
      retryMs: 20,
      silenceMs: 300,
    });
    follower.start();
    try {
      await until(() => heard.length >= 4);
      expect(heard.map((c) => [c.seq, c.number])).toEqual([
        [1, 'A001'],
        [2, 'A002'],
        [3, 'A003'],
        [4, 'B001'],
      ]);
      expect(lastEventIds).toEqual([null, '2']);
      // The silent socket was let go by the display (not by the server, which held it).
      await until(() => closedByClient.includes(1));
      expect(warnings.some((w) => w.includes('hall calls stream lost') && w.includes('silent'))).toBe(true);
      expect(connections).toEqual([true, false, true]);
      // Heartbeats keep a live stream: well past the silence limit, no further reconnection.
      await new Promise((r) => setTimeout(r, 700));
      expect(lastEventIds).toHaveLength(2);
      expect(follower.isConnected()).toBe(true);
      expect(follower.calls().map((c) => c.seq)).toEqual([4, 3, 2, 1]);
    } finally {
      await follower.stop();
    }
  });

  it('resumes after a quiet start from the seq the server opened with, and gives up on a server that never answers', async () => {
    const lastEventIds: Array<string | null> = [];
    const server = http.createServer((req, res) => {
      const resumeFrom = req.headers['last-event-id'];
      lastEventIds.push(typeof resumeFrom === 'string' ? resumeFrom : null);
      const n = lastEventIds.length;
      // 1: the request is taken and never answered (not even the head).
      if (n === 1) return;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // 2: a hall whose last call was 7, before this display came; then the connection drops.
      if (n === 2) res.end('retry: 2000\n\nid: 7\n\n');
      // 3: the call made while the display was away.
      else res.write(`id: ${resumeFrom ?? ''}\n\nid: 8\nevent: call\ndata: ${call(8, 'C001')}\n\n`);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const heard: QueueCall[] = [];
    const follower = new HallCallsFollower({ baseUrl: url, hall: 'JQ', log: silentLogger, onCall: (c) => heard.push(c), retryMs: 20, silenceMs: 300 });
    follower.start();
    try {
      await until(() => heard.length >= 1);
      // Seq 7 (made before the display came) is not shown; 8, made while it was away, is.
      expect(heard.map((c) => [c.seq, c.number])).toEqual([[8, 'C001']]);
      expect(lastEventIds).toEqual([null, null, '7']);
    } finally {
      await follower.stop();
    }
  });

  it("keeps a first connection's board without handing it on, tells connected after it, and resumes after it", async () => {
    const lastEventIds: Array<string | null> = [];
    const queries: string[] = [];
    const board = (w: number, seq: number, number: string) => ({ seq, hall: 'JQ', window: w, number, recall: false, calledAt: '2026-12-01T01:00:00.000Z' });
    const server = http.createServer((req, res) => {
      const resumeFrom = req.headers['last-event-id'];
      lastEventIds.push(typeof resumeFrom === 'string' ? resumeFrom : null);
      queries.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (lastEventIds.length === 1) {
        // Window 3's last call (seq 2) is older than the board's recent list holds.
        const data = { after: 9, serviceDay: '2026-12-01', recent: [board(12, 9, 'A009'), board(12, 8, 'A008')], windows: [board(3, 2, 'B001'), board(12, 9, 'A009')] };
        // As the server sends it: the board, then the bare id (for display PCs from before the board).
        res.end(`retry: 2000\n\nid: 9\nevent: board\ndata: ${JSON.stringify(data)}\n\nid: 9\n\n`);
      } else res.write(`id: ${resumeFrom ?? ''}\n\nid: 10\nevent: call\ndata: ${call(10, 'A010')}\n\n`);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const heard: QueueCall[] = [];
    /** The calls the follower held each time it said connected. */
    const heldWhenConnected: number[][] = [];
    const follower: HallCallsFollower = new HallCallsFollower({
      baseUrl: url,
      hall: 'JQ',
      log: silentLogger,
      clock: { timeZone: 'Asia/Shanghai', resetHour: 4 },
      onCall: (c) => heard.push(c),
      onConnected: (c) => {
        if (c) heldWhenConnected.push(follower.calls().map((x) => x.seq));
      },
      retryMs: 20,
      silenceMs: 300,
    });
    follower.start();
    try {
      await until(() => heard.length >= 1);
      // The board's calls were announced before this PC listened: kept, not handed on.
      expect(heard.map((c) => c.seq)).toEqual([10]);
      expect(heldWhenConnected[0]).toEqual([9, 8]);
      expect(follower.calls().map((c) => c.seq)).toEqual([10, 9, 8]);
      expect(follower.windows().map((c) => [c.window, c.number])).toEqual([
        [3, 'B001'],
        [12, 'A010'],
      ]);
      expect(follower.shownBefore()).toBe(9);
      expect(lastEventIds).toEqual([null, '9']);
      expect(queries[0]).toContain('timeZone=Asia%2FShanghai');
      expect(queries[0]).toContain('resetHour=4');
    } finally {
      await follower.stop();
    }
  });

  it("sends no clock parameters for the server's default clock, and drops them for good once a server refuses them", async () => {
    const queries: string[] = [];
    const server = http.createServer((req, res) => {
      queries.push(req.url ?? '');
      const url = new URL(req.url ?? '', 'http://x');
      // A server from before the board: its strict query names each key it does not know.
      const unknown = [...url.searchParams.keys()].filter((k) => k !== 'hall' && k !== 'lastEventId');
      if (unknown.length > 0) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid', reason: `请求内容不符合同步协议：请求体：不认识的字段：${unknown.join('、')}` }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // A first stream ends after its bare id (the hall's last call, 5); the resumption carries the call made meanwhile.
      const resumeFrom = req.headers['last-event-id'];
      if (resumeFrom === undefined) res.end('retry: 2000\n\nid: 5\n\n');
      else res.write(`id: ${String(resumeFrom)}\n\nid: 6\nevent: call\ndata: ${call(6, 'A006')}\n\n`);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const plain = new HallCallsFollower({ baseUrl: url, hall: 'JQ', log: silentLogger, clock: { timeZone: 'Asia/Shanghai', resetHour: 0 }, onCall: () => undefined, retryMs: 20 });
    plain.start();
    try {
      await until(() => plain.isConnected());
      expect(queries.length).toBeGreaterThan(0);
      expect(queries.every((q) => q === '/v1/queue/calls?hall=JQ')).toBe(true);
    } finally {
      await plain.stop();
    }

    // Another hall's display, so the first one's requests are told apart.
    const heard: QueueCall[] = [];
    const follower = new HallCallsFollower({ baseUrl: url, hall: 'KQ', log: silentLogger, clock: { timeZone: 'Asia/Urumqi', resetHour: 4 }, onCall: (c) => heard.push(c), retryMs: 20 });
    follower.start();
    try {
      await until(() => heard.length >= 1);
      expect(heard.map((c) => c.seq)).toEqual([6]);
      // Refused once, asked again at once without the clock, and after the stream ended resumed still without it.
      expect(queries.filter((q) => q.includes('hall=KQ'))).toEqual(['/v1/queue/calls?hall=KQ&timeZone=Asia%2FUrumqi&resetHour=4', '/v1/queue/calls?hall=KQ', '/v1/queue/calls?hall=KQ']);
    } finally {
      await follower.stop();
    }
  });
});
