import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  QUEUE_PATHS,
  QueueFiguresResponseSchema,
  type IssueTicketResponse,
  type QueueFiguresResponse,
  type QueueRules,
  type WindowAction,
  type WindowOutcome,
} from '../../../electron/contract/queue';
import { ENROLMENT_TOKEN_HEADER } from '../../../electron/contract/sync';
import { createBackOfficeAccount } from '../../../server/backoffice/accounts';
import { BACKOFFICE_PATHS } from '../../../server/backoffice/routes';
import { startPostgres, type TestPostgres } from '../../support/postgres';
import { enrolledToken, post, startLiveApp, type LiveApp } from './server-fixtures';

// The hall queue's figures per window (issue 17, capability 6) through the real server: tickets
// issued, called, recalled, skipped, transferred and finished by two windows through the routes,
// then GET /v1/queue/figures (a window's token) and the back office's API and page (an officer's
// session) — on real PostgreSQL and on PGlite. The means are checked against the timestamps the
// database itself holds for those tickets.

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

describe.each(['postgres', 'pglite'] as const)('figures per window on the server (%s)', (backend) => {
  let live: LiveApp;
  const token = new Map<number, string>();

  beforeAll(async () => {
    live = await startLiveApp(backend, cluster);
    for (const w of [1, 2, 91]) token.set(w, await enrolledToken(live, HALL, w));
    await createBackOfficeAccount(live.db.pool, { hall: HALL, username: 'li.na', displayName: '李娜', department: '大厅管理办', password: 'correct horse 9' });
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
    const outcome = (answer.body as { outcome: WindowOutcome }).outcome;
    expect(outcome.kind).not.toBe('refused');
    return outcome;
  }

  async function figures(query: string, window = 1): Promise<{ status: number; body: unknown }> {
    const answer = await fetch(`${live.url}${QUEUE_PATHS.figures}${query}`, { headers: { [ENROLMENT_TOKEN_HEADER]: token.get(window) ?? '' } });
    return { status: answer.status, body: await answer.json() };
  }

  /** The means of the tickets `numbers` by the database's own timestamps: wait to the first call, service from the last. */
  async function meansOf(numbers: string[]): Promise<{ waitMs: number; serviceMs: number }> {
    const rows = await live.db.pool.query<{ issued_at: Date; first_call: Date; called_at: Date; finished_at: Date }>(
      `SELECT t.issued_at, (SELECT min(c.called_at) FROM queue_calls c WHERE c.hall = t.hall AND c.ticket_id = t.id) AS first_call, t.called_at, t.finished_at
         FROM queue_tickets t WHERE t.hall = $1 AND t.number = ANY($2::text[])`,
      [HALL, numbers],
    );
    expect(rows.rows).toHaveLength(numbers.length);
    const sum = (f: (r: (typeof rows.rows)[number]) => number) => rows.rows.reduce((n, r) => n + f(r), 0);
    return {
      waitMs: Math.round(sum((r) => r.first_call.getTime() - r.issued_at.getTime()) / numbers.length),
      serviceMs: Math.round(sum((r) => r.finished_at.getTime() - r.called_at.getTime()) / numbers.length),
    };
  }

  it('refuses a reader without a token and a day that is not one', async () => {
    const anonymous = await fetch(`${live.url}${QUEUE_PATHS.figures}`);
    expect(anonymous.status).toBe(401);
    const bad = await figures('?day=2026-13-40');
    expect(bad).toMatchObject({ status: 400, body: { error: 'invalid' } });
    const zone = await figures('?timeZone=Mars%2FOlympus');
    expect(zone).toMatchObject({ status: 400, body: { reason: expect.stringContaining('时区') } });
  });

  it('counts what two windows did today: services, waits, service times, no-shows, recalls, a transfer', async () => {
    const tickets = [await issue('A', 'ordinary'), await issue('A', 'ordinary'), await issue('A', 'ordinary'), await issue('A', 'ordinary'), await issue('B', 'priority')];
    const a1 = tickets[0]?.ticket;
    const serviceDay = a1?.serviceDay;
    expect(tickets.map((t) => t.ticket.number)).toEqual(['A001', 'A002', 'A003', 'A004', 'B001']);

    const before = QueueFiguresResponseSchema.parse((await figures(`?timeZone=Asia%2FShanghai&resetHour=${RULES.resetHour}`)).body);
    expect(before).toMatchObject({ serviceDay, windows: [], total: { issued: 5, waiting: 5, served: 0, averageWaitMs: null } });

    // Window 1: the priority ticket first, called again at the counter, then done.
    expect(await press(1, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'B001' });
    expect(await press(1, { kind: 'recall' })).toMatchObject({ kind: 'called', number: 'B001', recall: true });
    await press(1, { kind: 'finish' });
    // Window 2: A001 does not come (过号); A002 is for window 1 (转移).
    expect(await press(2, { kind: 'callNext' })).toMatchObject({ number: 'A001' });
    await press(2, { kind: 'skip' });
    expect(await press(2, { kind: 'callNext' })).toMatchObject({ number: 'A002' });
    await press(2, { kind: 'transfer', to: { window: 1 } });
    // Window 1 serves A002, then A001 comes back and window 1 recalls and serves it.
    expect(await press(1, { kind: 'callNext' })).toMatchObject({ number: 'A002' });
    await press(1, { kind: 'serve' });
    await press(1, { kind: 'finish' });
    expect(await press(1, { kind: 'recall', ticketId: a1?.id ?? '' })).toMatchObject({ number: 'A001', recall: true });
    await press(1, { kind: 'finish' });
    // Window 2: A003 never comes; A004 is still waiting.
    expect(await press(2, { kind: 'callNext' })).toMatchObject({ number: 'A003' });
    await press(2, { kind: 'skip' });

    const answer = await figures(`?timeZone=Asia%2FShanghai&resetHour=${RULES.resetHour}`, 2);
    expect(answer.status).toBe(200);
    const today = QueueFiguresResponseSchema.parse(answer.body);
    // A002's wait ends at window 2's call (before its transfer), A001's at its first call, not its recall.
    const window1 = await meansOf(['B001', 'A002', 'A001']);
    expect(today.serviceDay).toBe(serviceDay);
    expect(today.windows).toEqual([
      { window: 1, served: 3, averageWaitMs: window1.waitMs, averageServiceMs: window1.serviceMs, noShows: 0, recalls: 2 },
      { window: 2, served: 0, averageWaitMs: null, averageServiceMs: null, noShows: 1, recalls: 0 },
    ]);
    expect(today.total).toEqual({ served: 3, averageWaitMs: window1.waitMs, averageServiceMs: window1.serviceMs, noShows: 1, recalls: 2, issued: 5, waiting: 1, atCounter: 0 });

    // The same day by name, and a day with nothing.
    const named = QueueFiguresResponseSchema.parse((await figures(`?day=${serviceDay}`)).body);
    expect({ ...named, at: '' }).toEqual({ ...today, at: '' });
    const empty = QueueFiguresResponseSchema.parse((await figures('?day=2001-01-01')).body);
    expect(empty).toMatchObject({ serviceDay: '2001-01-01', windows: [], total: { issued: 0, served: 0 } });

    // The back office: its API and its page, with the officer's session.
    const signIn = await fetch(`${live.url}${BACKOFFICE_PATHS.signIn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hall: HALL, username: 'li.na', password: 'correct horse 9' }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await fetch(`${live.url}${BACKOFFICE_PATHS.queueFigures}?day=${serviceDay}`)).status).toBe(401);
    const office = await fetch(`${live.url}${BACKOFFICE_PATHS.queueFigures}?day=${serviceDay}`, { headers: { cookie } });
    const officeFigures: QueueFiguresResponse = QueueFiguresResponseSchema.parse(await office.json());
    expect({ ...officeFigures, at: '' }).toEqual({ ...today, at: '' });
    const page = await (await fetch(`${live.url}${BACKOFFICE_PATHS.page}?day=${serviceDay}`, { headers: { cookie } })).text();
    expect(page).toContain(`排队叫号统计（${serviceDay}）`);
    expect(page).toContain('<th>窗口</th><th>已办件数</th><th>平均等候</th><th>平均办理</th><th>过号</th>');
    expect(page).toMatch(/<tr data-window="1"><th scope="row">1 号窗口<\/th><td>3<\/td><td>\d+ 分<\/td><td>\d+ 分<\/td><td>0<\/td><td>2<\/td><\/tr>/);
    expect(page).toContain('<tr data-window="2"><th scope="row">2 号窗口</th><td>0</td><td>—</td><td>—</td><td>1</td><td>0</td></tr>');
    expect(page).toMatch(/<tr data-window="total"><th scope="row">合计<\/th><td>3<\/td>/);
  });
});
