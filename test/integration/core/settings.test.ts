import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CounterCallError, type MethodArgs, type MethodName, type MethodResult } from '../../../electron/contract';
import type { SerialPortInfo } from '../../../electron/contract/settings';
import { silentLogger } from '../../../electron/core';
import type { CapabilityModule, LiveSettings } from '../../../electron/core/assembly/capability-module';
import { fixedClock, type Clock } from '../../../electron/core/clock';
import { revisionOf } from '../../../electron/core/config/config-file';
import { ConfigSchema, type CounterConfig } from '../../../electron/core/config/config-schema';
import { loadConfig } from '../../../electron/core/config/load-config';
import { coreCapabilities, createCoreWith, type Core } from '../../../electron/core/create-core';
import { makeTempDir, writeConfig } from '../../support/browser-shell-process';
import { JQ_WINDOW_12, RESOURCES_DIR } from '../../support/core-fixture';
import { smallDisk } from '../../support/store-faults';

const ADMIN = { staffNumber: '9001', name: '李明', pin: '739184' };
const START = '2026-03-02T02:00:00.000Z';

const open: Core[] = [];
afterEach(async () => {
  for (const core of open.splice(0)) await core.close();
});

interface WindowOptions {
  dataDir?: string;
  configFile?: string;
  live?: LiveSettings;
  clock?: Clock;
  listPorts?: () => Promise<SerialPortInfo[]>;
  onRestart?: (reason: 'setup' | 'settings') => void;
}

/**
 * Window 12 of the Jinqiao hall, set up through the first-run setup, its administrator signed in.
 * `live`: a module of the test's own that applies those settings while running.
 */
async function adminWindow(options: WindowOptions = {}) {
  const dataDir = options.dataDir ?? makeTempDir('settings');
  const configFile = options.configFile ?? writeConfig(dataDir, JQ_WINDOW_12);
  const core = await createCoreWith(
    {
      dataDir,
      configFile,
      resourcesDir: RESOURCES_DIR,
      appVersion: 'test',
      logger: silentLogger,
      clock: options.clock ?? fixedClock(START, 1000),
      serialPortInfoLister: options.listPorts ?? (async () => []),
      healthIntervalMs: 60_000,
      ...(options.onRestart ? { onRestartRequested: options.onRestart } : {}),
    },
    (ctx, inputs) => {
      const capabilities = coreCapabilities(ctx, inputs);
      if (options.live) {
        const probe: CapabilityModule = { name: 'probe', liveSettings: options.live };
        // Into the core's own list: the settings module reads every module's live settings from it.
        (capabilities.modules as CapabilityModule[]).push(probe);
      }
      return capabilities;
    },
  );
  open.push(core);
  const call = async <M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>> => {
    const envelope = await core.invoke(method, args);
    if (!envelope.ok) throw new CounterCallError(envelope.error);
    return envelope.value as MethodResult<M>;
  };
  const fail = async (method: MethodName, args: unknown): Promise<CounterCallError> => {
    const envelope = await core.invoke(method, args);
    if (envelope.ok) throw new Error(`${method} should have failed`);
    return new CounterCallError(envelope.error);
  };
  if ((await call('setup.status', {})).needed) {
    await call('setup.complete', { config: ConfigSchema.parse(JQ_WINDOW_12), admin: ADMIN });
  }
  await call('session.signIn', { staffNumber: ADMIN.staffNumber, pin: ADMIN.pin });
  const close = async (): Promise<void> => {
    open.splice(open.indexOf(core), 1);
    await core.close();
  };
  return { core, call, fail, close, dataDir, configFile };
}

function edited(config: CounterConfig, change: (c: CounterConfig) => void): CounterConfig {
  const next = structuredClone(config);
  change(next);
  return next;
}

