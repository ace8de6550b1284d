import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../support/postgres';
import { hallDevices, testHallRules, type HallDevices } from '../../support/queue-client';
import { enrolledToken, startLiveApp, type LiveApp } from './server-fixtures';

// 选号 through the server (issue 17): the window's panel lists the waiting tickets with their ids,
// and a `callChosen` of one of them calls exactly that ticket, out of turn — on PostgreSQL and on
// PGlite, whose array answers the state's query reads.

const HALL = 'JQ';
const RULES = testHallRules([
  { letter: 'A', name: '综合业务', itemCodes: [], windows: [1, 2], lane: 'ordinary' },
  { letter: 'B', name: '绿色通道', itemCodes: [], windows: [1], lane: 'priority' },
]);

let cluster: TestPostgres | null = null;

beforeAll(async () => {
  cluster = await startPostgres();
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

describe.each(['postgres', 'pglite'] as const)('选号 on the server (%s)', (backend) => {
  let live: LiveApp;
  const token = new Map<number, string>();
  let hall: HallDevices;

  beforeAll(async () => {
    live = await startLiveApp(backend, cluster);
    for (const w of [1, 2, 91]) token.set(w, await enrolledToken(live, HALL, w));
    hall = hallDevices(live.url, token, RULES, 91);
  }, 120_000);
  afterAll(async () => {
    await live?.close();
  });

  it('lists the waiting tickets with their ids, and calls the one chosen, out of turn', async () => {
    const a = [await hall.issue('A', 'ordinary'), await hall.issue('A', 'ordinary'), await hall.issue('A', 'ordinary')].map((r) => r.ticket);
    const b1 = (await hall.issue('B', 'priority')).ticket;

    const before = await hall.panel(2);
    expect(before.waiting).toEqual([
      { letter: 'A', count: 3, next: ['A001', 'A002', 'A003'], nextTickets: a.map((t) => ({ ticketId: t.id, number: t.number })) },
      { letter: 'B', count: 1, next: ['B001'], nextTickets: [{ ticketId: b1.id, number: 'B001' }] },
    ]);

    // Window 2 chooses the third A ticket from its panel: that one is called, not A001.
    const chosen = before.waiting[0]?.nextTickets?.[2];
    expect(chosen?.number).toBe('A003');
    const called = await hall.press(2, { kind: 'callChosen', ticketId: chosen?.ticketId ?? '' });
    expect(called).toEqual({ kind: 'called', window: 2, ticketId: a[2]?.id, number: 'A003', recall: false, finished: null });

    const after = await hall.panel(2);
    expect(after.windows.find((w) => w.window === 2)?.current).toMatchObject({ ticketId: a[2]?.id, number: 'A003', state: 'called' });
    expect(after.waiting[0]).toEqual({
      letter: 'A',
      count: 2,
      next: ['A001', 'A002'],
      nextTickets: [
        { ticketId: a[0]?.id, number: 'A001' },
        { ticketId: a[1]?.id, number: 'A002' },
      ],
    });

    // Chosen again elsewhere, it is no longer waiting; and window 2 does not serve B.
    expect(await hall.press(1, { kind: 'callChosen', ticketId: a[2]?.id ?? '' })).toEqual({ kind: 'refused', window: 1, refusal: 'ticketNotWaiting' });
    expect(await hall.press(2, { kind: 'callChosen', ticketId: b1.id })).toEqual({ kind: 'refused', window: 2, refusal: 'notServedHere' });
    // The next 叫号 goes on in line order: A001 (window 2 serves A only).
    expect(await hall.press(2, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A001', finished: a[2]?.id });
  });
});
