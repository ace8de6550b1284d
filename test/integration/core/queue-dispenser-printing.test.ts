import { afterEach, describe, expect, it } from 'vitest';
import type { AnyCoreEvent } from '../../../electron/contract/events';
import { HALL_DOWN_TICKET_WORDS, HALL_DOWN_WAIT_WORDS, ticketWaitWords } from '../../../electron/contract/queue';
import { createTestCore, type TestCore } from '../../support/core-fixture';
import { until } from '../../support/printing-window';
import { startSyncServer } from '../../support/sync-server';
import { makeTempDir } from '../../support/temp-dirs';
import { startVirtualPrinter, type VirtualPrinter } from '../../support/virtual-printer';
import { startTcpProxy } from '../sync/tcp-proxy';

// The 取号机 (issue 17) through the real core: its ticket printer is the virtual ESC/POS printer
// on a real pty pair (socat), the app's end opened by the printing driver as /dev/ttyUSB0 would
// be. Before a number is taken the printer is asked (DLE EOT); the ticket then prints, and its
// words are read off the paper: the same wait words as the kiosk's screen (ticketWaitWords), the
// people ahead under the hall's policy, and — without the hall server — that the wait is unknown.

const QUEUE = {
  resetHour: 4,
  policy: { kind: 'strict' },
  categories: [
    { letter: 'A', name: '企业开办', windows: [12] },
    { letter: 'B', name: '社保医保', windows: [3] },
  ],
  fallbackSlot: 2,
};

const TIMING = { conditionTimeoutMs: 300, waitingLookMs: 100, idleLookMs: 1000, reopenMinMs: 50, reopenMaxMs: 300 };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function dispenser(extra: { queue?: object; sync?: object } = {}): Promise<{ t: TestCore; printer: VirtualPrinter; events: AnyCoreEvent[] }> {
  const printer = await startVirtualPrinter({ ptyDir: makeTempDir('dispenser-printing') });
  cleanups.push(() => printer.stop());
  const t = await createTestCore({
    config: {
      hall: { code: 'JQ', name: '金桥区政务服务中心' },
      window: { number: 91, name: '取号机' },
      role: 'dispenser',
      devices: { ticketPrinter: { type: 'serial', path: printer.appPath ?? '', baudRate: 9600, paperWidthMm: 80 } },
      queue: extra.queue ?? QUEUE,
      ...(extra.sync ? { sync: extra.sync } : {}),
    },
    printerTiming: TIMING,
    ...(extra.sync ? { queue: { requestTimeoutMs: 1000, probeIntervalMs: 60_000 } } : {}),
  });
  cleanups.push(() => t.close());
  const events: AnyCoreEvent[] = [];
  t.core.subscribe((e) => events.push(e));
  return { t, printer, events };
}

const jobsQueued = (events: AnyCoreEvent[]): number => events.filter((e) => e.name === 'printing.jobChanged' && e.payload.state === 'queued').length;

describe('the dispenser prints its tickets and asks its printer first', () => {
  it('prints the ticket issued; with paper out issues nothing and says 缺纸; paper back, issues again', async () => {
    const { t, printer, events } = await dispenser();
    const ready = await until('printer ready at the dispenser', () => t.call('queue.dispenserState', {}), (s) => s.printer?.ready === true);
    expect(ready.printer).toMatchObject({ ready: true, words: null, condition: '正常' });

    const first = await t.call('queue.issue', { letter: 'A' });
    const [ticket] = await printer.waitForDocuments(1);
    const text = ticket?.lines.join('\n') ?? '';
    expect(text).toContain(first.ticket.number);
    expect(text).toContain('企业开办');
    // No hall server in this config: the dispenser's own queue is the whole queue, so its count is
    // exact and printed; nothing on the paper claims a server is away (review 27 F3).
    expect(first.mode.mode).toBe('local');
    expect(text).toContain('前面还有 0 人');
    expect(text).toContain('即将叫号，请留意叫号屏');
    expect(text).not.toContain(HALL_DOWN_TICKET_WORDS);
    expect(text).not.toContain(HALL_DOWN_WAIT_WORDS);
    expect(text).toContain('金桥区政务服务中心');
    expect(text).toMatch(/取号时间/);
    expect(text).toContain('过号后请留意叫号屏或到窗口请求重呼');
    // The QR holds the ticket's number, not an address: its caption says what it is.
    expect(text).toContain('号票凭证');
    expect(text).not.toContain('扫码查看');
    expect(ticket?.qr).toEqual([`QT:JQ:${first.ticket.serviceDay}:${first.ticket.number}`]);
    expect(jobsQueued(events)).toBe(1);

    // Paper out: the printer's answer says so; the kiosk is told before anyone touches it.
    await printer.setPaper('out');
    const requestsBefore = printer.requests().length;
    const out = await t.call('queue.dispenserState', {});
    expect(out.printer).toMatchObject({ ready: false, words: '取号机缺纸，暂停取号，请联系工作人员', condition: '缺纸' });
    // It was asked afresh (DLE EOT), not guessed.
    expect(printer.requests().length).toBeGreaterThan(requestsBefore);

    const refused = await t.fail('queue.issue', { letter: 'A' });
    expect(refused.code).toBe('unavailable');
    expect(refused.message).toBe('取号机缺纸，暂停取号，请联系工作人员');
    expect(jobsQueued(events)).toBe(1);
    expect(printer.documents()).toHaveLength(1);
    expect(printer.heldCount()).toBe(0);

    // Paper back: the next number follows the first (none was taken while out), and it prints.
    await printer.setPaper('ok');
    const second = await t.call('queue.issue', { letter: 'A' });
    expect(Number(second.ticket.number.slice(1))).toBe(Number(first.ticket.number.slice(1)) + 1);
    expect(second.ahead).toBe(1);
    const docs = await printer.waitForDocuments(2);
    expect(docs[1]?.lines.join('\n')).toContain(second.ticket.number);
    expect(docs[1]?.lines.join('\n')).toContain('前面还有 1 人');
    expect(docs[1]?.lines.join('\n')).not.toContain(HALL_DOWN_TICKET_WORDS);
    expect(jobsQueued(events)).toBe(2);
  }, 60_000);

  it('issues nothing when the printer does not answer, and nothing twice for a retried touch', async () => {
    const { t, printer } = await dispenser();
    await until('printer ready at the dispenser', () => t.call('queue.dispenserState', {}), (s) => s.printer?.ready === true);
    const issueId = '7b0e6c1e-4a7c-4c55-9a0c-3f7d2a1b9e01';
    const first = await t.call('queue.issue', { letter: 'B', issueId });
    const again = await t.call('queue.issue', { letter: 'B', issueId });
    expect(again.ticket.number).toBe(first.ticket.number);
    await printer.waitForDocuments(1);

    await printer.set('mute');
    const refused = await t.fail('queue.issue', { letter: 'B' });
    expect(refused.message).toMatch(/^取号机打印机(无应答|未就绪)/);
    await printer.set('unmute');
    await until('printer ready again', () => t.call('queue.dispenserState', {}), (s) => s.printer?.ready === true);
    const next = await t.call('queue.issue', { letter: 'B' });
    expect(Number(next.ticket.number.slice(1))).toBe(Number(first.ticket.number.slice(1)) + 1);
    const docs = await printer.waitForDocuments(2);
    // One paper for the retried touch, one for the next.
    expect(docs).toHaveLength(2);
    expect(docs[1]?.lines.join('\n')).toContain(next.ticket.number);
  }, 60_000);
});

