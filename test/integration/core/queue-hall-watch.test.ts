import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyCoreEvent } from '../../../electron/contract/events';
import type { QueuePanel, QueueRules } from '../../../electron/contract/queue';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { enrolDevices, issue } from '../../support/queue-client';
import { startSyncServer, type SyncServer } from '../../support/sync-server';
import { until } from '../sync/sync-window';

// The window's waiting counts are live (issue 17 §3; trial finding F17): a ticket a citizen takes
// at the dispenser — issued through the hall server's own route, not by this window — reaches the
// window's 叫号 panel (`queue.changed`) without any press, while the panel is looked at.

const CATEGORIES = [
  { letter: 'A', name: '企业开办', windows: [12] },
  { letter: 'B', name: '绿色通道', windows: [12], lane: 'priority' as const },
];
/** The hall's rules as the window's config gives them (the same service day on both sides). */
const RULES: QueueRules = { timeZone: 'Asia/Shanghai', resetHour: 4, policy: { kind: 'strict' }, categories: CATEGORIES.map((c) => ({ itemCodes: [], lane: 'ordinary' as const, ...c })), defaultServiceMinutes: 8 };

let server: SyncServer;
const open: TestCore[] = [];

beforeAll(async () => {
  server = await startSyncServer({ backend: 'pglite' });
}, 180_000);

afterAll(async () => {
  for (const core of open) await core.close();
  await server?.stop();
});

describe("the window's lines follow the hall's", () => {
  it('a ticket issued at the dispenser shows in the panel without a press', async () => {
    const code = await server.enrol('JQ', 12);
    const t = await createTestCore({
      config: { ...JQ_WINDOW_12, sync: { url: server.url, enrolmentCode: code }, queue: { resetHour: 4, categories: RULES.categories, fallbackSlot: 1 } },
      queue: { watchIntervalMs: 100 },
    });
    open.push(t);
    await t.signIn();
    await until('enrolled', async () => (await t.call('sync.info', {})).enrolment);
    // The 叫号 page opens: its read of the panel.
    const first = await until('hall mode', async () => {
      const panel = await t.call('queue.state', {});
      return panel.mode.mode === 'hall' ? panel : null;
    });
    expect(first.waiting.map((l) => [l.letter, l.count])).toEqual([
      ['A', 0],
      ['B', 0],
    ]);

    const panels: QueuePanel[] = [];
    const unsubscribe = t.core.subscribe((event: AnyCoreEvent) => {
      if (event.name === 'queue.changed') panels.push(event.payload as QueuePanel);
    });
    try {
      const tokens = await enrolDevices(server, 'JQ', [91]);
      const issued = await issue(server.url, tokens.get(91) ?? '', RULES, 'B', 'priority');
      const shown = await until('the new ticket in the panel', () => panels.find((p) => p.waiting.some((l) => l.letter === 'B' && l.count === 1)));
      expect(shown.waiting.find((l) => l.letter === 'B')?.next).toEqual([issued.ticket.number]);
      expect(shown.mode).toMatchObject({ mode: 'hall', words: null });
    } finally {
      unsubscribe();
    }
  });

  it('offline, a press that would end the hall ticket still held says it stays open (trial F13)', async () => {
    const code = await server.enrol('JQ', 14);
    const rules: QueueRules = { ...RULES, categories: RULES.categories.map((c) => ({ ...c, windows: [14] })) };
    const t = await createTestCore({
      config: { ...JQ_WINDOW_12, window: { number: 14 }, sync: { url: server.url, enrolmentCode: code }, queue: { resetHour: 4, categories: rules.categories, fallbackSlot: 2 } },
      queue: { watchIntervalMs: 100, requestTimeoutMs: 2_000 },
    });
    open.push(t);
    await t.signIn();
    await until('enrolled', async () => (await t.call('sync.info', {})).enrolment);
    await until('hall mode', async () => (await t.call('queue.state', {})).mode.mode === 'hall');
    const tokens = await enrolDevices(server, 'JQ', [92]);
    await issue(server.url, tokens.get(92) ?? '', rules, 'A', 'ordinary');
    // The first test's B001 (priority) waits too: whichever comes first is the one held.
    const called = await t.call('queue.press', { action: { kind: 'callNext' } });
    if (called.outcome.kind !== 'called') throw new Error(`not called: ${called.words}`);
    const held = called.outcome.number;

    await server.stop(); // the last test of the file: the hall server is gone for good
    const offline = await t.call('queue.press', { action: { kind: 'finish' } });
    expect(offline.panel.mode.mode).toBe('local');
    expect(offline.words).toContain(`大厅号 ${held} 仍在办理中`);
  });
});
