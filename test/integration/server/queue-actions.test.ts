import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_PATHS, type CallEvent, type Ticket } from '../../../electron/contract/queue';
import { hallDevices, readCalls, testHallRules, type HallDevices } from '../../support/queue-client';
import { ticketWith } from '../../unit/core/queue/queue-fixtures';
import { enrolledToken, post, startLiveApp, type LiveApp } from './server-fixtures';

// The hall queue's actions through the server on embedded PGlite (issue 17): who may call, the
// ticket numbers, the order the windows' rules give (strict priority, a transfer keeps its place),
// skip and recall, pause, the window's panel, offline history once, and the display's stream.

const HALL = 'JQ';
const RULES = testHallRules([
  { letter: 'A', name: '综合业务', itemCodes: [], windows: [1, 2], lane: 'ordinary' },
  { letter: 'B', name: '绿色通道', itemCodes: [], windows: [1], lane: 'priority' },
]);

let live: LiveApp;
const token = new Map<number, string>();
let hall: HallDevices;

beforeAll(async () => {
  live = await startLiveApp('pglite', null);
  for (const w of [1, 2, 91]) token.set(w, await enrolledToken(live, HALL, w));
  hall = hallDevices(live.url, token, RULES, 91);
}, 120_000);

afterAll(async () => {
  await live?.close();
});

