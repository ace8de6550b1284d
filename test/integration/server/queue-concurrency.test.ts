import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent, QueueRules, Ticket, WindowOutcome } from '../../../electron/contract/queue';
import { startPostgres, type TestPostgres } from '../../support/postgres';
import { enrolDevices, issue, newPress, press, readCalls } from '../../support/queue-client';
import { startSyncServer, type SyncServer } from '../../support/sync-server';

// Issue 17, "Proof": the hall queue through the real server (child process) on real PostgreSQL.
// 3 dispensers issue 3,000 tickets while 30 windows press "next" at once, some presses sent twice
// at the same instant and some resent after their answer (a retried request): every ticket is
// issued once with its own number, called exactly once, none lost; and a display that drops its
// connection and comes back with Last-Event-ID receives every call, in order.

const HALL = 'JQ';
const TICKETS = 3000;
const DISPENSERS = [91, 92, 93];
const WINDOWS = Array.from({ length: 30 }, (_, i) => i + 1);
/** Windows 1–5 call only the ordinary category A; the others call A and the priority lane B. */
const categoriesOf = (w: number) => (w <= 5 ? ['A'] : ['A', 'B']);
/** A reset hour twelve hours away from now in the hall's zone, so the service day cannot turn during the test. */
const shanghaiHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
const RULES: QueueRules = {
  timeZone: 'Asia/Shanghai',
  resetHour: (shanghaiHour + 12) % 24,
  policy: { kind: 'interleaved', priorityPerOrdinary: 2, maxOrdinaryWaitMinutes: 30 },
  categories: [
    { letter: 'A', name: '综合业务', itemCodes: [], windows: WINDOWS, lane: 'ordinary' },
    { letter: 'B', name: '绿色通道', itemCodes: [], windows: WINDOWS.filter((w) => w > 5), lane: 'priority' },
  ],
  defaultServiceMinutes: 8,
};

let cluster: TestPostgres;
let server: SyncServer;
let databaseUrl: string;
let tokens: Map<number, string>;

beforeAll(async () => {
  cluster = await startPostgres();
  databaseUrl = await cluster.createDatabase('queue_concurrency');
  server = await startSyncServer({ backend: 'postgres', databaseUrl });
  tokens = await enrolDevices(server, HALL, [...DISPENSERS, ...WINDOWS]);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await cluster?.stop();
});

const tokenOf = (device: number) => tokens.get(device) ?? '';

