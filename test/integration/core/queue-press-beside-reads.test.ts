import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyCoreEvent } from '../../../electron/contract/events';
import type { QueuePanel } from '../../../electron/contract/queue';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { startSyncServer, type SyncServer } from '../../support/sync-server';
import { startTcpProxy, type TcpProxy } from '../sync/tcp-proxy';
import { until } from '../sync/sync-window';

// A clerk's press is never kept waiting by a read it does not need (review F4, F14), through the
// real core and a real hall server behind a relay (tcp-proxy.ts, `slowReads`) that holds back the
// answers of one kind of read until the test releases them:
// - the hall's figures (今日已办 …), read again after each press: the press answers with the panel
//   at once, and `queue.changed` brings the new line when the figures land;
// - the 3 s watch of the hall's lines: a press made while a watch read is held answers without
//   it, and the held read, once it lands, does not put the panel back to before the press.
// The client's time-out is long and the relay's hold longer: a press that waited for the held read
// would not answer within the test's time at all. No timing is asserted: only what answered while
// the other read was still held.

const QUEUE = {
  resetHour: 4,
  categories: [
    { letter: 'A', name: '企业开办', windows: [12] },
    { letter: 'B', name: '社保', windows: [14] },
  ],
  fallbackSlot: 1,
};
/** Longer than the test: the window's reads never time out here. */
const TIMEOUT_MS = 120_000;
const HOLD_MS = 600_000;

let server: SyncServer;
const relays: TcpProxy[] = [];
const open: TestCore[] = [];

beforeAll(async () => {
  server = await startSyncServer({ backend: 'pglite' });
}, 180_000);

afterAll(async () => {
  for (const core of open) await core.close();
  for (const relay of relays) await relay.close();
  await server?.stop();
});

async function windowBehind(relay: TcpProxy, number: number, serves: string[], watchIntervalMs: number): Promise<TestCore> {
  const code = await server.enrol('JQ', number);
  const t = await createTestCore({
    config: { ...JQ_WINDOW_12, window: { number }, sync: { url: relay.url, enrolmentCode: code }, queue: { ...QUEUE, serves } },
    queue: { requestTimeoutMs: TIMEOUT_MS, watchIntervalMs },
  });
  open.push(t);
  await t.signIn();
  await until('enrolled', async () => (await t.call('sync.info', {})).enrolment);
  await until('hall mode', async () => (await t.call('queue.state', {})).mode.mode === 'hall');
  return t;
}

function panelsOf(t: TestCore): { panels: QueuePanel[]; stop: () => void } {
  const panels: QueuePanel[] = [];
  const stop = t.core.subscribe((event: AnyCoreEvent) => {
    if (event.name === 'queue.changed') panels.push(event.payload as QueuePanel);
  });
  return { panels, stop };
}

describe("a press and the hall's figures (review F4)", () => {
  it('answers with the panel while the figures read is still held, and queue.changed brings the new line after', async () => {
    const relay = await startTcpProxy(server.port, 'pass', { readDelayMs: HOLD_MS, slowPaths: ['/v1/queue/figures'] });
    relays.push(relay);
    // A long watch interval: only the press reads here.
    const t = await windowBehind(relay, 12, ['A'], 600_000);
    await t.call('queue.issue', { letter: 'A' });
    await t.call('queue.issue', { letter: 'A' });
    const first = await t.call('queue.press', { action: { kind: 'callNext' } });
    expect(first.outcome.kind).toBe('called');

    const { panels, stop } = panelsOf(t);
    try {
      relay.mode = 'slowReads';
      // 叫号 again finishes the first ticket: the hall's figures now count one served.
      const second = await t.call('queue.press', { action: { kind: 'callNext' } });
      expect(second.outcome).toMatchObject({ kind: 'called', finished: first.outcome.kind === 'called' ? first.outcome.ticketId : null });
      expect(second.panel.mode).toMatchObject({ mode: 'hall', words: null });
      // The press's panel shows the line last read (nothing served yet then), not waiting for the new one…
      expect(second.panel.today?.served ?? 0).toBe(0);
      // …whose read, made after the press, is still held back at the relay now that the press has answered.
      await until('the figures answer held back', () => relay.held() === 1);
      expect(panels.some((p) => (p.today?.served ?? 0) > 0)).toBe(false);

      relay.release();
      const updated = await until('queue.changed with the new figures', () => panels.find((p) => (p.today?.served ?? 0) === 1));
      expect(updated.mode).toMatchObject({ mode: 'hall', words: null });
      expect(updated.current).toMatchObject({ number: second.panel.current?.number });
    } finally {
      stop();
    }
  }, 120_000);
});

describe("a press and the hall watch's read (review F14)", () => {
  it('answers while a watch read is held, and the held read does not undo the press on the panel', async () => {
    const relay = await startTcpProxy(server.port, 'pass', { readDelayMs: HOLD_MS });
    relays.push(relay);
    const t = await windowBehind(relay, 14, ['B'], 100);
    const issued = await t.call('queue.issue', { letter: 'B' });
    await t.call('queue.state', {}); // the 叫号 page looks: the watch runs

    relay.mode = 'slowReads';
    // A watch read (the only reads now: nobody presses) whose answer the relay holds back.
    await until('a watch read held back', () => relay.held() === 1);
    // The press's own panel read passes; the watch's stays held.
    relay.fastReads = 1;
    const { panels, stop } = panelsOf(t);
    try {
      const called = await t.call('queue.press', { action: { kind: 'callNext' } });
      expect(called.outcome).toMatchObject({ kind: 'called', number: issued.ticket.number });
      expect(called.panel.current).toMatchObject({ number: issued.ticket.number });
      // The watch read from before the press is still held: the press did not wait behind it.
      expect(relay.held()).toBe(1);

      const answered = relay.answers();
      relay.release();
      // A later read answered means the held one has landed and been dealt with (one watch read at a time).
      await until('a later watch read', () => relay.answers() > answered);
      await until('the watch settled', async () => (await t.call('queue.state', {})).mode.words === null);
      // Every panel sent since the press shows the ticket it called: the held read (from before it) was dropped.
      expect(panels.length).toBeGreaterThan(0);
      for (const p of panels) expect(p.current).toMatchObject({ number: issued.ticket.number });
    } finally {
      stop();
    }
  }, 120_000);
});
