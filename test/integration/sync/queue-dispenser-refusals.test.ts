import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HALL_NUMBER_TAKEN_WORDS } from '../../../electron/contract/queue';
import { dispenserRefusalAlerts } from '../../../renderer/src/pages/queue/dispenser-alerts';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { startSyncServer, type SyncServer } from '../../support/sync-server';
import { makeTempDir } from '../../support/temp-dirs';
import { startVirtualPrinter, type VirtualPrinter } from '../../support/virtual-printer';
import { until } from './sync-window';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

// Review finding F2, the dispenser variant of queue-refusals.test.ts, through the real cores and
// the real hall server (child process, PGlite): window 14 and 取号机 91 were both set to fallback
// slot 2. Both issue A6000 while the server is unreachable; the window's history goes up first, so
// the dispenser's A6000 is refused as `conflicting` — kept on the dispenser, where no clerk looks.
// The dispenser's printer report now carries it, and window 14's 叫号 panel lists it:
// "91 号取号机：离线号票 A6000 未被接受（…）— 请为持票群众人工安排".

const TIMING = { conditionTimeoutMs: 300, waitingLookMs: 100, idleLookMs: 1000, reopenMinMs: 50, reopenMaxMs: 300 };
const QUEUE = { resetHour: 4, categories: [{ letter: 'A', name: '企业开办', windows: [14] }], fallbackSlot: 2 };

let server: SyncServer;
const open: TestCore[] = [];
const proxies: TcpProxy[] = [];
const printers: VirtualPrinter[] = [];

beforeAll(async () => {
  server = await startSyncServer({ backend: 'pglite' });
}, 120_000);

afterAll(async () => {
  for (const core of open) await core.close();
  for (const printer of printers) await printer.stop();
  for (const proxy of proxies) await proxy.close();
  await server?.stop();
});

async function device(number: number, dispenser: boolean): Promise<{ core: TestCore; proxy: TcpProxy }> {
  const proxy = await startTcpProxy(server.port);
  proxies.push(proxy);
  let devices: object = {};
  if (dispenser) {
    const printer = await startVirtualPrinter({ ptyDir: makeTempDir('dispenser-refusals') });
    printers.push(printer);
    devices = { ticketPrinter: { type: 'serial', path: printer.appPath ?? '', baudRate: 9600, paperWidthMm: 80 } };
  }
  const core = await createTestCore({
    config: {
      hall: JQ_WINDOW_12.hall,
      window: { number, ...(dispenser ? { name: '取号机' } : {}) },
      ...(dispenser ? { role: 'dispenser', devices } : {}),
      sync: { url: proxy.url, enrolmentCode: await server.enrol('JQ', number) },
      queue: QUEUE,
    },
    ...(dispenser ? { printerTiming: TIMING } : {}),
    queue: { requestTimeoutMs: 3000, probeIntervalMs: 200 },
  });
  open.push(core);
  await core.signIn();
  await until(`${number} enrolled`, async () => (await core.call('sync.info', {})).enrolment);
  return { core, proxy };
}

describe('a dispenser\'s offline ticket the hall refused', () => {
  it('is listed on the windows\' 叫号 panel with the hall\'s reason', async () => {
    const w14 = await device(14, false);
    const d91 = await device(91, true);
    await until('window 14 in hall mode', async () => (await w14.core.call('queue.state', {})).mode.mode === 'hall');
    await until('dispenser ready, hall mode', async () => {
      const s = await d91.core.call('queue.dispenserState', {});
      return s.printer?.ready === true && s.mode.mode === 'hall';
    });
    // Nothing to warn of yet.
    const before = await w14.core.call('queue.state', {});
    expect(dispenserRefusalAlerts(before.dispensers ?? [])).toEqual([]);

    // Both cut off: each issues A6000 from the same fallback range.
    w14.proxy.mode = 'down';
    d91.proxy.mode = 'down';
    const atWindow = await w14.core.call('queue.issue', { letter: 'A' });
    const atKiosk = await d91.core.call('queue.issue', { letter: 'A' });
    expect([atWindow.ticket.number, atKiosk.ticket.number]).toEqual(['A6000', 'A6000']);

    // The window's history first: A6000 is the window's at the hall.
    w14.proxy.mode = 'pass';
    await until('window 14 back, all sent', async () => {
      const p = await w14.core.call('queue.state', {});
      return p.mode.mode === 'hall' && p.mode.unsentHistory === 0;
    });
    // Then the dispenser's: refused as conflicting, and its next report says so.
    d91.proxy.mode = 'pass';
    const seen = await until('the dispenser\'s refused ticket on window 14\'s panel', async () => {
      const p = await w14.core.call('queue.state', {});
      const d = (p.dispensers ?? []).find((x) => x.device === 91);
      return d?.refusedTickets !== undefined ? p : null;
    });
    expect(seen.dispensers?.find((x) => x.device === 91)?.refusedTickets).toEqual([{ number: 'A6000', reason: HALL_NUMBER_TAKEN_WORDS }]);
    expect(dispenserRefusalAlerts(seen.dispensers ?? [])).toEqual([
      { device: 91, lines: [`91 号取号机：离线号票 A6000 未被接受（${HALL_NUMBER_TAKEN_WORDS}）— 请为持票群众人工安排`] },
    ]);
    // The window's own list is about its own tickets: none refused there.
    expect(seen.hallRefusals ?? []).toEqual([]);
  }, 120_000);
});