describe('the hall queue on real PostgreSQL', () => {
  it('issues 3,000 tickets from 3 dispensers, each called exactly once by 30 windows pressing at once; a display misses no call', async () => {
    // The display: from the start (Last-Event-ID 0), dropping its connection twice.
    const received: CallEvent[] = [];
    let display = new AbortController();
    let reconnects = 0;
    let testOver = false;
    const displayDone = (async () => {
      while (received.length < TICKETS && !testOver) {
        const controller = display;
        const from = received.at(-1)?.seq ?? 0;
        await readCalls(
          server.url,
          HALL,
          from,
          (call) => {
            received.push(call);
            if ((received.length === 700 || received.length === 1900) && !controller.signal.aborted) {
              reconnects += 1;
              controller.abort();
            }
            if (received.length === TICKETS) controller.abort();
          },
          controller.signal,
        );
        display = new AbortController();
      }
    })();

    // The dispensers: 1,000 tickets each, one in ten of them asked twice (a retried request).
    const issued = new Map<string, Ticket>();
    const repeatedIssues: Array<[Ticket, Ticket]> = [];
    let dispensing = true;
    // The windows open once half the day's tickets are out, then call while the rest are issued.
    let halfIssued: () => void = () => undefined;
    const windowsOpen = new Promise<void>((resolve) => (halfIssued = resolve));
    // A window that found the line empty presses again once more tickets are out (as a clerk
    // would look at the panel), not in a busy loop that would starve the dispensers.
    let moreIssued: Array<() => void> = [];
    const nextTickets = () => new Promise<void>((resolve) => moreIssued.push(resolve));
    const wakeWindows = () => {
      const waiting = moreIssued;
      moreIssued = [];
      for (const wake of waiting) wake();
    };
    const dispensers = Promise.all(
      DISPENSERS.map(async (dispenser, d) => {
        for (let i = 0; i < TICKETS / DISPENSERS.length; i += 1) {
          const priority = (i + d) % 3 === 0;
          const issueId = uuidv7();
          const answer = await issue(server.url, tokenOf(dispenser), RULES, priority ? 'B' : 'A', priority ? 'priority' : 'ordinary', issueId);
          issued.set(answer.ticket.id, answer.ticket);
          if (issued.size === TICKETS / 2) halfIssued();
          if (issued.size % WINDOWS.length === 0) wakeWindows();
          if (i % 10 === 0) repeatedIssues.push([answer.ticket, (await issue(server.url, tokenOf(dispenser), RULES, priority ? 'B' : 'A', priority ? 'priority' : 'ordinary', issueId)).ticket]);
        }
      }),
    ).finally(() => {
      dispensing = false;
      halfIssued();
      wakeWindows();
    });

    // The windows: "next" until the line is empty and no dispenser issues any more.
    const calledBy = new Map<string, number[]>();
    const mismatchedRepeats: Array<[WindowOutcome, WindowOutcome]> = [];
    const windows = Promise.all(
      WINDOWS.map(async (window) => {
        const token = tokenOf(window);
        const categories = categoriesOf(window);
        await windowsOpen;
        for (let n = 0; ; n += 1) {
          const sent = newPress(window, { kind: 'callNext' });
          const allIssued = !dispensing;
          // One press in seven reaches the server twice at once (a bus frame repeated, a double send).
          const [outcome, twin] = await Promise.all([press(server.url, token, RULES, categories, sent), n % 7 === 3 ? press(server.url, token, RULES, categories, sent) : null]);
          if (twin !== null && !isDeepStrictEqual(twin, outcome)) mismatchedRepeats.push([outcome, twin]);
          // One in five is sent again after its answer (the answer was lost; the window retries).
          if (n % 5 === 1) {
            const again = await press(server.url, token, RULES, categories, sent);
            if (!isDeepStrictEqual(again, outcome)) mismatchedRepeats.push([outcome, again]);
          }
          if (outcome.kind === 'called') {
            calledBy.set(outcome.ticketId, [...(calledBy.get(outcome.ticketId) ?? []), window]);
          } else if (outcome.kind === 'refused' && outcome.refusal === 'queueEmpty') {
            // Empty after the last ticket was out: this window is done. Empty before: wait for more
            // (if the dispensers finished meanwhile, press once more).
            if (allIssued) break;
            if (dispensing) await nextTickets();
          } else {
            throw new Error(`unexpected outcome ${JSON.stringify(outcome)}`);
          }
        }
        await press(server.url, token, RULES, categories, newPress(window, { kind: 'finish' }));
      }),
    );

    try {
      await Promise.all([dispensers, windows]);
      await Promise.race([displayDone, new Promise((_, reject) => setTimeout(() => reject(new Error(`display received ${received.length} calls`)), 30_000))]);
    } finally {
      // Whatever failed, the display stops reading before the server stops.
      testOver = true;
      display.abort();
    }

    // Issued once: 3,000 tickets, each number once per letter; a retried issue got the same ticket.
    expect(issued.size).toBe(TICKETS);
    expect(new Set([...issued.values()].map((t) => t.number)).size).toBe(TICKETS);
    expect(repeatedIssues.length).toBe(300);
    // (The same ticket, in whatever state it is in by the time of the retry.)
    expect(repeatedIssues.filter(([first, again]) => again.id !== first.id || again.number !== first.number)).toEqual([]);
    // Called exactly once each, by a window serving its category; repeated presses answered alike.
    expect(mismatchedRepeats).toEqual([]);
    expect(calledBy.size).toBe(TICKETS);
    expect([...calledBy.values()].filter((ws) => ws.length !== 1)).toEqual([]);
    expect([...calledBy.keys()].sort()).toEqual([...issued.keys()].sort());
    const wrongWindow = [...calledBy.entries()].filter(([id, [w]]) => !categoriesOf(w ?? 0).includes(issued.get(id)?.category ?? '?'));
    expect(wrongWindow).toEqual([]);

    // The display: every call once, in order, across two reconnections.
    expect(reconnects).toBe(2);
    expect(received.map((c) => c.seq)).toEqual(Array.from({ length: TICKETS }, (_, i) => i + 1));
    expect(new Set(received.map((c) => c.number)).size).toBe(TICKETS);
    expect(received.every((c) => c.hall === HALL && !c.recall)).toBe(true);

    // And in the database: every ticket done, called by the window that got it.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const rows = await db.query<{ id: string; state: string; called_by: number }>("SELECT id::text AS id, state, called_by FROM queue_tickets WHERE hall = 'JQ'");
      expect(rows.rows.length).toBe(TICKETS);
      expect(rows.rows.filter((r) => r.state !== 'done')).toEqual([]);
      expect(rows.rows.filter((r) => calledBy.get(r.id)?.[0] !== r.called_by)).toEqual([]);
    } finally {
      await db.end();
    }
  }, 600_000);
});
