import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_PATHS, QueueStateResponseSchema, type DispenserPrinter, type QueueStateResponse } from '../../../electron/contract/queue';
import { ENROLMENT_TOKEN_HEADER } from '../../../electron/contract/sync';
import type { DispenserPrinting } from '../../../electron/core/queue/dispenser-printing';
import { dispenserReporter } from '../../../electron/core/queue/dispenser-report';
import { enrolledToken, post, startLiveApp, type LiveApp } from './server-fixtures';

// The windows see the dispensers' paper (issue 17), through the HTTP API on embedded PGlite: a
// 取号机 reports its ticket printer, and every window of the hall finds the report in its panel
// (GET state); a PC can report only as its own number, and a hall sees only its own dispensers.

const HALL = 'JQ';
const DISPENSER = 91;
const WINDOW = 5;
const OUT_OF_PAPER = '取号机缺纸，暂停取号，请联系工作人员';

let live: LiveApp;
const token = new Map<string, string>();

beforeAll(async () => {
  live = await startLiveApp('pglite', null);
  token.set(`${HALL}${DISPENSER}`, await enrolledToken(live, HALL, DISPENSER));
  token.set(`${HALL}${WINDOW}`, await enrolledToken(live, HALL, WINDOW));
  token.set(`EN${WINDOW}`, await enrolledToken(live, 'EN', WINDOW));
}, 120_000);

afterAll(async () => {
  await live?.close();
});

async function panel(hall: string, window: number): Promise<QueueStateResponse> {
  const answer = await fetch(`${live.url}${QUEUE_PATHS.state}?timeZone=Asia%2FShanghai&resetHour=4`, {
    headers: { [ENROLMENT_TOKEN_HEADER]: token.get(`${hall}${window}`) ?? '' },
  });
  expect(answer.status).toBe(200);
  return QueueStateResponseSchema.parse(await answer.json());
}

function report(sender: string, body: unknown) {
  return post(`${live.url}${QUEUE_PATHS.dispenser}`, body, token.get(sender));
}

describe('dispenser reports on the windows\' panel', () => {
  it('shows a dispenser out of paper to a window, with the kiosk\'s words', async () => {
    const before = Date.now();
    const answer = await report(`${HALL}${DISPENSER}`, { device: DISPENSER, ready: false, words: OUT_OF_PAPER });
    expect(answer.status).toBe(200);
    const state = await panel(HALL, WINDOW);
    expect(state.dispensers).toEqual([{ device: DISPENSER, ready: false, words: OUT_OF_PAPER, reportedAt: expect.any(String) }]);
    expect(Date.parse(state.dispensers[0]?.reportedAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
  });

  it('shows it ready again once paper is back, still one line for the dispenser', async () => {
    expect((await report(`${HALL}${DISPENSER}`, { device: DISPENSER, ready: true, words: null })).status).toBe(200);
    const state = await panel(HALL, WINDOW);
    expect(state.dispensers).toEqual([{ device: DISPENSER, ready: true, words: null, reportedAt: expect.any(String) }]);
  });

  it('refuses a report for another number than the token\'s, and keeps the dispenser\'s own', async () => {
    const answer = await report(`${HALL}${WINDOW}`, { device: DISPENSER, ready: false, words: OUT_OF_PAPER });
    expect(answer.status).toBe(403);
    expect((answer.body as { reason: string }).reason).toContain(`不能替 ${DISPENSER} 号取号机报告状态`);
    expect((await panel(HALL, WINDOW)).dispensers).toEqual([{ device: DISPENSER, ready: true, words: null, reportedAt: expect.any(String) }]);
  });

  it('refuses a report without a token, and one not ready without its reason', async () => {
    const anonymous = await post(`${live.url}${QUEUE_PATHS.dispenser}`, { device: DISPENSER, ready: false, words: OUT_OF_PAPER });
    expect(anonymous.status).toBe(401);
    const noWords = await report(`${HALL}${DISPENSER}`, { device: DISPENSER, ready: false, words: null });
    expect(noWords.status).toBe(400);
    expect((await panel(HALL, WINDOW)).dispensers.map((d) => d.ready)).toEqual([true]);
  });

  it('does not show one hall\'s dispensers to another hall\'s windows', async () => {
    expect((await panel('EN', WINDOW)).dispensers).toEqual([]);
  });
});

describe('the dispenser core reporting its printer', () => {
  /** A ticket printer whose state the test sets (the device, not the server, is what is faked). */
  function printer(first: DispenserPrinter): DispenserPrinting & { set(p: DispenserPrinter): void } {
    let now = first;
    return {
      set: (p) => (now = p),
      state: () => Promise.resolve(now),
      ensureReady: () => Promise.resolve(),
      print: () => null,
    };
  }
  const at = new Date().toISOString();
  const lines: string[] = [];
  const log = { debug: () => undefined, info: () => undefined, warn: (m: string) => void lines.push(m), error: (m: string) => void lines.push(m) };

  it('reports paper out, then paper back, which a window sees', async () => {
    const paper = printer({ ready: false, words: OUT_OF_PAPER, condition: '缺纸', checkedAt: at });
    let clock = Date.now();
    const reporter = dispenserReporter({
      printing: paper,
      device: DISPENSER,
      log,
      now: () => clock,
      target: () => ({ baseUrl: live.url, token: token.get(`${HALL}${DISPENSER}`) ?? '', signal: new AbortController().signal, now: () => clock, timeoutMs: 5000 }),
    });
    await reporter.tick();
    expect((await panel(HALL, WINDOW)).dispensers).toMatchObject([{ device: DISPENSER, ready: false, words: OUT_OF_PAPER }]);
    paper.set({ ready: true, words: null, condition: '正常', checkedAt: at });
    clock += 1000;
    await reporter.tick();
    expect((await panel(HALL, WINDOW)).dispensers).toMatchObject([{ device: DISPENSER, ready: true, words: null }]);
    expect(lines).toEqual([]);
  });

  it('only logs, once, when the server refuses or cannot be reached', async () => {
    const reporter = dispenserReporter({
      printing: printer({ ready: false, words: OUT_OF_PAPER, condition: '缺纸', checkedAt: at }),
      device: DISPENSER,
      log,
      now: () => Date.now(),
      // A window's token: the server refuses a report as another number.
      target: () => ({ baseUrl: live.url, token: token.get(`${HALL}${WINDOW}`) ?? '', signal: new AbortController().signal, now: () => Date.now(), timeoutMs: 5000 }),
    });
    await expect(reporter.tick()).resolves.toBeUndefined();
    await reporter.tick();
    expect(lines).toEqual(['dispenser state not reported to the hall server']);
    expect((await panel(HALL, WINDOW)).dispensers).toMatchObject([{ device: DISPENSER, ready: true }]);
  });
});
