import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HALL_UNREACHABLE_WORDS } from '../../../electron/contract/queue';
import { HALL_STATE_LATE_WORDS } from '../../../electron/core/queue/queue-module';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { startSyncServer, type SyncServer } from '../../support/sync-server';
import { startTcpProxy, type TcpProxy } from '../sync/tcp-proxy';
import { until } from '../sync/sync-window';

// The hall queue handing its offline tickets over to the hall server (issue 17, review of session
// 26), through the real core and a real server: once the history of one offline spell is
// acknowledged, a second spell the same day never calls those tickets again at this window; one
// slow read of the hall's state does not throw the window into local mode; and the hall panel seen
// before a local spell is not shown after it. The relay (tcp-proxy.ts) is `down` for an outage and
// `slowReads` for a panel read answered past the window's time-out.

const QUEUE = {
  resetHour: 4,
  categories: [
    { letter: 'A', name: '企业开办', windows: [12] },
    { letter: 'B', name: '社保', windows: [14] },
    { letter: 'C', name: '不动产', windows: [16] },
  ],
  fallbackSlot: 1,
};
const TIMEOUT_MS = 1000;

let server: SyncServer;
let relay: TcpProxy;
const open: TestCore[] = [];

beforeAll(async () => {
  server = await startSyncServer({ backend: 'pglite' });
  relay = await startTcpProxy(server.port, 'pass', { readDelayMs: TIMEOUT_MS * 3 });
}, 180_000);

afterAll(async () => {
  for (const core of open) await core.close();
  await relay?.close();
  await server?.stop();
});

async function windowAtHall(number: number, serves: string[]): Promise<TestCore> {
  const code = await server.enrol('JQ', number);
  const t = await createTestCore({
    config: { ...JQ_WINDOW_12, window: { number }, sync: { url: relay.url, enrolmentCode: code }, queue: { ...QUEUE, serves } },
    queue: { requestTimeoutMs: TIMEOUT_MS, probeIntervalMs: 200 },
  });
  open.push(t);
  await t.signIn();
  await until('enrolled', async () => (await t.call('sync.info', {})).enrolment);
  await until('hall mode', async () => (await t.call('queue.state', {})).mode.mode === 'hall');
  return t;
}

async function hallAgain(t: TestCore) {
  return until('hall mode again', async () => {
    const panel = await t.call('queue.state', {});
    return panel.mode.mode === 'hall' && panel.mode.words === null ? panel : null;
  });
}

describe('the local queue after its history went up to the hall', () => {
  it('does not call, in a second offline spell the same day, the tickets the hall took over; numbering goes on', async () => {
    const t = await windowAtHall(12, ['A']);

    // Spell 1: three tickets from this PC's range, the first called here.
    relay.mode = 'down';
    const spell1 = [];
    for (let i = 0; i < 3; i++) spell1.push((await t.call('queue.issue', { letter: 'A' })).ticket);
    expect(spell1.map((x) => x.number)).toEqual(['A5000', 'A5001', 'A5002']);
    const first = await t.call('queue.press', { action: { kind: 'callNext' } });
    expect(first.outcome).toMatchObject({ kind: 'called', number: 'A5000' });
    expect(first.panel.mode).toMatchObject({ mode: 'local', words: HALL_UNREACHABLE_WORDS });

    // The hall is back: the history goes up; A5001 and A5002 now wait at the hall, for any window.
    relay.mode = 'pass';
    const back = await hallAgain(t);
    expect(back.mode.unsentHistory).toBe(0);
    expect(back.waiting.find((l) => l.letter === 'A')).toMatchObject({ count: 2, next: ['A5001', 'A5002'] });

    // The hall holds A5000 for this window (its history said so); the clerk finishes it there by
    // calling the next one, A5001, at the hall.
    expect(back.current).toMatchObject({ number: 'A5000' });
    const atHall = await t.call('queue.press', { action: { kind: 'callNext' } });
    expect(atHall.outcome).toMatchObject({ kind: 'called', number: 'A5001', finished: spell1[0]?.id });
    expect(atHall.panel.mode.mode).toBe('hall');

    // Spell 2, the same day: numbering goes on from this PC's counter.
    relay.mode = 'down';
    const late = await t.call('queue.issue', { letter: 'A' });
    expect(late.ticket.number).toBe('A5003');
    expect(late.mode.mode).toBe('local');
    expect(late.ahead).toBe(0);
    const panel = await t.call('queue.state', {});
    // A5000 went to the hall with the history (and was finished there): it is not shown held
    // again, and neither it nor the handed-over A5001/A5002 can be recalled, called or finished here.
    expect(panel.current).toBeNull();
    expect(panel.waiting.find((l) => l.letter === 'A')).toMatchObject({ count: 1, next: ['A5003'] });
    const recall = await t.call('queue.press', { action: { kind: 'recall' } });
    expect(recall.outcome.kind).toBe('refused');
    const next = await t.call('queue.press', { action: { kind: 'callNext' } });
    expect(next.outcome).toMatchObject({ kind: 'called', number: 'A5003', finished: null });
    const none = await t.call('queue.press', { action: { kind: 'callNext' } });
    expect(none.outcome).toMatchObject({ kind: 'refused', refusal: 'queueEmpty' });
    const chosen = await t.call('queue.press', { action: { kind: 'callChosen', ticketId: spell1[2]?.id ?? '' } });
    expect(chosen.outcome).toMatchObject({ kind: 'refused', refusal: 'ticketNotFound' });

    // Back again: A5001, called at the hall before A5003 was called offline, is done (calling the
    // next one ends a service); A5003 is this window's at the hall; A5002 still waits for anyone.
    relay.mode = 'pass';
    const again = await hallAgain(t);
    expect(again.current).toMatchObject({ number: 'A5003' });
    expect(again.waiting.find((l) => l.letter === 'A')).toMatchObject({ count: 1, next: ['A5002'] });
  }, 60_000);
});

