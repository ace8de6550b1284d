import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HALL_NUMBER_TAKEN_WORDS,
  QUEUE_PATHS,
  QueueStateResponseSchema,
  type DispenserPrinter,
  type DispenserRefusedTicket,
  type DispenserStatus,
} from '../../../electron/contract/queue';
import { ENROLMENT_TOKEN_HEADER } from '../../../electron/contract/sync';
import type { DispenserPrinting } from '../../../electron/core/queue/dispenser-printing';
import { dispenserReporter } from '../../../electron/core/queue/dispenser-report';
import { hallState, type HallTarget } from '../../../electron/core/queue/hall-client';
import { dispenserRefusalAlerts } from '../../../renderer/src/pages/queue/dispenser-alerts';
import { enrolledToken, post, startLiveApp, type LiveApp } from './server-fixtures';

// Review finding F2: a 取号机's offline tickets that the hall server refused or found taken when
// the dispenser uploaded them are kept on the dispenser, where nobody looks. Its printer report now
// carries them, and every window of the hall reads them in its panel (GET state, through the same
// client the window's core uses) and shows "91 号取号机：离线号票 A6000 未被接受…". Against the real
// server on embedded PGlite; an old-shape report still works (and clears the list), a window that
// does not say it reads the field does not get it, and a dispenser facing an older server still
// reports its printer.

const HALL = 'JQ';
const DISPENSER = 91;
const WINDOW = 5;
const RULES = { timeZone: 'Asia/Shanghai', resetHour: 4 };
const TAKEN: DispenserRefusedTicket = { number: 'A6000', reason: HALL_NUMBER_TAKEN_WORDS };
const REFUSED: DispenserRefusedTicket = { number: 'B6001', reason: '号票的业务类别 B 不在本大厅的设置中' };

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

function target(sender: string, baseUrl: string = live.url): HallTarget {
  return { baseUrl, token: token.get(sender) ?? '', signal: new AbortController().signal, now: () => Date.now(), timeoutMs: 5000 };
}

/** The hall's dispensers as window `window` of `hall` reads them (the core's own read, hall-client.ts). */
async function windowSees(hall: string, window: number): Promise<DispenserStatus[]> {
  const answer = await hallState(target(`${hall}${window}`), RULES);
  if (answer.kind !== 'ok') throw new Error(`state read failed: ${JSON.stringify(answer)}`);
  return answer.body.dispensers;
}

function report(body: unknown) {
  return post(`${live.url}${QUEUE_PATHS.dispenser}`, body, token.get(`${HALL}${DISPENSER}`));
}

describe('a dispenser\'s refused offline tickets on the windows\' 叫号 page', () => {
  it('lists the tickets of a dispenser\'s report to a window, in the words the page shows', async () => {
    const answer = await report({ device: DISPENSER, ready: true, words: null, refusedTickets: [TAKEN, REFUSED] });
    expect(answer.status).toBe(200);
    const seen = await windowSees(HALL, WINDOW);
    expect(seen).toEqual([{ device: DISPENSER, ready: true, words: null, reportedAt: expect.any(String), refusedTickets: [TAKEN, REFUSED] }]);
    expect(dispenserRefusalAlerts(seen)).toEqual([
      {
        device: DISPENSER,
        lines: [
          `91 号取号机：离线号票 A6000 未被接受（${HALL_NUMBER_TAKEN_WORDS}）— 请为持票群众人工安排`,
          '91 号取号机：离线号票 B6001 未被接受（号票的业务类别 B 不在本大厅的设置中）— 请为持票群众人工安排',
        ],
      },
    ]);
  });

  it('does not show them to another hall\'s windows', async () => {
    expect(await windowSees('EN', WINDOW)).toEqual([]);
  });

  it('leaves the field out for a window that does not say it reads it (a window older than the field)', async () => {
    const answer = await fetch(`${live.url}${QUEUE_PATHS.state}?timeZone=Asia%2FShanghai&resetHour=4`, {
      headers: { [ENROLMENT_TOKEN_HEADER]: token.get(`${HALL}${WINDOW}`) ?? '' },
    });
    expect(answer.status).toBe(200);
    const body = QueueStateResponseSchema.parse(await answer.json());
    expect(body.dispensers).toEqual([{ device: DISPENSER, ready: true, words: null, reportedAt: expect.any(String) }]);
  });

  it('takes an old-shape report (no field) as before, and it clears the list', async () => {
    expect((await report({ device: DISPENSER, ready: false, words: '取号机缺纸，暂停取号，请联系工作人员' })).status).toBe(200);
    expect(await windowSees(HALL, WINDOW)).toEqual([
      { device: DISPENSER, ready: false, words: '取号机缺纸，暂停取号，请联系工作人员', reportedAt: expect.any(String) },
    ]);
    expect(dispenserRefusalAlerts(await windowSees(HALL, WINDOW))).toEqual([]);
  });

  it('refuses a malformed list (an empty reason, more than 50 tickets) and keeps the last report', async () => {
    expect((await report({ device: DISPENSER, ready: true, words: null, refusedTickets: [{ number: 'A6000', reason: '' }] })).status).toBe(400);
    const many = Array.from({ length: 51 }, (_, i) => ({ number: `A${6000 + i}`, reason: HALL_NUMBER_TAKEN_WORDS }));
    expect((await report({ device: DISPENSER, ready: true, words: null, refusedTickets: many })).status).toBe(400);
    expect((await windowSees(HALL, WINDOW)).map((d) => d.ready)).toEqual([false]);
  });
});