describe('the hall queue on the server (PGlite)', () => {
  it('refuses a press without a token, and a press for another window', async () => {
    const body = { press: { pressId: uuidv7(), window: 2, action: { kind: 'callNext' } }, categories: ['A'], rules: RULES };
    const anonymous = await post(`${live.url}${QUEUE_PATHS.press}`, body);
    expect(anonymous.status).toBe(401);
    const stranger = await post(`${live.url}${QUEUE_PATHS.press}`, body, token.get(1));
    expect(stranger).toMatchObject({ status: 403, body: { error: 'forbidden', reason: expect.stringContaining('不能替 2 号窗口叫号') } });
  });

  it('numbers tickets per letter, answers a repeated issue with the same ticket, and counts the people ahead', async () => {
    const issueId = uuidv7();
    const a1 = await hall.issue('A', 'ordinary', issueId);
    expect(a1).toMatchObject({ ticket: { number: 'A001', state: 'waiting' }, ahead: 0, estimate: { peopleAhead: 0, minutes: 0, defaulted: true } });
    expect((await hall.issue('A', 'ordinary', issueId)).ticket).toEqual(a1.ticket);
    const b1 = await hall.issue('B', 'priority');
    expect(b1.ticket.number).toBe('B001');
    const a2 = await hall.issue('A', 'ordinary');
    // Strict priority: window 1 calls B001 before A002, so A001 and B001 are both ahead of it
    // (2 × 8 minutes / A's 2 windows); B001 itself has nobody ahead.
    expect(a2).toMatchObject({ ticket: { number: 'A002' }, ahead: 2, estimate: { peopleAhead: 2, minutes: 8 } });
    expect(b1.ahead).toBe(0);
    const shown = await hall.panel(2);
    // toMatchObject: the lines also list the tickets' ids (选号, test queue-choose.test.ts).
    expect(shown.waiting).toMatchObject([
      { letter: 'A', count: 2, next: ['A001', 'A002'] },
      { letter: 'B', count: 1, next: ['B001'] },
    ]);
  });

  it('calls by the rules: priority first, a transferred ticket keeps its place, skip then recall, repeats answered alike, the display gets each call', async () => {
    const calls: CallEvent[] = [];
    const display = new AbortController();
    const reading = readCalls(live.url, HALL, 0, (c) => calls.push(c), display.signal);

    expect(await hall.press(1, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'B001', recall: false });
    const second = await hall.press(1, { kind: 'callNext' });
    expect(second).toMatchObject({ kind: 'called', number: 'A001', finished: expect.any(String) });
    expect(await hall.press(1, { kind: 'transfer', to: { window: 2 } })).toMatchObject({ kind: 'transferred', to: { window: 2 } });
    // Window 2 gets A001 before A002: the transferred ticket is back in line at its place.
    expect(await hall.press(2, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A001' });
    expect(await hall.press(2, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A002' });
    expect(await hall.press(2, { kind: 'skip' })).toMatchObject({ kind: 'skipped' });
    expect((await hall.panel(2)).skipped.map((t: Ticket) => t.number)).toEqual(['A002']);
    const recallId = uuidv7();
    const recalled = await hall.press(2, { kind: 'recall' }, recallId);
    expect(recalled).toMatchObject({ kind: 'called', number: 'A002', recall: true });
    expect(await hall.press(2, { kind: 'recall' }, recallId)).toEqual(recalled);
    expect(await hall.press(2, { kind: 'pause', reason: '临时离开' })).toMatchObject({ kind: 'paused' });
    const shown = await hall.panel(2);
    expect(shown.windows.find((w) => w.window === 2)).toMatchObject({ current: { number: 'A002', state: 'called' }, paused: { reason: '临时离开' } });
    expect(shown.skipped).toEqual([]);
    expect(shown.waiting).toEqual([]);
    expect(await hall.press(1, { kind: 'callNext' })).toMatchObject({ kind: 'refused', refusal: 'queueEmpty', window: 1 });

    await expect.poll(() => calls.length, { timeout: 10_000 }).toBe(5);
    display.abort();
    await reading;
    expect(calls.map((c) => [c.seq, c.window, c.number, c.recall])).toEqual([
      [1, 1, 'B001', false],
      [2, 1, 'A001', false],
      [3, 2, 'A001', false],
      [4, 2, 'A002', false],
      [5, 2, 'A002', true],
    ]);
  });

  it('stores offline history once, and refuses a number another ticket holds that day', async () => {
    const serviceDay = (await hall.panel(1)).serviceDay;
    const ticket: Ticket = ticketWith({ id: uuidv7(), number: 'A5001', serviceDay, issuedAt: new Date().toISOString() });
    const pressed = { press: { pressId: uuidv7(), window: 1, action: { kind: 'callNext' } }, outcome: { kind: 'called', window: 1, ticketId: ticket.id, number: 'A5001', recall: false, finished: null }, at: new Date().toISOString() };
    const upload = { rules: RULES, tickets: [{ ...ticket, state: 'called', calledBy: 1, calledAt: pressed.at }], presses: [pressed] };
    expect(await post(`${live.url}${QUEUE_PATHS.history}`, upload, token.get(1))).toEqual({ status: 200, body: { stored: 2, already: 0, conflicting: [], refused: [] } });
    expect(await post(`${live.url}${QUEUE_PATHS.history}`, upload, token.get(1))).toEqual({ status: 200, body: { stored: 0, already: 2, conflicting: [], refused: [] } });
    // Sent again after a later offline episode: the ticket's newer state replaces the one held.
    const finished = { ...upload.tickets[0], state: 'done', finishedAt: new Date().toISOString() };
    expect(await post(`${live.url}${QUEUE_PATHS.history}`, { rules: RULES, tickets: [finished], presses: [] }, token.get(1))).toEqual({ status: 200, body: { stored: 0, already: 1, conflicting: [], refused: [] } });
    const held = await live.db.pool.query<{ state: string }>('SELECT state FROM queue_tickets WHERE hall = $1 AND id = $2', [HALL, ticket.id]);
    expect(held.rows[0]?.state).toBe('done');
    const twin = { ...ticket, id: uuidv7() };
    expect(await post(`${live.url}${QUEUE_PATHS.history}`, { rules: RULES, tickets: [twin], presses: [] }, token.get(2))).toEqual({ status: 200, body: { stored: 0, already: 0, conflicting: [twin.id], refused: [] } });
    const stranger = await post(`${live.url}${QUEUE_PATHS.history}`, { rules: RULES, tickets: [], presses: [pressed] }, token.get(2));
    expect(stranger.status).toBe(403);
  });
});
