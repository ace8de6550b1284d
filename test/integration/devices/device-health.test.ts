import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Health } from '../../../electron/contract';
import { createCore, silentLogger, type Core } from '../../../electron/core';
import { LINE_GONE_WORDS } from '../../../electron/core/ratings/device/serial-line';
import { makeTempDir, writeConfig } from '../../support/browser-shell-process';
import { RESOURCES_DIR } from '../../support/core-fixture';
import { startVirtualPrinter, type VirtualPrinter } from '../../support/virtual-printer';
import { startVirtualRatingDevice, type VirtualRatingDevice } from '../../support/virtual-rating-device';

let core: Core | null = null;
let rater: VirtualRatingDevice | null = null;
let printer: VirtualPrinter | null = null;
afterEach(async () => {
  await core?.close();
  await rater?.stop();
  await printer?.stop();
  core = null;
  rater = null;
  printer = null;
});

async function healthUntil(c: Core, done: (h: Health) => boolean, timeoutMs = 10_000): Promise<Health> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const envelope = await c.invoke('app.health', {});
    if (!envelope.ok) throw new Error(envelope.error.message);
    const health = envelope.value as Health;
    if (done(health)) return health;
    if (Date.now() > deadline) throw new Error(`health did not settle: ${JSON.stringify(health)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const device = (h: Health, id: string) => h.devices.find((d) => d.id === id);

describe('device health in the status bar', () => {
  it('shows a serial device as connected while its port exists and offline after an unplug, and pushes the change', async () => {
    const dir = makeTempDir('devices');
    // The rating device is the ratings module's driver now (create-core.ts): connected means the
    // device answered IDENT and POLL, so a real (virtual) rating device sits on its own pty pair.
    rater = await startVirtualRatingDevice({ ptyDir: dir, serial: 'SN-HEALTH-1' });
    const ratingPath = rater.appPath as string;
    // A network printer that answers DLE EOT (the printing module reads its condition): the virtual printer on TCP.
    printer = await startVirtualPrinter({ tcpPort: 0 });
    const port = printer.tcpPort as number;
    const config = writeConfig(dir, {
      hall: { code: 'JQ', name: '金桥区政务服务中心' },
      window: { number: 12 },
      devices: {
        ratingDevice: { type: 'serial', path: ratingPath, baudRate: 9600 },
        receiptPrinter: { type: 'tcp', host: '127.0.0.1', port, paperWidthMm: 80 },
        ticketPrinter: null,
      },
    });
    core = await createCore({
      dataDir: dir,
      configFile: config,
      resourcesDir: RESOURCES_DIR,
      appVersion: 'test',
      logger: silentLogger,
      healthIntervalMs: 200,
    });
    const pushed: Health[] = [];
    core.subscribe((e) => {
      if (e.name === 'health.changed') pushed.push(e.payload);
    });
    const up = await healthUntil(core, (h) => device(h, 'ratingDevice')?.state === 'connected' && device(h, 'receiptPrinter')?.state === 'connected');
    expect(device(up, 'ratingDevice')).toMatchObject({ label: '评价器', endpoint: ratingPath });
    expect(device(up, 'ticketPrinter')).toMatchObject({ state: 'not_configured', label: '排队票打印机' });
    expect(up.sync).toMatchObject({ state: 'not_configured', pending: 0 });
    expect(up.database.state).toBe('ok');

    // The adapter pulled: the pty pair and the path the app opened are gone.
    await rater.unplug();
    const unpluggedAt = Date.now();
    const down = await healthUntil(core, (h) => device(h, 'ratingDevice')?.state === 'offline');
    // The driver notices by itself (its presence check, 500 ms, or the line's own close), well within 2 s.
    expect(Date.now() - unpluggedAt).toBeLessThan(2000);
    expect(device(down, 'ratingDevice')?.detail).toContain(LINE_GONE_WORDS);
    expect(pushed.some((h) => device(h, 'ratingDevice')?.state === 'offline')).toBe(true);
  });

  it('shows a network printer that does not answer as offline', async () => {
    const dir = makeTempDir('devices');
    const probe = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => probe.once('listening', r));
    const closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const config = writeConfig(dir, {
      hall: { code: 'JQ', name: '金桥区政务服务中心' },
      window: { number: 12 },
      devices: { receiptPrinter: { type: 'tcp', host: '127.0.0.1', port: closedPort } },
    });
    core = await createCore({ dataDir: dir, configFile: config, resourcesDir: RESOURCES_DIR, appVersion: 'test', logger: silentLogger, healthIntervalMs: 200 });
    const h = await healthUntil(core, (x) => device(x, 'receiptPrinter')?.detail !== '正在检测…');
    expect(device(h, 'receiptPrinter')).toMatchObject({ state: 'offline', endpoint: `127.0.0.1:${closedPort}` });
  });
});