describe('the dispenser core reporting its refused tickets', () => {
  const at = new Date().toISOString();
  const ready: DispenserPrinter = { ready: true, words: null, condition: '正常', checkedAt: at };
  const printing: DispenserPrinting = { state: () => Promise.resolve(ready), ensureReady: () => Promise.resolve(), print: () => null };
  const silentLog = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

  it('sends its refusals with the printer\'s state, and a new refusal at the next look', async () => {
    let refusals: DispenserRefusedTicket[] = [TAKEN];
    const reporter = dispenserReporter({ printing, device: DISPENSER, log: silentLog, now: () => Date.now(), target: () => target(`${HALL}${DISPENSER}`), refusals: () => refusals });
    await reporter.tick();
    expect(await windowSees(HALL, WINDOW)).toMatchObject([{ device: DISPENSER, ready: true, refusedTickets: [TAKEN] }]);
    refusals = [TAKEN, REFUSED];
    await reporter.tick();
    expect((await windowSees(HALL, WINDOW))[0]?.refusedTickets).toEqual([TAKEN, REFUSED]);
    // Acknowledged on the dispenser (or the day is over there): the windows' list empties.
    refusals = [];
    await reporter.tick();
    expect((await windowSees(HALL, WINDOW))[0]?.refusedTickets).toBeUndefined();
  });

  describe('facing a server older than the field', () => {
    let old: Server;
    let oldUrl = '';
    const bodies: Array<Record<string, unknown>> = [];

    beforeAll(async () => {
      // An older server's strict schema: 400 for any key it does not know, 200 for the old shape.
      old = createServer((req, res) => {
        let text = '';
        req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        req.on('end', () => {
          const body = JSON.parse(text) as Record<string, unknown>;
          bodies.push(body);
          const unknown = Object.keys(body).filter((k) => !['device', 'ready', 'words'].includes(k));
          res.setHeader('content-type', 'application/json');
          if (unknown.length > 0) {
            res.statusCode = 400;
            res.end(JSON.stringify({ error: 'invalid', reason: `Unrecognized key: "${unknown[0]}"` }));
          } else {
            res.end(JSON.stringify({ reportedAt: new Date().toISOString() }));
          }
        });
      });
      await new Promise<void>((resolve) => old.listen(0, '127.0.0.1', resolve));
      oldUrl = `http://127.0.0.1:${(old.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => old.close(() => resolve()));
    });

    it('still reports its printer, once without the field from then on', async () => {
      const warned: string[] = [];
      const log = { ...silentLog, warn: (m: string) => void warned.push(m) };
      let clock = Date.now();
      const reporter = dispenserReporter({
        printing,
        device: DISPENSER,
        log,
        now: () => clock,
        target: () => target(`${HALL}${DISPENSER}`, oldUrl),
        refusals: () => [TAKEN],
      });
      await reporter.tick();
      expect(bodies.map((b) => 'refusedTickets' in b)).toEqual([true, false]);
      expect(warned).toEqual(['the hall server does not take refused tickets in dispenser reports (older server); reporting the printer only']);
      clock += 1000;
      await reporter.tick();
      clock += 60_000;
      await reporter.tick();
      expect(bodies.map((b) => 'refusedTickets' in b)).toEqual([true, false, false]);
      expect(warned).toHaveLength(1);
    });
  });
});
