import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  QUEUE_PATHS,
  QueueStateResponseSchema,
  type CallEvent,
  type IssueTicketResponse,
  type QueueRules,
  type Ticket,
  type WindowAction,
  type WindowOutcome,
} from '../../../electron/contract/queue';
import { ENROLMENT_TOKEN_HEADER } from '../../../electron/contract/sync';
import { readCalls } from '../../support/queue-client';
import { enrolledToken, post, startLiveApp, type LiveApp } from './server-fixtures';

// The hall queue's actions through the server on embedded PGlite (issue 17): who may call, the
// ticket numbers, the order the windows' rules give (strict priority, a transfer keeps its place),
// skip and recall, pause, the window's panel, offline history once, and the display's stream.

const HALL = 'JQ';
const shanghaiHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
const RULES: QueueRules = {
  timeZone: 'Asia/Shanghai',
  resetHour: (shanghaiHour + 12) % 24,
  policy: { kind: 'strict' },
  categories: [
    { letter: 'A', name: '综合业务', itemCodes: [], windows: [1, 2], lane: 'ordinary' },
    { letter: 'B', name: '绿色通道', itemCodes: [], windows: [1], lane: 'priority' },
  ],
  defaultServiceMinutes: 8,
};

let live: LiveApp;
const token = new Map<number, string>();

beforeAll(async () => {
  live = await startLiveApp('pglite', null);
  for (const w of [1, 2, 91]) token.set(w, await enrolledToken(live, HALL, w));
}, 120_000);

afterAll(async () => {
  await live?.close();
});

async function issue(letter: string, lane: 'ordinary' | 'priority', issueId: string = uuidv7()): Promise<IssueTicketResponse> {
  const answer = await post(`${live.url}${QUEUE_PATHS.tickets}`, { issueId, letter, lane, rules: RULES }, token.get(91));
  expect(answer.status).toBe(200);
  return answer.body as IssueTicketResponse;
}

async function press(window: number, action: WindowAction, pressId: string = uuidv7()): Promise<WindowOutcome> {
  const categories = window === 1 ? ['A', 'B'] : ['A'];
  const answer = await post(`${live.url}${QUEUE_PATHS.press}`, { press: { pressId, window, action }, categories, rules: RULES }, token.get(window));
  expect(answer.status).toBe(200);
  return (answer.body as { outcome: WindowOutcome }).outcome;
}

async function panel(window: number) {
  const answer = await fetch(`${live.url}${QUEUE_PATHS.state}?timeZone=Asia%2FShanghai&resetHour=${RULES.resetHour}`, { headers: { [ENROLMENT_TOKEN_HEADER]: token.get(window) ?? '' } });
  expect(answer.status).toBe(200);
  return QueueStateResponseSchema.parse(await answer.json());
}

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
    const a1 = await issue('A', 'ordinary', issueId);
    expect(a1).toMatchObject({ ticket: { number: 'A001', state: 'waiting' }, ahead: 0, estimate: { peopleAhead: 0, minutes: 0, defaulted: true } });
    expect((await issue('A', 'ordinary', issueId)).ticket).toEqual(a1.ticket);
    const b1 = await issue('B', 'priority');
    expect(b1.ticket.number).toBe('B001');
    const a2 = await issue('A', 'ordinary');
    expect(a2).toMatchObject({ ticket: { number: 'A002' }, ahead: 1, estimate: { peopleAhead: 1, minutes: 4 } });
    const shown = await panel(2);
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

    expect(await press(1, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'B001', recall: false });
    const second = await press(1, { kind: 'callNext' });
    expect(second).toMatchObject({ kind: 'called', number: 'A001', finished: expect.any(String) });
    expect(await press(1, { kind: 'transfer', to: { window: 2 } })).toMatchObject({ kind: 'transferred', to: { window: 2 } });
    // Window 2 gets A001 before A002: the transferred ticket is back in line at its place.
    expect(await press(2, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A001' });
    expect(await press(2, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A002' });
    expect(await press(2, { kind: 'skip' })).toMatchObject({ kind: 'skipped' });
    expect((await panel(2)).skipped.map((t: Ticket) => t.number)).toEqual(['A002']);
    const recallId = uuidv7();
    const recalled = await press(2, { kind: 'recall' }, recallId);
    expect(recalled).toMatchObject({ kind: 'called', number: 'A002', recall: true });
    expect(await press(2, { kind: 'recall' }, recallId)).toEqual(recalled);
    expect(await press(2, { kind: 'pause', reason: '临时离开' })).toMatchObject({ kind: 'paused' });
    const shown = await panel(2);
    expect(shown.windows.find((w) => w.window === 2)).toMatchObject({ current: { number: 'A002', state: 'called' }, paused: { reason: '临时离开' } });
    expect(shown.skipped).toEqual([]);
    expect(shown.waiting).toEqual([]);
    expect(await press(1, { kind: 'callNext' })).toMatchObject({ kind: 'refused', refusal: 'queueEmpty', window: 1 });

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
    const serviceDay = (await panel(1)).serviceDay;
    const ticket: Ticket = {
      id: uuidv7(),
      number: 'A5001',
      serviceDay,
      category: 'A',
      lane: 'ordinary',
      issuedAt: new Date().toISOString(),
      state: 'waiting',
      calledBy: null,
      calledAt: null,
      recalls: 0,
      forWindow: null,
      skippedAt: null,
      finishedAt: null,
      bookingCode: null,
    };
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
