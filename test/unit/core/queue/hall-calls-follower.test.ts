import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueCall } from '../../../../electron/contract/queue';
import { HallCallsFollower } from '../../../../electron/core/queue/hall-calls-follower';
import { silentLogger } from '../../../../electron/core/logging/logger';

// A hall display PC following the server's calls stream (SSE): every call once, in order, across
// heartbeats, CRLF line ends, a repeated event and a dropped connection (resumed with Last-Event-ID).

function call(seq: number, number: string, recall = false): string {
  return JSON.stringify({ seq, hall: 'JQ', window: 12, number, recall, calledAt: '2026-12-01T01:00:00.000Z' });
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((resolve) => s.close(() => resolve()));
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
    const server = http.createServer((req, res) => {
      const resumeFrom = req.headers['last-event-id'];
      lastEventIds.push(typeof resumeFrom === 'string' ? resumeFrom : null);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (lastEventIds.length === 1) {
        // A heartbeat, two calls (CRLF line ends, data split over two writes), a repeat of the second; then the connection drops.
        res.write(': ping\r\n\r\n');
        res.write(`id: 1\r\nevent: call\r\ndata: ${call(1, 'A001')}\r\n\r\nid: 2\nevent: call\ndata: ${call(2, 'A002').slice(0, 20)}`);
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
});
