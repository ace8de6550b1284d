import { afterEach, describe, expect, it } from 'vitest';
import { NO_HALL_SERVER_WORDS, QUEUE_NOT_CONFIGURED_WORDS } from '../../../electron/contract/queue';
import type { CapabilityModule } from '../../../electron/core/assembly/capability-module';
import type { Clock } from '../../../electron/core/clock';
import { coreCapabilities } from '../../../electron/core/create-core';
import type { RatingsModule } from '../../../electron/core/ratings/ratings-module';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { until } from '../sync/sync-window';

// The hall queue's local mode (issue 17) through the real core on a real SQLite file: a window
// with no hall server set issues from its fallback slot and calls from its own queue, and what
// it did survives a restart.

/** A clock the test moves: the hall is in Asia/Shanghai (UTC+8), numbering restarts at 04:00. */
function movableClock(start: string): Clock & { set(iso: string): void } {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    set(iso) {
      now = Date.parse(iso);
    },
  };
}

const QUEUE = {
  resetHour: 4,
  policy: { kind: 'strict' },
  categories: [
    { letter: 'A', name: '企业开办', windows: [12] },
    { letter: 'B', name: '社保', windows: [7, 12] },
    { letter: 'C', name: '不动产', windows: [7] },
  ],
  fallbackSlot: 1,
};

