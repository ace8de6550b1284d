import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HALL_UNREACHABLE_WORDS, type QueueRules, type WindowAction } from '../../../electron/contract/queue';
import type { Logger } from '../../../electron/core/logging/logger';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { startPostgres, type TestPostgres } from '../../support/postgres';
import { makeTempDir } from '../../support/temp-dirs';
import { startVirtualPrinter, type VirtualPrinter } from '../../support/virtual-printer';
import { enrolDevices, issue, newPress, press } from '../../support/queue-client';
import { startSyncServer, type SyncServer } from '../../support/sync-server';
import { until } from './sync-window';
import { startTcpProxy } from './tcp-proxy';

// The hall queue through the real upstream server (issue 17, Proof: "Offline test: stop the
// server, keep issuing and calling locally, restart it: local history arrives upstream once, and
// numbering stays unique"). The server (server/main.ts in a child process, on a real PostgreSQL
// 15) is really stopped; two windows and a dispenser go on issuing and calling on their own
// fallback ranges; the server is started again on the same port and database, and the devices
// come back to hall mode by their own probe. PostgreSQL is then read directly: every local ticket
// and press once, every number of the day once. A second outage ends with the server killed while
// the history is going up (its transaction held on a table lock), and started again: still once.
// Then the hall display: every call shown once, in order, across a lost stream and across a
// stream that was opened before the hall made any call.

let cluster: TestPostgres;
let databaseUrl: string;
let server: SyncServer;
let pool: pg.Pool;
let printer: VirtualPrinter | null = null;
const open: TestCore[] = [];

beforeAll(async () => {
  cluster = await startPostgres();
  databaseUrl = await cluster.createDatabase('queue_offline');
  server = await startSyncServer({ backend: 'postgres', databaseUrl });
  pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
}, 180_000);

afterAll(async () => {
  for (const core of open) await core.close();
  await printer?.stop();
  await server?.stop();
  await pool?.end();
  await cluster?.stop();
});

/** The hall's categories: both windows call A and B; the dispenser (91) calls nothing. */
const categories = [
  { letter: 'A', name: '企业开办', windows: [12, 14] },
  { letter: 'B', name: '社保', windows: [12, 14] },
];
/** Each device issuing offline has its own fallback slot: 12 → A6000…, dispenser → A7000…, 14 → A8000…. */
const queueOf = (fallbackSlot: number) => ({ resetHour: 4, categories, fallbackSlot });

function capturingLogger(lines: string[]): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

interface Upstream {
  /** Offline ticket ids held by the server. */
  offlineTickets: string[];
  /** Offline press ids held by the server. */
  offlinePresses: string[];
  /** Every ticket of the hall: its id and number. */
  tickets: Array<{ id: string; number: string; origin: string }>;
  /** Numbers held twice on one service day (must stay empty). */
  repeatedNumbers: string[];
}

/** What the hall server's PostgreSQL holds for hall JQ, read directly. */
async function upstream(): Promise<Upstream> {
  const tickets = await pool.query<{ id: string; number: string; origin: string }>("SELECT id, number, origin FROM queue_tickets WHERE hall = 'JQ' ORDER BY id");
  const presses = await pool.query<{ press_id: string }>("SELECT press_id FROM queue_presses WHERE hall = 'JQ' AND origin = 'offline' ORDER BY press_id");
  const repeated = await pool.query<{ number: string }>("SELECT number FROM queue_tickets WHERE hall = 'JQ' GROUP BY service_day, number HAVING count(*) > 1");
  return {
    offlineTickets: tickets.rows.filter((t) => t.origin === 'offline').map((t) => t.id),
    offlinePresses: presses.rows.map((p) => p.press_id),
    tickets: tickets.rows,
    repeatedNumbers: repeated.rows.map((r) => r.number),
  };
}

