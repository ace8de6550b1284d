import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  QUEUE_PATHS,
  QueueStateResponseSchema,
  type IssueTicketResponse,
  type QueueRules,
  type WindowAction,
  type WindowOutcome,
} from '../../../electron/contract/queue';
import { ENROLMENT_TOKEN_HEADER } from '../../../electron/contract/sync';
import { startPostgres, type TestPostgres } from '../../support/postgres';
import { enrolledToken, post, startLiveApp, type LiveApp } from './server-fixtures';

// 选号 through the server (issue 17): the window's panel lists the waiting tickets with their ids,
// and a `callChosen` of one of them calls exactly that ticket, out of turn — on PostgreSQL and on
// PGlite, whose array answers the state's query reads.

const HALL = 'JQ';
const shanghaiHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
const RULES: QueueRules = {
  timeZone: 'Asia/Shanghai',
  // Twelve hours from the reset: the whole test is inside one service day.
  resetHour: (shanghaiHour + 12) % 24,
  policy: { kind: 'strict' },
  categories: [
    { letter: 'A', name: '综合业务', itemCodes: [], windows: [1, 2], lane: 'ordinary' },
    { letter: 'B', name: '绿色通道', itemCodes: [], windows: [1], lane: 'priority' },
  ],
  defaultServiceMinutes: 8,
};

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

  beforeAll(async () => {
    live = await startLiveApp(backend, cluster);
    for (const w of [1, 2, 91]) token.set(w, await enrolledToken(live, HALL, w));
  }, 120_000);
  afterAll(async () => {
    await live?.close();
  });

  async function issue(letter: string, lane: 'ordinary' | 'priority'): Promise<IssueTicketResponse> {
    const answer = await post(`${live.url}${QUEUE_PATHS.tickets}`, { issueId: uuidv7(), letter, lane, rules: RULES }, token.get(91));
    expect(answer.status).toBe(200);
    return answer.body as IssueTicketResponse;
  }

  async function press(window: number, action: WindowAction): Promise<WindowOutcome> {
    const categories = window === 1 ? ['A', 'B'] : ['A'];
    const answer = await post(`${live.url}${QUEUE_PATHS.press}`, { press: { pressId: uuidv7(), window, action }, categories, rules: RULES }, token.get(window));
    expect(answer.status).toBe(200);
    return (answer.body as { outcome: WindowOutcome }).outcome;
  }

  async function panel(window: number) {
    const answer = await fetch(`${live.url}${QUEUE_PATHS.state}?timeZone=Asia%2FShanghai&resetHour=${RULES.resetHour}`, {
      headers: { [ENROLMENT_TOKEN_HEADER]: token.get(window) ?? '' },
    });
    expect(answer.status).toBe(200);
    return QueueStateResponseSchema.parse(await answer.json());
  }

  it('lists the waiting tickets with their ids, and calls the one chosen, out of turn', async () => {
    const a = [await issue('A', 'ordinary'), await issue('A', 'ordinary'), await issue('A', 'ordinary')].map((r) => r.ticket);
    const b1 = (await issue('B', 'priority')).ticket;

    const before = await panel(2);
    expect(before.waiting).toEqual([
      { letter: 'A', count: 3, next: ['A001', 'A002', 'A003'], nextTickets: a.map((t) => ({ ticketId: t.id, number: t.number })) },
      { letter: 'B', count: 1, next: ['B001'], nextTickets: [{ ticketId: b1.id, number: 'B001' }] },
    ]);

    // Window 2 chooses the third A ticket from its panel: that one is called, not A001.
    const chosen = before.waiting[0]?.nextTickets?.[2];
    expect(chosen?.number).toBe('A003');
    const called = await press(2, { kind: 'callChosen', ticketId: chosen?.ticketId ?? '' });
    expect(called).toEqual({ kind: 'called', window: 2, ticketId: a[2]?.id, number: 'A003', recall: false, finished: null });

    const after = await panel(2);
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
    expect(await press(1, { kind: 'callChosen', ticketId: a[2]?.id ?? '' })).toEqual({ kind: 'refused', window: 1, refusal: 'ticketNotWaiting' });
    expect(await press(2, { kind: 'callChosen', ticketId: b1.id })).toEqual({ kind: 'refused', window: 2, refusal: 'notServedHere' });
    // The next 叫号 goes on in line order: A001 (window 2 serves A only).
    expect(await press(2, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A001', finished: a[2]?.id });
  });
});