describe('the dispenser at a hall server prints the people the policy calls first, and says when the server is away', () => {
  it('an ordinary ticket after a 绿色通道 one at the same window: 1 ahead on screen and paper; server down: unknown wait', async () => {
    const server = await startSyncServer({ backend: 'pglite' });
    cleanups.push(() => server.stop());
    const relay = await startTcpProxy(server.port, 'pass');
    cleanups.push(() => relay.close());
    const code = await server.enrol('JQ', 91);
    const { t, printer } = await dispenser({
      queue: {
        resetHour: 4,
        policy: { kind: 'strict' },
        categories: [
          { letter: 'A', name: '企业开办', windows: [12] },
          { letter: 'B', name: '绿色通道', windows: [12], lane: 'priority' },
        ],
        fallbackSlot: 2,
      },
      sync: { url: relay.url, enrolmentCode: code },
    });
    // Signed in only to read sync.info (the kiosk itself needs nobody): enrolled with the code.
    await t.signIn();
    await until('enrolled', () => t.call('sync.info', {}), (i) => i.enrolment !== null);
    await until('printer ready, hall mode', () => t.call('queue.dispenserState', {}), (s) => s.printer?.ready === true && s.mode.mode === 'hall');

    const priority = await t.call('queue.issue', { letter: 'B' });
    const ordinary = await t.call('queue.issue', { letter: 'A' });
    expect(priority.mode.mode).toBe('hall');
    // Strict priority: window 12 calls B001 before A001, so A001 has one person ahead, not 0.
    expect(priority.ahead).toBe(0);
    expect(ordinary.ahead).toBe(1);
    // 1 ahead × the default 8 minutes / 1 window.
    expect(ordinary.estimate?.minutes).toBe(8);
    const [first, second] = await printer.waitForDocuments(2);
    const paperB = first?.lines.join('\n') ?? '';
    const paperA = second?.lines.join('\n') ?? '';
    expect(paperB).toContain('前面还有 0 人');
    expect(paperB).toContain('即将叫号，请留意叫号屏');
    expect(paperA).toContain('前面还有 1 人');
    expect(paperA).toContain('预计等候约 8 分钟');
    // The screen's words (DispenserScreen) are the paper's, from the same facts.
    const screen = ticketWaitWords({ ahead: ordinary.ahead, waitMinutes: ordinary.estimate?.minutes ?? null, mode: ordinary.mode });
    expect(paperA).toContain(screen.ahead);
    expect(paperA).toContain(screen.wait ?? '');

    // The hall server away: the dispenser keeps issuing from its own range, and says the wait is unknown.
    relay.mode = 'down';
    const offline = await t.call('queue.issue', { letter: 'A' });
    expect(offline.mode.mode).toBe('local');
    const papers = await printer.waitForDocuments(3);
    const paperOffline = papers[2]?.lines.join('\n') ?? '';
    expect(paperOffline).toContain(offline.ticket.number);
    expect(paperOffline).toContain(HALL_DOWN_TICKET_WORDS);
    expect(paperOffline).toContain(HALL_DOWN_WAIT_WORDS);
    expect(paperOffline).not.toMatch(/前面还有|分钟/);
  }, 180_000);
});
