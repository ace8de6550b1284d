import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Health, Settings, UpdateSettingsResult } from '../../../electron/contract';
import { ConfigSchema, type CounterConfig } from '../../../electron/contract/config';
import type { LiveSettings } from '../../../electron/core/assembly/capability-module';
import { coreCapabilities, createCoreWith, type Core, type RegisterCapabilities } from '../../../electron/core/create-core';
import { openStaffAdmin } from '../../../electron/core';
import { createLogger } from '../../../electron/core/logging/logger';
import { makeTempDir, writeConfig } from '../../support/browser-shell-process';
import { RESOURCES_DIR } from '../../support/core-fixture';
import { startPtyPair, type PtyPair } from '../../support/socat';
import { startVirtualRatingDevice, type VirtualRatingDevice } from '../../support/virtual-rating-device';

// A device changed on the 设置 page is applied without a restart. The rating device is driven by
// the ratings module (create-core.ts): its live
// settings `devices.ratingDevice` stop the old driver and start one on the new settings under the
// same status source, so the status bar (health, which collected its sources once, at start)
// follows. Connected means the device answered (IDENT, POLL), so a virtual rating device (W's
// emulator, a child process on its own pty pair) is at the other end.

let core: Core | null = null;
let pty: PtyPair | null = null;
let rater: VirtualRatingDevice | null = null;
afterEach(async () => {
  await core?.close();
  await rater?.stop();
  await pty?.stop();
  core = null;
  rater = null;
  pty = null;
});

const HALL = { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12 } };

/**
 * A real core on `devices`, with the live settings of the module that drives the rating device
 * (the ratings module), the names of every module whose live settings claim `devices.ratingDevice`,
 * and the log lines in hand.
 */
async function coreOn(dir: string, devices: Record<string, unknown>): Promise<{ core: Core; devices: LiveSettings; claimants: string[]; config: CounterConfig; logLines: Record<string, unknown>[] }> {
  const configFile = writeConfig(dir, { ...HALL, devices });
  let live: LiveSettings | null = null;
  let claimants: string[] = [];
  const register: RegisterCapabilities = (ctx, inputs) => {
    const capabilities = coreCapabilities(ctx, inputs);
    live = capabilities.modules.find((m) => m.name === 'ratings')?.liveSettings ?? null;
    claimants = capabilities.modules.filter((m) => m.liveSettings?.paths.includes('devices.ratingDevice')).map((m) => m.name);
    return capabilities;
  };
  const logLines: Record<string, unknown>[] = [];
  const started = await createCoreWith(
    {
      dataDir: dir,
      configFile,
      resourcesDir: RESOURCES_DIR,
      appVersion: 'test',
      logger: createLogger({ write: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>) }),
      healthIntervalMs: 100,
    },
    register,
  );
  if (live === null) throw new Error('the ratings module offers no live settings');
  return { core: started, devices: live, claimants, config: started.config, logLines };
}

