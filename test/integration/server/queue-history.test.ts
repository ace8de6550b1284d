import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_PATHS, QueueHistoryResponseSchema, type Ticket } from '../../../electron/contract/queue';
import { hallDevices, testHallRules, type HallDevices } from '../../support/queue-client';
import { ticketWith } from '../../unit/core/queue/queue-fixtures';
import { enrolledToken, post, startLiveApp, type LiveApp } from './server-fixtures';

// A device's offline history arriving at the hall server (issue 17), through the HTTP API on
// embedded PGlite: a ticket a window called offline is the window's to finish afterwards; what a
// device could not have done offline is refused; a server ticket whose answer the dispenser lost
// (it issued a local ticket with the same issueId) is withdrawn, not left for a no-show.

const HALL = 'JQ';
const RULES = testHallRules([
  { letter: 'A', name: '综合业务', itemCodes: [], windows: [5, 6], lane: 'ordinary' },
  { letter: 'B', name: '不动产', itemCodes: [], windows: [6], lane: 'ordinary' },
]);
const DISPENSER = 91;

let live: LiveApp;
const token = new Map<number, string>();
let hall: HallDevices;
let today = '';

beforeAll(async () => {
  live = await startLiveApp('pglite', null);
  for (const w of [5, 6, 7, DISPENSER]) token.set(w, await enrolledToken(live, HALL, w));
  hall = hallDevices(live.url, token, RULES, DISPENSER);
  today = (await hall.panel(5)).serviceDay;
}, 120_000);

afterAll(async () => {
  await live?.close();
});

/** The calendar date `days` before `date` (YYYY-MM-DD). */
function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

async function upload(window: number, body: Record<string, unknown>) {
  const answer = await post(`${live.url}${QUEUE_PATHS.history}`, { rules: RULES, presses: [], ...body }, token.get(window));
  return answer.status === 200 ? { status: 200, body: QueueHistoryResponseSchema.parse(answer.body) } : answer;
}

/** A local ticket of a fallback range, waiting, issued a minute ago. */
function localTicket(number: string, over: Partial<Ticket> = {}): Ticket {
  return ticketWith({ id: uuidv7(), number, serviceDay: today, issuedAt: new Date(Date.now() - 60_000).toISOString(), ...over });
}

const calledBy = (window: number, t: Ticket, at: Date = new Date()): Ticket => ({ ...t, state: 'called', calledBy: window, calledAt: at.toISOString() });

async function stateOf(id: string): Promise<string | undefined> {
  return (await live.db.pool.query<{ state: string }>('SELECT state FROM queue_tickets WHERE hall = $1 AND id = $2', [HALL, id])).rows[0]?.state;
}