describe('a slow read of the hall state', () => {
  it('keeps hall mode, shows the last hall panel marked as not current, and the next write still goes to the hall', async () => {
    const t = await windowAtHall(14, ['B']);
    const issued = await t.call('queue.issue', { letter: 'B' });
    expect(issued.mode.mode).toBe('hall');
    const seen = await t.call('queue.state', {});
    expect(seen.waiting.find((l) => l.letter === 'B')).toMatchObject({ count: 1, next: [issued.ticket.number] });

    relay.mode = 'slowReads';
    const late = await t.call('queue.state', {});
    expect(late.mode).toMatchObject({ mode: 'hall', words: HALL_STATE_LATE_WORDS });
    expect(late.waiting).toEqual(seen.waiting);
    // The write goes to the hall: a number of the hall's range, not this PC's fallback slot.
    const more = await t.call('queue.issue', { letter: 'B' });
    expect(more.mode.mode).toBe('hall');
    expect(Number(more.ticket.number.slice(1))).toBeLessThan(5000);

    relay.mode = 'pass';
    const fresh = await t.call('queue.state', {});
    expect(fresh.mode).toMatchObject({ mode: 'hall', words: null });
    expect(fresh.waiting.find((l) => l.letter === 'B')).toMatchObject({ count: 2, next: [issued.ticket.number, more.ticket.number] });
  }, 60_000);
});

describe('a slow read just after a local spell', () => {
  it('shows this PC\'s own queue marked as not current, never the hall panel seen before the spell', async () => {
    const t = await windowAtHall(16, ['C']);
    const held = await t.call('queue.issue', { letter: 'C' });
    const called = await t.call('queue.press', { action: { kind: 'callNext' } });
    expect(called.outcome).toMatchObject({ kind: 'called', number: held.ticket.number });
    const before = await t.call('queue.state', {});
    expect(before.mode).toMatchObject({ mode: 'hall', words: null });
    expect(before.current).toMatchObject({ number: held.ticket.number });

    // The outage: the clerk issues and calls C5000 here.
    relay.mode = 'down';
    await t.call('queue.issue', { letter: 'C' });
    const offline = await t.call('queue.press', { action: { kind: 'callNext' } });
    expect(offline.outcome).toMatchObject({ kind: 'called', number: 'C5000' });
    expect(offline.panel.mode.mode).toBe('local');

    // The hall answers the probe (its history and state read) but not the panel reads after it.
    relay.fastReads = 1;
    relay.mode = 'slowReads';
    const late = await until('hall mode, read late', async () => {
      const panel = await t.call('queue.state', {});
      return panel.mode.mode === 'hall' ? panel : null;
    });
    expect(late.mode.words).toBe(HALL_STATE_LATE_WORDS);
    // This PC's own queue (C5000 handed to the hall with the history), not the ticket held before the outage.
    expect(late.current).toBeNull();

    relay.mode = 'pass';
    // hallAgain: the relay's change cuts the kept-alive connection, so the first read may fail.
    const fresh = await hallAgain(t);
    expect(fresh.current).toMatchObject({ number: 'C5000' });
  }, 60_000);
});