async function healthUntil(c: Core, done: (h: Health) => boolean, timeoutMs = 10_000): Promise<Health> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const envelope = await c.invoke('app.health', {});
    if (!envelope.ok) throw new Error(envelope.error.message);
    const health = envelope.value as Health;
    if (done(health)) return health;
    if (Date.now() > deadline) throw new Error(`health did not settle: ${JSON.stringify(health)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const rating = (h: Health) => h.devices.find((d) => d.id === 'ratingDevice');
const withDevices = (config: CounterConfig, devices: Record<string, unknown>): CounterConfig =>
  ConfigSchema.parse({ ...config, devices: { ...config.devices, ...devices } });

describe('device settings applied while the program runs', () => {
  it('moves the rating device from a missing port to a present one and then to 未配置, the status bar following each', async () => {
    const dir = makeTempDir('live-devices');
    rater = await startVirtualRatingDevice({ ptyDir: dir, serial: 'SN-LIVE-1' });
    const present = rater.appPath as string;
    const missing = path.join(dir, 'tty-unplugged');
    const started = await coreOn(dir, { ratingDevice: { type: 'serial', path: missing }, receiptPrinter: { type: 'file', path: path.join(dir, 'receipts.prn') } });
    core = started.core;
    const pushed: Health[] = [];
    core.subscribe((e) => {
      if (e.name === 'health.changed') pushed.push(e.payload);
    });
    // The ratings module applies the rating device's settings (and its own section), and no other
    // module does, so nothing else opens or watches the port beside the driver.
    expect(started.devices.paths).toEqual(['devices.ratingDevice', 'ratings']);
    expect(started.claimants).toEqual(['ratings']);

    const offline = await healthUntil(core, (h) => rating(h)?.detail?.includes(`未找到串口 ${missing}`) === true);
    expect(rating(offline)).toMatchObject({ state: 'offline', endpoint: missing, label: '评价器' });

    const onDevice = withDevices(started.config, { ratingDevice: { type: 'serial', path: present } });
    await started.devices.apply(onDevice);
    const connected = await healthUntil(core, (h) => rating(h)?.state === 'connected');
    expect(rating(connected)).toMatchObject({ label: '评价器', endpoint: present, detail: null });
    expect(pushed.some((h) => rating(h)?.state === 'connected' && rating(h)?.endpoint === present)).toBe(true);
    // Connected means the device was spoken to, not merely that its port exists.
    expect((await rater.snapshot()).framesIn).toBeGreaterThan(0);

    await started.devices.apply(withDevices(onDevice, { ratingDevice: null }));
    const gone = await healthUntil(core, (h) => rating(h)?.state === 'not_configured');
    expect(rating(gone)).toMatchObject({ endpoint: null, detail: null });
    expect(pushed.at(-1) && rating(pushed.at(-1) as Health)?.state).toBe('not_configured');

    // The old driver is stopped, not merely hidden: the device, still plugged in, is polled no more
    // (a POLL at least every 500 ms while driven), and unplugging it changes nothing on screen.
    await new Promise((r) => setTimeout(r, 300));
    const framesAfterRemoval = (await rater.snapshot()).framesIn;
    await new Promise((r) => setTimeout(r, 1000));
    expect((await rater.snapshot()).framesIn).toBe(framesAfterRemoval);
    await rater.unplug();
    await new Promise((r) => setTimeout(r, 700));
    expect(rating(await healthUntil(core, () => true))?.state).toBe('not_configured');

    // Only the device that changed was reconfigured, each time, with its new place.
    const reconfigured = started.logLines.filter((l) => l.message === 'device reconfigured');
    expect(reconfigured.map((l) => [l.id, l.endpoint])).toEqual([
      ['ratingDevice', present],
      ['ratingDevice', null],
    ]);
  });

  it('starts watching a device first configured while running, and a save that leaves the devices alone restarts no watch', async () => {
    const dir = makeTempDir('live-devices');
    rater = await startVirtualRatingDevice({ ptyDir: dir, serial: 'SN-LIVE-2' });
    const present = rater.appPath as string;
    const started = await coreOn(dir, {});
    core = started.core;
    expect(rating(await healthUntil(core, () => true))?.state).toBe('not_configured');

    const next = withDevices(started.config, { ratingDevice: { type: 'serial', path: present } });
    await started.devices.apply(next);
    expect(rating(await healthUntil(core, (h) => rating(h)?.state === 'connected'))?.endpoint).toBe(present);
    const connectedSince = rating(await healthUntil(core, () => true))?.since;

    // A save of other settings: the driver keeps its connection (no new driver, no reopening, no
    // second `rating device connected`), and the device keeps being polled.
    await started.devices.apply(ConfigSchema.parse({ ...next, window: { ...next.window, name: '不动产窗口' } }));
    const framesBefore = (await rater.snapshot()).framesIn;
    await new Promise((r) => setTimeout(r, 1000));
    expect((await rater.snapshot()).framesIn).toBeGreaterThan(framesBefore);
    const still = await healthUntil(core, () => true);
    expect(rating(still)).toMatchObject({ state: 'connected', endpoint: present, since: connectedSince });
    expect(started.logLines.filter((l) => l.message === 'device reconfigured')).toHaveLength(1);
    expect(started.logLines.filter((l) => l.message === 'rating device connected')).toHaveLength(1);
  });

  it('closes cleanly while a device is being reconfigured', async () => {
    const dir = makeTempDir('live-devices');
    pty = await startPtyPair(dir);
    const started = await coreOn(dir, { ratingDevice: { type: 'serial', path: pty.a } });
    core = started.core;
    // Apply and close at once: the close waits for the swap, then stops the new driver.
    const applying = started.devices.apply(withDevices(started.config, { ratingDevice: { type: 'serial', path: pty.b } }));
    await core.close();
    await applying;
    core = null;
    // The folder is free again: a new core opens it.
    core = (await coreOn(dir, { ratingDevice: null })).core;
  });

  it('applies a device changed on the 设置 page at once, and says no restart is needed', async () => {
    const dir = makeTempDir('live-devices');
    rater = await startVirtualRatingDevice({ ptyDir: dir, serial: 'SN-LIVE-3' });
    const present = rater.appPath as string;
    const admin = await openStaffAdmin(dir);
    await admin.add('9001', '李明', '739184', 'it_admin');
    admin.close();
    const started = await coreOn(dir, { ratingDevice: { type: 'serial', path: path.join(dir, 'tty-unplugged') } });
    core = started.core;
    const call = async <T>(method: string, args: unknown): Promise<T> => {
      const envelope = await started.core.invoke(method, args);
      if (!envelope.ok) throw new Error(`${method}: ${envelope.error.code} ${envelope.error.message}`);
      return envelope.value as T;
    };
    await call('session.signIn', { staffNumber: '9001', pin: '739184' });
    const before = await call<Settings>('settings.get', {});
    expect(before.appliedLive).toEqual(expect.arrayContaining(['devices.ratingDevice', 'devices.receiptPrinter', 'devices.ticketPrinter']));
    expect(rating(await healthUntil(started.core, (h) => rating(h)?.state === 'offline'))?.state).toBe('offline');

    const saved = await call<UpdateSettingsResult>('settings.update', {
      config: { ...before.config, devices: { ...before.config.devices, ratingDevice: { type: 'serial', path: present, baudRate: 9600 } } },
      revision: before.revision,
    });
    expect(saved.applied).toEqual(['devices.ratingDevice']);
    expect(saved.restartRequired).toBe(false);
    expect(rating(await healthUntil(started.core, (h) => rating(h)?.state === 'connected'))?.endpoint).toBe(present);
    // The running driver is the new one, speaking to the device: it answers 测试评价器 with its serial.
    expect(await call('ratings.testDevice', {})).toMatchObject({ serial: 'SN-LIVE-3', endpoint: present });
  });
});