describe('the hall queue with the hall server stopped and started again', () => {
  it('keeps issuing and calling locally; on restart every local ticket and press arrives once, numbers unique, hall mode back by itself', async () => {
    const logs = { w12: [] as string[], w14: [] as string[], dispenser: [] as string[] };
    // The dispenser's ticket printer: the virtual ESC/POS printer on a pty pair (it issues only with a printer that answers).
    const ticketPrinter = await startVirtualPrinter({ ptyDir: makeTempDir('queue-offline-dispenser') });
    printer = ticketPrinter;
    const device = async (number: number, slot: number, lines: string[], role: 'window' | 'dispenser'): Promise<TestCore> => {
      const core = await createTestCore({
        config: {
          hall: JQ_WINDOW_12.hall,
          window: { number },
          role,
          sync: { url: server.url, enrolmentCode: await server.enrol('JQ', number) },
          queue: queueOf(slot),
          ...(role === 'dispenser' ? { devices: { ticketPrinter: { type: 'serial' as const, path: ticketPrinter.appPath ?? '', baudRate: 9600, paperWidthMm: 80 } } } : {}),
        },
        logger: capturingLogger(lines),
        queue: { requestTimeoutMs: 3000, probeIntervalMs: 200 },
        printerTiming: { conditionTimeoutMs: 300, waitingLookMs: 100, idleLookMs: 1000, reopenMinMs: 50, reopenMaxMs: 300 },
      });
      open.push(core);
      await core.signIn();
      await until(`device ${number} enrolled`, async () => (await core.call('sync.info', {})).enrolment);
      return core;
    };
    const w12 = await device(12, 2, logs.w12, 'window');
    const w14 = await device(14, 4, logs.w14, 'window');
    const dispenser = await device(91, 3, logs.dispenser, 'dispenser');
    await until('the dispenser printer ready', async () => (await dispenser.call('queue.dispenserState', {})).printer?.ready === true);
    const display = await createTestCore({
      config: { hall: JQ_WINDOW_12.hall, window: { number: 95 }, role: 'display', sync: { url: server.url }, queue: queueOf(1) },
      withStaff: false,
      queue: { callsRetryMs: 100 },
    });
    open.push(display);
    const modes = async () => ({
      w12: (await w12.call('queue.state', {})).mode,
      w14: (await w14.call('queue.state', {})).mode,
      dispenser: (await dispenser.call('queue.dispenserState', {})).mode,
      display: (await display.call('queue.calls', {})).mode,
    });
    const allInHall = async () => {
      const m = await modes();
      return m.w12.mode === 'hall' && m.w14.mode === 'hall' && m.dispenser.mode === 'hall' && m.display === 'hall' && m.w12.unsentHistory + m.w14.unsentHistory + m.dispenser.unsentHistory === 0 ? m : null;
    };
    await until('all in hall mode', allInHall);

    // The hall server numbers and calls.
    const localTickets: string[] = [];
    const localPresses: string[] = [];
    const numbers = new Map<string, string>();
    const issueAt = async (core: TestCore, letter: string, expected: string, mode: 'hall' | 'local') => {
      const answer = await core.call('queue.issue', { letter });
      expect(answer.ticket.number).toBe(expected);
      expect(answer.mode.mode).toBe(mode);
      numbers.set(answer.ticket.id, answer.ticket.number);
      if (mode === 'local') localTickets.push(answer.ticket.id);
    };
    const pressAt = async (core: TestCore, action: WindowAction) => {
      const answer = await core.call('queue.press', { action });
      expect(answer.panel.mode.mode).toBe('local');
      localPresses.push(answer.pressId);
      return answer.outcome;
    };
    await issueAt(dispenser, 'A', 'A001', 'hall');
    await issueAt(w12, 'B', 'B001', 'hall');
    expect((await w14.call('queue.press', { action: { kind: 'callNext' } })).outcome).toMatchObject({ kind: 'called', number: 'A001', window: 14 });
    await until('the display shows the hall call', async () => (await display.call('queue.calls', {})).calls.length === 1);

    // Outage 1: the server process is stopped. Every device finds out on its next request and
    // goes on from its own range; the display says it lost the hall.
    await server.stop();
    await issueAt(dispenser, 'A', 'A7000', 'local');
    expect((await dispenser.call('queue.dispenserState', {})).mode).toMatchObject({ mode: 'local', words: HALL_UNREACHABLE_WORDS });
    await issueAt(dispenser, 'A', 'A7001', 'local');
    await issueAt(dispenser, 'B', 'B7000', 'local');
    await issueAt(w12, 'A', 'A6000', 'local');
    await issueAt(w12, 'B', 'B6000', 'local');
    await issueAt(w14, 'A', 'A8000', 'local');
    expect(await pressAt(w12, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A6000', window: 12 });
    await pressAt(w12, { kind: 'finish' });
    expect(await pressAt(w12, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'B6000', window: 12 });
    await pressAt(w12, { kind: 'finish' });
    expect(await pressAt(w14, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A8000', window: 14 });
    expect(await pressAt(w14, { kind: 'recall' })).toMatchObject({ kind: 'called', number: 'A8000', recall: true });
    await pressAt(w14, { kind: 'finish' });
    await until('the display lost the hall', async () => (await display.call('queue.calls', {})).mode === 'local');
    const away = await modes();
    expect(away.w12.unsentHistory + away.w14.unsentHistory + away.dispenser.unsentHistory).toBe(localTickets.length + localPresses.length);

    // The server back on the same port and database: nobody pokes the devices.
    server = await server.restart();
    await until('all back in hall mode by themselves', allInHall);
    let up = await upstream();
    expect(up.offlineTickets).toEqual([...localTickets].sort());
    expect(up.offlinePresses).toEqual([...localPresses].sort());
    expect(up.repeatedNumbers).toEqual([]);
    expect(up.tickets.map((t) => t.number).sort()).toEqual(['A001', 'A6000', 'A7000', 'A7001', 'A8000', 'B001', 'B6000', 'B7000']);
    for (const t of up.tickets) expect(numbers.get(t.id)).toBe(t.number);
    // The server's numbering goes on in its own range; the display follows the hall again.
    await issueAt(dispenser, 'A', 'A002', 'hall');
    const shown = await display.call('queue.calls', {});
    expect((await w14.call('queue.press', { action: { kind: 'callNext' } })).outcome).toMatchObject({ kind: 'called', window: 14 });
    await until('the display shows the call after the restart', async () => (await display.call('queue.calls', {})).calls.length === shown.calls.length + 1);

    // Outage 2, and the server killed while the history goes up.
    await server.stop();
    await issueAt(dispenser, 'B', 'B7001', 'local');
    await issueAt(w12, 'A', 'A6001', 'local');
    await issueAt(w14, 'B', 'B8000', 'local');
    expect(await pressAt(w12, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A6001', window: 12 });
    expect(await pressAt(w14, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'B8000', window: 14 });
    // A table lock holds every history upload inside its transaction, at its first ticket.
    const locker = new pg.Client({ connectionString: databaseUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE queue_tickets IN SHARE ROW EXCLUSIVE MODE');
      server = await server.restart();
      await until('a history upload inside its transaction', async () => {
        const waiting = await locker.query<{ n: string }>(
          "SELECT count(*)::text AS n FROM pg_locks WHERE NOT granted AND relation = 'queue_tickets'::regclass AND pid <> pg_backend_pid()",
        );
        return Number(waiting.rows[0]?.n ?? 0) > 0;
      });
      await server.kill();
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    server = await server.restart();
    await until('all back in hall mode after the kill', allInHall);
    up = await upstream();
    expect(up.offlineTickets).toEqual([...localTickets].sort());
    expect(up.offlinePresses).toEqual([...localPresses].sort());
    expect(up.repeatedNumbers).toEqual([]);
    expect(up.tickets.map((t) => t.number).sort()).toEqual(['A001', 'A002', 'A6000', 'A6001', 'A7000', 'A7001', 'A8000', 'B001', 'B6000', 'B7000', 'B7001', 'B8000']);
    for (const t of up.tickets) expect(numbers.get(t.id)).toBe(t.number);
    // No device holds anything unsent, and none of them sent a number the hall already had.
    for (const lines of Object.values(logs)) expect(lines.filter((l) => l.includes('numbers already taken'))).toEqual([]);
  }, 180_000);

  it('shows every call on a hall display PC in order, none missed across a lost stream', async () => {
    const displayProxy = await startTcpProxy(server.port);
    try {
      const code = await server.enrol('JQ', 13);
      const window13 = await createTestCore({
        config: { hall: JQ_WINDOW_12.hall, window: { number: 13 }, sync: { url: server.url, enrolmentCode: code }, queue: { ...queueOf(5), serves: ['A', 'B'] } },
        queue: { requestTimeoutMs: 3000, probeIntervalMs: 200 },
      });
      open.push(window13);
      await window13.signIn();
      await until('enrolled', async () => (await window13.call('sync.info', {})).enrolment);
      await until('hall mode', async () => (await window13.call('queue.state', {})).mode.mode === 'hall');

      const display = await createTestCore({
        config: { hall: JQ_WINDOW_12.hall, window: { number: 96 }, role: 'display', sync: { url: displayProxy.url }, queue: queueOf(1) },
        withStaff: false,
        queue: { callsRetryMs: 100 },
      });
      open.push(display);
      const heard: string[] = [];
      display.core.subscribe((event) => {
        if (event.name === 'queue.called') heard.push(`${event.payload.number}@${event.payload.window}${event.payload.recall ? ' 重呼' : ''}`);
      });
      await until('display following', async () => (await display.call('queue.calls', {})).mode === 'hall');

      for (let i = 0; i < 3; i++) await window13.call('queue.issue', { letter: 'B' });
      const first = await window13.call('queue.press', { action: { kind: 'callNext' } });
      expect(first.outcome.kind).toBe('called');
      await until('first call shown', async () => (await display.call('queue.calls', {})).calls.length >= 1);

      // The display's stream is cut; the window calls on; the display catches up by itself.
      displayProxy.mode = 'down';
      await until('display lost the stream', async () => (await display.call('queue.calls', {})).mode === 'local');
      await window13.call('queue.press', { action: { kind: 'recall' } });
      await window13.call('queue.press', { action: { kind: 'callNext' } });
      displayProxy.mode = 'pass';
      const shown = await until('display caught up', async () => {
        const c = await display.call('queue.calls', {});
        return c.calls.filter((x) => x.window === 13).length >= 3 ? c : null;
      });
      // The display opened mid-day: the hall's board of the day (the earlier calls at 12 and 14)
      // came with its first connection, shown and not handed on as calls (not spoken).
      expect(shown.calls.filter((c) => c.window === 13).map((c) => [c.window, c.recall])).toEqual([
        [13, false],
        [13, true],
        [13, false],
      ]);
      expect(shown.windows.map((w) => w.window)).toContain(13);
      expect(heard).toHaveLength(3);
      expect(heard[1]).toBe(`${heard[0]} 重呼`);
    } finally {
      await displayProxy.close();
    }
  });

  it('shows a call made while its stream was down on a display that opened before the hall made any call', async () => {
    // Hall XQ: no call yet when the display opens. The server starts the stream with `id: 0`, so
    // the display comes back with Last-Event-ID 0 and gets the call it was away for.
    const rules: QueueRules = {
      timeZone: 'Asia/Shanghai',
      resetHour: 4,
      policy: { kind: 'interleaved', priorityPerOrdinary: 2, maxOrdinaryWaitMinutes: 30 },
      categories: [{ letter: 'A', name: '综合业务', itemCodes: [], windows: [1], lane: 'ordinary' }],
      defaultServiceMinutes: 8,
    };
    const tokens = await enrolDevices(server, 'XQ', [1]);
    const token = tokens.get(1) ?? '';
    const displayProxy = await startTcpProxy(server.port);
    try {
      const display = await createTestCore({
        config: { hall: { code: 'XQ', name: '新桥政务服务中心' }, window: { number: 95 }, role: 'display', sync: { url: displayProxy.url }, queue: { resetHour: 4, categories: [{ letter: 'A', name: '综合业务', windows: [1] }], fallbackSlot: 1 } },
        withStaff: false,
        queue: { callsRetryMs: 100 },
      });
      open.push(display);
      // Its stream open (the answer's head through the relay), and a moment for the first bytes.
      await until('display following', async () => displayProxy.answers() >= 1 && (await display.call('queue.calls', {})).mode === 'hall');
      await new Promise((r) => setTimeout(r, 300));
      expect((await display.call('queue.calls', {})).calls).toEqual([]);
      displayProxy.mode = 'down';
      await until('display lost the stream', async () => (await display.call('queue.calls', {})).mode === 'local');
      const ticket = await issue(server.url, token, rules, 'A', 'ordinary');
      expect(await press(server.url, token, rules, ['A'], newPress(1, { kind: 'callNext' }))).toMatchObject({ kind: 'called', number: ticket.ticket.number });
      displayProxy.mode = 'pass';
      const shown = await until('display shows the call made while away', async () => {
        const c = await display.call('queue.calls', {});
        return c.mode === 'hall' && c.calls.length >= 1 ? c : null;
      });
      expect(shown.calls.map((c) => [c.seq, c.number, c.window])).toEqual([[1, ticket.ticket.number, 1]]);
    } finally {
      await displayProxy.close();
    }
  });
});