const open: TestCore[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

async function windowWithQueue(clock: Clock, extra: Record<string, unknown> = {}): Promise<TestCore> {
  const t = await createTestCore({ clock, config: { ...JQ_WINDOW_12, queue: QUEUE, ...extra } });
  open.push(t);
  await t.signIn();
  return t;
}

describe('the local hall queue (no hall server set)', () => {
  it('issues numbers from the fallback slot, calls by the policy, and keeps skip, recall, transfer and finish across a restart', async () => {
    const clock = movableClock('2026-12-01T01:00:00.000Z');
    let t = await windowWithQueue(clock);

    const first = await t.call('queue.issue', { letter: 'A' });
    expect(first.ticket.number).toBe('A5000');
    expect(first.mode).toMatchObject({ mode: 'local', words: NO_HALL_SERVER_WORDS });
    expect(first.ahead).toBe(0);
    clock.set('2026-12-01T01:01:00.000Z');
    const green = await t.call('queue.issue', { letter: 'A', lane: 'priority' });
    clock.set('2026-12-01T01:02:00.000Z');
    const social = await t.call('queue.issue', { letter: 'B' });
    const other = await t.call('queue.issue', { letter: 'C' });
    expect([green.ticket.number, social.ticket.number, other.ticket.number]).toEqual(['A5001', 'B5000', 'C5000']);
    // Strict policy: the 绿色通道 ticket is called before the ordinary A5000, so nobody is ahead of it.
    expect(green.ahead).toBe(0);

    let panel = await t.call('queue.state', {});
    expect(panel.serves).toEqual(['A', 'B']);
    expect(panel.waiting.map((l) => [l.letter, l.count, l.next])).toEqual([
      ['A', 2, ['A5000', 'A5001']],
      ['B', 1, ['B5000']],
      ['C', 1, ['C5000']],
    ]);

    // Strict policy: the 绿色通道 ticket goes first, though issued later.
    clock.set('2026-12-01T01:05:00.000Z');
    const called = await t.call('queue.press', { action: { kind: 'callNext' } });
    expect(called.outcome).toMatchObject({ kind: 'called', number: 'A5001', recall: false });
    expect(called.words).toBe('请 A5001 号到 12 号窗口办理');
    // 过号, then the next: the ordinary A ticket, first in line.
    await t.call('queue.press', { action: { kind: 'skip' } });
    const next = await t.call('queue.press', { action: { kind: 'callNext' } });
    expect(next.outcome).toMatchObject({ kind: 'called', number: 'A5000' });
    // Transferred to window 7: out of this window's line, in 7's.
    const moved = await t.call('queue.press', { action: { kind: 'transfer', to: { window: 7 } } });
    expect(moved.outcome).toMatchObject({ kind: 'transferred', to: { window: 7 } });
    // The skipped ticket is recalled, served and finished.
    const recalled = await t.call('queue.press', { action: { kind: 'recall', ticketId: green.ticket.id } });
    expect(recalled.outcome).toMatchObject({ kind: 'called', number: 'A5001', recall: true });
    await t.call('queue.press', { action: { kind: 'serve' } });
    const finished = await t.call('queue.press', { action: { kind: 'finish' } });
    expect(finished.outcome).toMatchObject({ kind: 'finished', ticketId: green.ticket.id });
    // A press retried with its pressId is applied once: the same answer, nothing more changes.
    const take = await t.call('queue.press', { action: { kind: 'callNext' } });
    expect(take.outcome).toMatchObject({ kind: 'called', number: 'B5000' });
    const again = await t.call('queue.press', { action: { kind: 'callNext' }, pressId: take.pressId });
    expect(again.outcome).toEqual(take.outcome);
    await t.call('queue.press', { action: { kind: 'pause', reason: '会议' } });

    t = await t.reopen();
    open.splice(0, open.length, t);
    await t.signIn();
    panel = await t.call('queue.state', {});
    expect(panel.current).toMatchObject({ number: 'B5000', state: 'called' });
    expect(panel.paused).toMatchObject({ reason: '会议' });
    expect(panel.skipped).toEqual([]);
    // A5000 waits for window 7 only; C5000 is 7's category.
    expect(panel.waiting.map((l) => [l.letter, l.count])).toEqual([
      ['A', 0],
      ['B', 0],
      ['C', 1],
    ]);
    // The same pressId after the restart: still the first answer.
    const afterRestart = await t.call('queue.press', { action: { kind: 'callNext' }, pressId: take.pressId });
    expect(afterRestart.outcome).toEqual(take.outcome);
    // Nothing left to call here; the refusal is an answer, in words.
    const none = await t.call('queue.press', { action: { kind: 'callNext' } });
    expect(none.outcome).toMatchObject({ kind: 'refused', refusal: 'queueEmpty' });
    expect(none.words).toBe('当前没有等候的号');
    // Numbering went on from where it was.
    expect((await t.call('queue.issue', { letter: 'A' })).ticket.number).toBe('A5002');
    // The hall display's read: the calls, newest first, no personal data.
    const calls = await t.call('queue.calls', {});
    expect(calls.calls.slice(0, 3).map((c) => [c.number, c.window, c.recall])).toEqual([
      ['B5000', 12, false],
      ['A5001', 12, true],
      ['A5000', 12, false],
    ]);
  });

  it('never repeats a number within a day, and starts again at the reset hour', async () => {
    const clock = movableClock('2026-12-01T01:00:00.000Z');
    const t = await windowWithQueue(clock);
    const numbers: string[] = [];
    for (let i = 0; i < 30; i++) numbers.push((await t.call('queue.issue', { letter: i % 2 === 0 ? 'A' : 'B' })).ticket.number);
    expect(new Set(numbers).size).toBe(30);
    // A retried touch (same issueId) is the same ticket, not a new number.
    const touch = await t.call('queue.issue', { letter: 'A' });
    expect((await t.call('queue.issue', { letter: 'A', issueId: touch.issueId })).ticket).toEqual(touch.ticket);
    expect((await t.call('queue.issue', { letter: 'A' })).ticket.number).toBe('A5016');

    // 03:59 next morning in the hall is still the same service day; 04:00 starts a new one.
    clock.set('2026-12-01T19:59:00.000Z');
    const late = await t.call('queue.issue', { letter: 'A' });
    expect([late.ticket.number, late.ticket.serviceDay]).toEqual(['A5017', '2026-12-01']);
    clock.set('2026-12-01T20:00:00.000Z');
    const fresh = await t.call('queue.issue', { letter: 'A' });
    expect([fresh.ticket.number, fresh.ticket.serviceDay]).toEqual(['A5000', '2026-12-02']);
    // Yesterday's unserved tickets lapsed: only today's is in line.
    const panel = await t.call('queue.state', {});
    expect(panel.waiting.find((l) => l.letter === 'A')).toMatchObject({ count: 1, next: ['A5000'] });
    // A clock set back across the reset hour never reopens the old day.
    clock.set('2026-12-01T19:00:00.000Z');
    const back = await t.call('queue.issue', { letter: 'A' });
    expect([back.ticket.number, back.ticket.serviceDay]).toEqual(['A5001', '2026-12-02']);
  });

  it('arms the rating device once per finished service', async () => {
    const clock = movableClock('2026-12-01T01:00:00.000Z');
    const t = await windowWithQueue(clock, { devices: { ratingDevice: { type: 'serial', path: '/dev/null-rating-device-absent' } } });
    await t.call('queue.issue', { letter: 'A' });
    await t.call('queue.press', { action: { kind: 'callNext' } });
    expect(await t.call('ratings.session', {})).toBeNull();
    clock.set('2026-12-01T01:10:00.000Z');
    await t.call('queue.press', { action: { kind: 'finish' } });
    const session = await t.call('ratings.session', {});
    expect(session).toMatchObject({ serviceLabel: 'A5000 号 办结', caseId: null, state: 'armed' });
    // The next service was rated on request (请评价) before its 办结: no second session for it.
    await t.call('queue.issue', { letter: 'A' });
    clock.set('2026-12-01T01:20:00.000Z');
    await t.call('queue.press', { action: { kind: 'callNext' } });
    const asked = await t.call('ratings.requestRating', { caseId: null });
    clock.set('2026-12-01T01:20:30.000Z');
    await t.call('queue.press', { action: { kind: 'finish' } });
    expect((await t.call('ratings.session', {}))?.id).toBe(asked.id);
  });

  it('takes the caller keypad’s keys on the legacy bus as the same presses: call, 过号, 回呼, pause toggle', async () => {
    const clock = movableClock('2026-12-01T01:00:00.000Z');
    let modules: readonly CapabilityModule[] = [];
    const t = await createTestCore({
      clock,
      config: { ...JQ_WINDOW_12, queue: QUEUE },
      register: (ctx, inputs) => {
        const capabilities = coreCapabilities(ctx, inputs);
        modules = capabilities.modules;
        return capabilities;
      },
    });
    open.push(t);
    await t.signIn();
    const sink = (modules.find((m) => m.name === 'ratings') as RatingsModule).sink;
    const key = (code: number, digit: number | null = null) => sink.keypad?.({ address: 12, code, digit, receivedAt: clock.now().toISOString() });
    await t.call('queue.issue', { letter: 'A' });
    await t.call('queue.issue', { letter: 'B' });
    key(0x0c);
    await until('A called by the keypad', async () => (await t.call('queue.state', {})).current?.number === 'A5000');
    key(0x0f, 0);
    await until('A skipped by the keypad', async () => (await t.call('queue.state', {})).skipped[0]?.number === 'A5000');
    key(0x0f, 3);
    await until('A called back by the keypad', async () => (await t.call('queue.state', {})).current?.number === 'A5000');
    key(0x12);
    const paused = await until('paused by the keypad', async () => (await t.call('queue.state', {})).paused);
    expect(paused.reason).toBe('临时离开');
    key(0x12);
    await until('resumed by the keypad', async () => (await t.call('queue.state', {})).paused === null);
    const calls = await t.call('queue.calls', {});
    expect(calls.calls.map((c) => [c.number, c.recall])).toEqual([
      ['A5000', true],
      ['A5000', false],
    ]);
  });

  it('says so when the config has no queue', async () => {
    const clock = movableClock('2026-12-01T01:00:00.000Z');
    const t = await createTestCore({ clock });
    open.push(t);
    await t.signIn();
    expect((await t.call('queue.state', {})).mode).toMatchObject({ mode: 'off', words: QUEUE_NOT_CONFIGURED_WORDS });
    const refused = await t.fail('queue.press', { action: { kind: 'callNext' } });
    expect([refused.code, refused.message]).toEqual(['unavailable', QUEUE_NOT_CONFIGURED_WORDS]);
  });
});
