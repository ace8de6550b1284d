import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HALL_UNREACHABLE_WORDS } from '../../../electron/contract/queue';
import type { Logger } from '../../../electron/core/logging/logger';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { startSyncServer, type SyncServer } from '../../support/sync-server';
import { until } from './sync-window';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

// The hall queue through the real upstream server (issue 17, "Offline test"): a window numbers
// and calls through the hall server; with the server unreachable it falls back to its own range
// and says so; when the server is back its local history goes up once and the hall queue
// resumes, numbering still unique.

let server: SyncServer;
let proxy: TcpProxy;
const open: TestCore[] = [];

beforeAll(async () => {
  server = await startSyncServer({ backend: 'pglite' });
  proxy = await startTcpProxy(server.port);
}, 180_000);

afterAll(async () => {
  for (const core of open) await core.close();
  await proxy?.close();
  await server?.stop();
});

const QUEUE = {
  resetHour: 4,
  categories: [
    { letter: 'A', name: '企业开办', windows: [12] },
    { letter: 'B', name: '社保', windows: [12] },
  ],
  fallbackSlot: 2,
};

function capturingLogger(lines: string[]): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

describe('the hall queue with the hall server going away and coming back', () => {
  it('falls back to the local range, sends the local history once on return, and numbers stay unique', async () => {
    const lines: string[] = [];
    const code = await server.enrol('JQ', 12);
    const options = {
      config: { ...JQ_WINDOW_12, sync: { url: proxy.url, enrolmentCode: code }, queue: QUEUE },
      logger: capturingLogger(lines),
      queue: { requestTimeoutMs: 3000, probeIntervalMs: 200 },
    };
    let t = await createTestCore(options);
    open.push(t);
    await t.signIn();
    await until('enrolled', async () => (await t.call('sync.info', {})).enrolment);
    await until('hall mode', async () => (await t.call('queue.state', {})).mode.mode === 'hall');

    const atHall = await t.call('queue.issue', { letter: 'A' });
    expect(atHall.ticket.number).toBe('A001');
    expect(atHall.mode.mode).toBe('hall');

    // The server unreachable: the window says so and numbers from its slot (2: A6000…).
    proxy.mode = 'down';
    const offline = await t.call('queue.issue', { letter: 'A' });
    expect(offline.ticket.number).toBe('A6000');
    expect(offline.mode).toMatchObject({ mode: 'local', words: HALL_UNREACHABLE_WORDS });
    const called = await t.call('queue.press', { action: { kind: 'callNext' } });
    expect(called.outcome).toMatchObject({ kind: 'called', number: 'A6000' });
    expect(called.panel.mode.mode).toBe('local');
    await t.call('queue.press', { action: { kind: 'finish' } });
    const waitingB = await t.call('queue.issue', { letter: 'B' });
    expect(waitingB.ticket.number).toBe('B6000');
    expect((await t.call('queue.state', {})).mode.unsentHistory).toBe(4);

    // Back: the history goes up, then the hall queue resumes with the local tickets in it.
    proxy.mode = 'pass';
    const back = await until('hall mode again', async () => {
      const panel = await t.call('queue.state', {});
      return panel.mode.mode === 'hall' ? panel : null;
    });
    expect(back.mode.unsentHistory).toBe(0);
    expect(back.waiting.find((l) => l.letter === 'B')).toMatchObject({ count: 1, next: ['B6000'] });
    expect(back.waiting.find((l) => l.letter === 'A')).toMatchObject({ count: 1, next: ['A001'] });
    // The server's numbering goes on in its own range: no number meets a local one.
    expect((await t.call('queue.issue', { letter: 'A' })).ticket.number).toBe('A002');
    // A restart sends nothing again: the history went up once.
    open.splice(open.indexOf(t), 1);
    t = await t.reopen();
    open.push(t);
    await t.signIn();
    expect((await t.call('queue.state', {})).mode).toMatchObject({ mode: 'hall', unsentHistory: 0 });
    const sent = lines.filter((l) => l.includes('queue history sent'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('"stored":4');
    expect(sent[0]).toContain('"already":0');
  });

  it('shows every call on a hall display PC in order, none missed across a lost stream', async () => {
    const displayProxy = await startTcpProxy(server.port);
    try {
      const code = await server.enrol('JQ', 13);
      const window13 = await createTestCore({
        config: { hall: JQ_WINDOW_12.hall, window: { number: 13 }, sync: { url: server.url, enrolmentCode: code }, queue: { ...QUEUE, serves: ['A', 'B'] } },
        queue: { requestTimeoutMs: 3000, probeIntervalMs: 200 },
      });
      open.push(window13);
      await window13.signIn();
      await until('enrolled', async () => (await window13.call('sync.info', {})).enrolment);
      await until('hall mode', async () => (await window13.call('queue.state', {})).mode.mode === 'hall');

      const display = await createTestCore({
        config: { hall: JQ_WINDOW_12.hall, window: { number: 95 }, role: 'display', sync: { url: displayProxy.url }, queue: QUEUE },
        withStaff: false,
        queue: { callsRetryMs: 100 },
      });
      open.push(display);
      const heard: string[] = [];
      display.core.subscribe((event) => {
        if (event.name === 'queue.called') heard.push(`${event.payload.number}@${event.payload.window}${event.payload.recall ? ' 重呼' : ''}`);
      });
      await until('display following', async () => (await display.call('queue.calls', {})).mode === 'hall');

      for (let i = 0; i < 3; i++) await window13.call('queue.issue', { letter: 'B' });
      const first = await window13.call('queue.press', { action: { kind: 'callNext' } });
      expect(first.outcome.kind).toBe('called');
      await until('first call shown', async () => (await display.call('queue.calls', {})).calls.length >= 1);

      // The display's stream is cut; the window calls on; the display catches up by itself.
      displayProxy.mode = 'down';
      await until('display lost the stream', async () => (await display.call('queue.calls', {})).mode === 'local');
      await window13.call('queue.press', { action: { kind: 'recall' } });
      await window13.call('queue.press', { action: { kind: 'callNext' } });
      displayProxy.mode = 'pass';
      const shown = await until('display caught up', async () => {
        const c = await display.call('queue.calls', {});
        return c.calls.length >= 3 ? c : null;
      });
      expect(shown.calls.map((c) => [c.window, c.recall])).toEqual([
        [13, false],
        [13, true],
        [13, false],
      ]);
      expect(shown.windows.map((w) => w.window)).toEqual([13]);
      expect(heard).toHaveLength(3);
      expect(heard[1]).toBe(`${heard[0]} 重呼`);
    } finally {
      await displayProxy.close();
    }
  });
});
