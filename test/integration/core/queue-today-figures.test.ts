import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { startSyncServer, type SyncServer } from '../../support/sync-server';
import { until } from '../sync/sync-window';
import type { Clock } from '../../../electron/core/clock';
import type { AnyCoreEvent } from '../../../electron/contract/events';
import type { QueuePanel } from '../../../electron/contract/queue';

// The window's 叫号 panel shows its line of today's figures (issue 17, capability 6: 今日已办 …),
// through the real core: in local mode from this PC's own queue, in hall mode from the hall
// server's figures (a real server), read beside each press: the new line comes as queue.changed.

const QUEUE = {
  resetHour: 4,
  categories: [
    { letter: 'A', name: '企业开办', windows: [12] },
    { letter: 'B', name: '社保', windows: [14] },
  ],
  fallbackSlot: 1,
};
const MIN = 60_000;

let server: SyncServer;
const open: TestCore[] = [];

beforeAll(async () => {
  server = await startSyncServer({ backend: 'pglite' });
}, 180_000);

afterAll(async () => {
  for (const core of open) await core.close();
  await server?.stop();
});

describe("the window's line of today's figures", () => {
  it('in local mode: from its own queue, with the minutes its clock saw', async () => {
    let now = Date.parse('2026-12-01T01:00:00.000Z');
    const clock: Clock = { now: () => new Date(now) };
    const t = await createTestCore({ clock, config: { ...JQ_WINDOW_12, queue: { ...QUEUE, serves: ['A'] } } });
    open.push(t);
    await t.signIn();
    expect((await t.call('queue.state', {})).today).toEqual({ window: 12, served: 0, averageWaitMs: null, averageServiceMs: null, noShows: 0, recalls: 0 });

    await t.call('queue.issue', { letter: 'A' });
    await t.call('queue.issue', { letter: 'A' });
    now += 5 * MIN;
    await t.call('queue.press', { action: { kind: 'callNext' } });
    now += 7 * MIN;
    await t.call('queue.press', { action: { kind: 'finish' } });
    await t.call('queue.press', { action: { kind: 'callNext' } });
    const skipped = await t.call('queue.press', { action: { kind: 'skip' } });
    expect(skipped.panel.today).toEqual({ window: 12, served: 1, averageWaitMs: 5 * MIN, averageServiceMs: 7 * MIN, noShows: 1, recalls: 0 });
  });

  it("in hall mode: the hall's figures for this window, read again beside each press", async () => {
    const code = await server.enrol('JQ', 14);
    const t = await createTestCore({ config: { ...JQ_WINDOW_12, window: { number: 14 }, sync: { url: server.url, enrolmentCode: code }, queue: { ...QUEUE, serves: ['B'] } } });
    open.push(t);
    await t.signIn();
    await until('enrolled', async () => (await t.call('sync.info', {})).enrolment);
    // The figures are read beside the panel (review F4): a later read shows the line once it landed.
    const first = await until('hall mode with the figures', async () => {
      const panel = await t.call('queue.state', {});
      return panel.mode.mode === 'hall' && panel.today !== null && panel.today !== undefined ? panel : null;
    });
    expect(first.today).toEqual({ window: 14, served: 0, averageWaitMs: null, averageServiceMs: null, noShows: 0, recalls: 0 });

    const panels: QueuePanel[] = [];
    const unsubscribe = t.core.subscribe((event: AnyCoreEvent) => {
      if (event.name === 'queue.changed') panels.push(event.payload as QueuePanel);
    });
    try {
      await t.call('queue.issue', { letter: 'B' });
      await t.call('queue.issue', { letter: 'B' });
      await t.call('queue.press', { action: { kind: 'callNext' } });
      await t.call('queue.press', { action: { kind: 'recall' } });
      const finished = await t.call('queue.press', { action: { kind: 'callNext' } }); // finishes B001
      expect(finished.panel.mode).toMatchObject({ mode: 'hall', words: null });
      // The press answered with the line last read; the new one comes as queue.changed.
      const served = await until('the figures after the finish', () => panels.find((p) => p.today?.served === 1 && p.today.recalls === 1));
      expect(served.today).toMatchObject({ window: 14, served: 1, noShows: 0, recalls: 1 });
      expect(served.today?.averageWaitMs).toEqual(expect.any(Number));
      await t.call('queue.press', { action: { kind: 'skip' } });
      const skipped = await until('the figures after the skip', () => panels.find((p) => p.today?.noShows === 1));
      expect(skipped.today).toMatchObject({ window: 14, served: 1, noShows: 1, recalls: 1 });
      expect(skipped.current).toBeNull();
    } finally {
      unsubscribe();
    }
  });
});