describe('offline history on the hall server', () => {
  it('makes a ticket a window called offline its current one, which a finish press then ends', async () => {
    const a = calledBy(5, localTicket('A5001'));
    expect(await upload(5, { tickets: [a] })).toEqual({ status: 200, body: { stored: 1, already: 0, conflicting: [], refused: [] } });
    const seen = (await hall.panel(5)).windows.find((w) => w.window === 5);
    expect(seen).toEqual({ window: 5, current: { ticketId: a.id, number: 'A5001', state: 'called', calledAt: a.calledAt }, paused: null });
    expect(await hall.press(5, { kind: 'finish' })).toEqual({ kind: 'finished', window: 5, ticketId: a.id });
    expect(await stateOf(a.id)).toBe('done');
    expect((await hall.panel(5)).windows.find((w) => w.window === 5)?.current).toBeNull();
    // Sent again (the answer was lost): nothing moves back, the window holds nothing again.
    expect(await upload(5, { tickets: [a] })).toEqual({ status: 200, body: { stored: 0, already: 1, conflicting: [], refused: [] } });
    expect(await stateOf(a.id)).toBe('done');
    expect((await hall.panel(5)).windows.find((w) => w.window === 5)?.current).toBeNull();
  });

  it('ends the service a window held when its history shows a later call, and replaces one the history shows finished', async () => {
    const served = await hall.issue('B');
    expect(await hall.press(6, { kind: 'callNext' })).toMatchObject({ kind: 'called', ticketId: served.ticket.id });
    // Offline, the window called A5002 after B's ticket: at a counter calling the next one ends the
    // service before it, so B's ticket is done at that call and A5002 is the window's.
    const heldBefore = (await hall.panel(6)).windows.find((w) => w.window === 6)?.current;
    expect(heldBefore).toMatchObject({ ticketId: served.ticket.id, state: 'called' });
    const first = calledBy(6, localTicket('A5002'), new Date(Date.parse(heldBefore?.calledAt ?? '') + 500));
    expect((await upload(6, { tickets: [first] })).status).toBe(200);
    expect(await stateOf(served.ticket.id)).toBe('done');
    expect((await hall.panel(6)).windows.find((w) => w.window === 6)?.current).toMatchObject({ ticketId: first.id, state: 'called' });
    // A later history shows A5002 finished offline and another local call: that one is now current.
    const finishedAt = new Date(Date.parse(first.calledAt ?? '') + 1000);
    const done: Ticket = { ...first, state: 'done', finishedAt: finishedAt.toISOString() };
    const second = calledBy(6, localTicket('A5003'), new Date(finishedAt.getTime() + 1000));
    expect(await upload(6, { tickets: [done, second] })).toEqual({ status: 200, body: { stored: 1, already: 1, conflicting: [], refused: [] } });
    expect(await stateOf(first.id)).toBe('done');
    expect((await hall.panel(6)).windows.find((w) => w.window === 6)?.current).toMatchObject({ ticketId: second.id, number: 'A5003', state: 'called' });
    expect(await hall.press(6, { kind: 'finish' })).toEqual({ kind: 'finished', window: 6, ticketId: second.id });
  });

  it('refuses, ticket by ticket, what the device could not have done offline, and stores the rest', async () => {
    const now = new Date();
    const good = localTicket('A5010', { serviceDay: daysBefore(today, 1) });
    const bad: Array<[Ticket, string]> = [
      [localTicket('A100'), '服务器号段'],
      [localTicket('Z5010'), '不是本大厅的类别'],
      [calledBy(2, localTicket('A5011')), '2 号窗口叫号'],
      [localTicket('A5012', { serviceDay: daysBefore(today, 2) }), `只接收 ${daysBefore(today, 1)} 和 ${today}`],
      [localTicket('A5013', { calledBy: 7 }), '等候中，却有叫号'],
      [{ ...calledBy(7, localTicket('A5014', { issuedAt: now.toISOString() }), now), state: 'done' }, '已完成，却没有'],
      [localTicket('A5015', { state: 'skipped', calledBy: 7, calledAt: now.toISOString() }), '已过号'],
      [localTicket('A5016', { category: 'B', state: 'transferred' }), '未经窗口办理'],
    ];
    const answer = await upload(7, { tickets: [good, ...bad.map(([t]) => t)] });
    expect(answer).toMatchObject({ status: 200 });
    const body = answer.body as { stored: number; refused: Array<{ ticketId: string; reason: string }> };
    expect(body.stored).toBe(1);
    expect(body.refused.map((r) => r.ticketId)).toEqual(bad.map(([t]) => t.id));
    bad.forEach(([, words], i) => expect(body.refused[i]?.reason).toContain(words));
    expect(await stateOf(good.id)).toBe('waiting');
    for (const [t] of bad) expect(await stateOf(t.id)).toBeUndefined();
  });

  it('refuses a whole upload with a press of another window, or whose outcome is another window’s', async () => {
    const ticket = calledBy(7, localTicket('A5020'));
    const outcome = { kind: 'called', window: 7, ticketId: ticket.id, number: ticket.number, recall: false, finished: null };
    const stranger = await upload(7, { tickets: [ticket], presses: [{ press: { pressId: uuidv7(), window: 5, action: { kind: 'callNext' } }, outcome, at: ticket.calledAt }] });
    expect(stranger).toMatchObject({ status: 403, body: { error: 'forbidden', reason: expect.stringContaining('整批未保存') } });
    const crossed = await upload(7, { tickets: [ticket], presses: [{ press: { pressId: uuidv7(), window: 7, action: { kind: 'callNext' } }, outcome: { ...outcome, window: 5 }, at: ticket.calledAt }] });
    expect(crossed).toMatchObject({ status: 400, body: { error: 'invalid', reason: expect.stringContaining('结果属于 5 号窗口') } });
    expect(await stateOf(ticket.id)).toBeUndefined();
    const missingRules = await post(`${live.url}${QUEUE_PATHS.history}`, { tickets: [ticket], presses: [] }, token.get(7));
    expect(missingRules.status).toBe(400);
  });

  it('withdraws the server ticket whose answer the dispenser lost when its local twin arrives', async () => {
    const issueId = uuidv7();
    const phantom = await hall.issue('A', 'ordinary', issueId);
    const waitingBefore = (await hall.panel(5)).waiting.find((l) => l.letter === 'A');
    expect(waitingBefore?.next).toContain(phantom.ticket.number);
    // The dispenser never saw that answer: it issued A5100 locally for the same touch.
    const local = localTicket('A5100');
    expect(await upload(DISPENSER, { tickets: [local], issueIds: { [local.id]: issueId } })).toEqual({
      status: 200,
      body: { stored: 1, already: 0, conflicting: [], refused: [] },
    });
    const line = (await hall.panel(5)).waiting.find((l) => l.letter === 'A');
    expect(line?.next).not.toContain(phantom.ticket.number);
    expect(line?.next).toContain('A5100');
    // One ticket out (the phantom), one in (the citizen's): the line is as long as before.
    expect(line?.count).toBe(waitingBefore?.count);
    const row = await live.db.pool.query<{ state: string; withdrawn_for: string }>('SELECT state, withdrawn_for::text AS withdrawn_for FROM queue_tickets WHERE hall = $1 AND id = $2', [
      HALL,
      phantom.ticket.id,
    ]);
    expect(row.rows[0]).toEqual({ state: 'withdrawn', withdrawn_for: local.id });
    // Not a no-show: no window's skipped list shows it, and calling it by id is refused.
    expect((await hall.panel(5)).skipped.map((t) => t.id)).not.toContain(phantom.ticket.id);
    expect(await hall.press(5, { kind: 'callChosen', ticketId: phantom.ticket.id })).toMatchObject({ kind: 'refused' });
    // The dispenser retrying its lost request now gets the ticket the citizen holds.
    expect((await hall.issue('A', 'ordinary', issueId)).ticket).toMatchObject({ id: local.id, number: 'A5100' });
    // The windows call the citizen's ticket, never the phantom.
    const called: string[] = [];
    for (;;) {
      const outcome = await hall.press(5, { kind: 'callNext' });
      if (outcome.kind !== 'called') break;
      called.push(outcome.number);
    }
    expect(called).toContain('A5100');
    expect(called).not.toContain(phantom.ticket.number);
  });

  it('leaves a server ticket a window called meanwhile, though its issueId comes back', async () => {
    const issueId = uuidv7();
    const issued = await hall.issue('A', 'ordinary', issueId);
    expect(await hall.press(5, { kind: 'callNext' })).toMatchObject({ kind: 'called', ticketId: issued.ticket.id });
    const local = localTicket('A5101');
    expect((await upload(DISPENSER, { tickets: [local], issueIds: { [local.id]: issueId } })).status).toBe(200);
    expect(await stateOf(issued.ticket.id)).toBe('called');
    expect(await stateOf(local.id)).toBe('waiting');
    expect(await hall.press(5, { kind: 'finish' })).toEqual({ kind: 'finished', window: 5, ticketId: issued.ticket.id });
  });
});