describe('the settings page’s saves', () => {
  it('records the old and new value of every changed setting, by whom and when, and waits for a restart for the hall and window', async () => {
    const w = await adminWindow();
    const before = await w.call('settings.get', {});
    expect(before).toMatchObject({ configFile: w.configFile, revision: revisionOf(fs.readFileSync(w.configFile)), restartPending: [] });
    expect(before.catalogChoices.items.length).toBeGreaterThan(0);
    const department = before.catalogChoices.departments[0]!;

    const next = edited(before.config, (c) => {
      c.hall.name = '金桥区行政服务中心';
      c.window.name = '企业开办窗口';
      c.window.departments = [department];
      c.intake.deferralWorkingDays = 7;
    });
    const saved = await w.call('settings.update', { config: next, revision: before.revision });
    const expected = [
      { path: 'hall.name', from: '金桥区政务服务中心', to: '金桥区行政服务中心' },
      { path: 'window.name', from: '综合受理窗口', to: '企业开办窗口' },
      { path: 'window.departments', from: [], to: [department] },
      { path: 'intake.deferralWorkingDays', from: 5, to: 7 },
    ];
    expect(saved.changes).toEqual(expected);
    expect(saved.applied).toEqual([]);
    expect(saved.restartRequired).toBe(true);
    expect(saved.settings.restartPending).toEqual(expected);
    expect(saved.settings.config).toEqual(next);
    expect(saved.settings.revision).toBe(revisionOf(fs.readFileSync(w.configFile)));
    expect(loadConfig(w.configFile, 'unused').config).toEqual(next);
    // The window keeps working as it started until the restart.
    expect(await w.call('app.windowInfo', {})).toMatchObject({ hallName: '金桥区政务服务中心', windowName: '综合受理窗口' });
    expect((await w.call('settings.get', {})).restartPending).toEqual(expected);

    const history = await w.call('settings.history', { limit: 10 });
    expect(history.map((h) => h.via)).toEqual(['settings', 'setup']);
    expect(history[0]).toMatchObject({ staff: { staffNumber: ADMIN.staffNumber, name: ADMIN.name }, changes: expected });
    expect(Date.parse(history[0]!.at)).toBeGreaterThan(Date.parse(START));
    expect(await w.call('settings.history', { limit: 1 })).toHaveLength(1);

    // Saving the same settings again changes nothing and records nothing.
    const bytes = fs.readFileSync(w.configFile);
    const again = await w.call('settings.update', { config: next, revision: saved.settings.revision });
    expect(again).toMatchObject({ changes: [], applied: [], restartRequired: true });
    expect(fs.readFileSync(w.configFile)).toEqual(bytes);
    expect(await w.call('settings.history', { limit: 10 })).toHaveLength(2);

    // After the restart the new settings are in use and nothing waits.
    await w.close();
    const restarted = await adminWindow({ dataDir: w.dataDir, configFile: w.configFile });
    expect(await restarted.call('app.windowInfo', {})).toMatchObject({ hallName: '金桥区行政服务中心', windowName: '企业开办窗口', departments: [department] });
    expect((await restarted.call('settings.get', {})).restartPending).toEqual([]);
  });

  it('refuses a save over a file changed since it was read, and keeps that file', async () => {
    const w = await adminWindow();
    const before = await w.call('settings.get', {});
    // Someone edits the file by hand meanwhile.
    const handEdited = { ...JSON.parse(fs.readFileSync(w.configFile, 'utf8')), timeZone: 'Asia/Urumqi' };
    fs.writeFileSync(w.configFile, JSON.stringify(handEdited, null, 2));
    const error = await w.fail('settings.update', { config: edited(before.config, (c) => (c.window.name = '别的名称')), revision: before.revision });
    expect(error).toMatchObject({ code: 'conflict', message: '配置文件已被其他人修改，请刷新后重新修改' });
    expect(JSON.parse(fs.readFileSync(w.configFile, 'utf8'))).toEqual(handEdited);
    expect((await w.call('settings.history', { limit: 10 })).map((h) => h.via)).toEqual(['setup']);
    // Read again, the hand edit shows as waiting for a restart, and a save on top of it goes through.
    const fresh = await w.call('settings.get', {});
    expect(fresh.restartPending).toEqual([{ path: 'timeZone', from: 'Asia/Shanghai', to: 'Asia/Urumqi' }]);
    const saved = await w.call('settings.update', { config: edited(fresh.config, (c) => (c.window.name = '别的名称')), revision: fresh.revision });
    expect(saved.changes).toEqual([{ path: 'window.name', from: '综合受理窗口', to: '别的名称' }]);
  });

  it('applies a device at once where a module can, and the rest waits for a restart', async () => {
    const applied: CounterConfig[] = [];
    const w = await adminWindow({
      live: {
        paths: ['devices.ticketPrinter'],
        apply(next) {
          if (next.devices.ticketPrinter?.type === 'tcp' && next.devices.ticketPrinter.host === 'unreachable') throw new Error('port busy');
          applied.push(next);
        },
      },
    });
    const before = await w.call('settings.get', {});
    expect(before.appliedLive).toContain('devices.ticketPrinter');
    const printer = { type: 'tcp' as const, host: '192.168.10.52', port: 9100, paperWidthMm: 58 as const, encoding: 'gbk' as const, qrMode: 'native' as const };
    const next = edited(before.config, (c) => {
      c.devices.ticketPrinter = printer;
      c.hall.name = '金桥区行政服务中心';
    });
    const saved = await w.call('settings.update', { config: next, revision: before.revision });
    expect(saved.applied).toEqual(['devices.ticketPrinter']);
    expect(applied).toEqual([next]);
    expect(saved.restartRequired).toBe(true);
    expect(saved.settings.restartPending).toEqual([{ path: 'hall.name', from: '金桥区政务服务中心', to: '金桥区行政服务中心' }]);

    // A device its module could not reopen is saved all the same, and waits for the restart.
    const failing = edited(next, (c) => (c.devices.ticketPrinter = { ...printer, host: 'unreachable' }));
    const second = await w.call('settings.update', { config: failing, revision: saved.settings.revision });
    expect(second.applied).toEqual([]);
    expect(second.settings.restartPending.map((c) => c.path)).toEqual(['hall.name', 'devices.ticketPrinter']);
    expect(second.settings.restartPending[1]).toEqual({ path: 'devices.ticketPrinter', from: printer, to: { ...printer, host: 'unreachable' } });
  });

  it('keeps the file and the record together when the record cannot be committed', async () => {
    const w = await adminWindow();
    const before = await w.call('settings.get', {});
    const bytes = fs.readFileSync(w.configFile);
    // A constraint checked only at COMMIT, after the file was already replaced.
    const side = new Database(path.join(w.dataDir, 'counter.sqlite'));
    side.exec(`
      CREATE TABLE commit_trap (staff_id TEXT REFERENCES nowhere (id) DEFERRABLE INITIALLY DEFERRED);
      CREATE TABLE nowhere (id TEXT PRIMARY KEY);
      CREATE TRIGGER trap AFTER INSERT ON events WHEN NEW.type = 'staff.settingsChanged' BEGIN INSERT INTO commit_trap VALUES ('x'); END;
    `);
    const error = await w.fail('settings.update', { config: edited(before.config, (c) => (c.window.name = '新名称')), revision: before.revision });
    expect(error.code).not.toBe('conflict');
    expect(fs.readFileSync(w.configFile)).toEqual(bytes);
    expect(fs.readdirSync(w.dataDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect((await w.call('settings.history', { limit: 10 })).map((h) => h.via)).toEqual(['setup']);
    side.exec('DROP TRIGGER trap');
    side.close();
    expect((await w.call('settings.get', {})).revision).toBe(before.revision);
  });

  it('records nothing when the file cannot be written', async () => {
    const disk = smallDisk(1);
    try {
      const configFile = writeConfig(disk.dir, JQ_WINDOW_12);
      const w = await adminWindow({ configFile });
      const before = await w.call('settings.get', {});
      const bytes = fs.readFileSync(configFile);
      disk.remountReadOnly();
      const error = await w.fail('settings.update', { config: edited(before.config, (c) => (c.window.name = '新名称')), revision: before.revision });
      expect(error.code).toBe('unavailable');
      expect(error.message).toContain(configFile);
      expect(fs.readFileSync(configFile)).toEqual(bytes);
      expect((await w.call('settings.history', { limit: 10 })).map((h) => h.via)).toEqual(['setup']);
      await w.close();
    } finally {
      disk.done();
    }
  });

  it('lists the ports found now, or says why it cannot', async () => {
    const port: SerialPortInfo = { path: 'COM3', manufacturer: 'wch.cn', friendlyName: 'USB-SERIAL CH340 (COM3)', serialNumber: null, vendorId: '1a86', productId: '7523' };
    const found = await adminWindow({ listPorts: async () => [port] });
    expect(await found.call('settings.listPorts', {})).toEqual({ ports: [port], error: null });
    await found.close();
    const broken = await adminWindow({
      listPorts: async () => {
        throw new Error('udev not found');
      },
    });
    expect(await broken.call('settings.listPorts', {})).toEqual({ ports: [], error: '无法列出串口：udev not found（Linux 需安装 udev）' });
  });

  it('restarts on the saved settings when the host can, and says so when it cannot', async () => {
    const restarts: string[] = [];
    const hosted = await adminWindow({ onRestart: (reason) => restarts.push(reason) });
    await new Promise((resolve) => setImmediate(resolve));
    // The first-run setup that made the administrator asked for one already.
    expect(restarts.splice(0)).toEqual(['setup']);
    const events: string[] = [];
    hosted.core.subscribe((event) => events.push(event.name));
    expect(await hosted.call('app.restart', {})).toEqual({ restarting: true });
    expect(events).toContain('app.restarting');
    await new Promise((resolve) => setImmediate(resolve));
    expect(restarts).toEqual(['settings']);
    await hosted.close();
    const bare = await adminWindow();
    expect(await bare.call('app.restart', {})).toEqual({ restarting: false });
  });
});
