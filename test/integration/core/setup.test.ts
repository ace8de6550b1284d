import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../electron/contract';
import { DEFAULT_COLLECTION_NOTE, DEFAULT_LEGACY_SCORES } from '../../../electron/contract/config';
import type { SerialPortInfo } from '../../../electron/contract/settings';
import { createCore, openStaffAdmin, silentLogger, type Core } from '../../../electron/core';
import { loadConfig } from '../../../electron/core/config/load-config';
import { makeTempDir, writeConfig } from '../../support/browser-shell-process';
import { JQ_WINDOW_12, RESOURCES_DIR, STAFF } from '../../support/core-fixture';

const PORT: SerialPortInfo = {
  path: '/dev/ttyUSB0',
  manufacturer: 'wch.cn',
  friendlyName: null,
  serialNumber: null,
  vendorId: '1a86',
  productId: '7523',
};

const ADMIN = { staffNumber: '9001', name: '李明', pin: '739184' };

/** The settings the setup screen sends for window 7 of the Jinqiao hall, serving one department. */
function windowSeven(department: string) {
  return {
    hall: { code: 'JQ', name: '金桥区政务服务中心' },
    window: { number: 7, name: '社保窗口', departments: [department], itemCodes: [] },
    timeZone: 'Asia/Shanghai',
    intake: { deferralWorkingDays: 5 },
    devices: { ratingDevice: { type: 'serial', path: PORT.path, baudRate: 9600, address: 1 }, receiptPrinter: null, ticketPrinter: null },
    // Setup leaves the printing settings at their defaults, and the file says so.
    printing: { autoReceipt: true, lookupUrl: null, collectionNote: DEFAULT_COLLECTION_NOTE, a4PrinterName: '' },
    sync: null,
  } as const;
}

/**
 * What the saved file holds for windowSeven: what was sent, plus the defaults the file states for
 * what the setup screen left out (the rating device's protocol, USB identity and legacy score map;
 * the `ratings` section), so the file says what the window runs on.
 */
function savedWindowSeven(department: string) {
  const sent = windowSeven(department);
  return {
    ...sent,
    devices: { ...sent.devices, ratingDevice: { ...sent.devices.ratingDevice, protocol: 'v1', usb: null, legacyScores: DEFAULT_LEGACY_SCORES } },
    ratings: { followUpWorkingDays: 15, sessionSeconds: 60 },
    // The hall queue's defaults (issue 17): a counter window, no queue.
    role: 'window',
    queue: null,
  };
}

const open: Core[] = [];
afterEach(async () => {
  for (const core of open.splice(0)) await core.close();
});

/** A core as `npm start` makes it on `dataDir` (no --config unless given), recording its restart requests. */
async function startCore(dataDir: string, configFile: string | null = null) {
  const restarts: string[] = [];
  const core = await createCore({
    dataDir,
    configFile,
    resourcesDir: RESOURCES_DIR,
    appVersion: 'test',
    logger: silentLogger,
    serialPortInfoLister: async () => [PORT],
    healthIntervalMs: 60_000,
    onRestartRequested: (reason) => restarts.push(reason),
  });
  open.push(core);
  const call = async (method: string, args: unknown = {}): Promise<unknown> => {
    const envelope = await core.invoke(method, args);
    if (!envelope.ok) throw new Error(`${method} failed: ${envelope.error.code} ${envelope.error.message}`);
    return envelope.value;
  };
  const fail = async (method: string, args: unknown = {}): Promise<Extract<Envelope, { ok: false }>['error']> => {
    const envelope = await core.invoke(method, args);
    if (envelope.ok) throw new Error(`${method} should have failed`);
    return envelope.error;
  };
  const close = async (): Promise<void> => {
    open.splice(open.indexOf(core), 1);
    await core.close();
  };
  return { core, call, fail, close, restarts };
}

interface Status {
  needed: boolean;
  demoConfig: boolean;
  configFile: string;
  config: { hall: { name: string }; window: { number: number; departments: string[] } };
  catalogChoices: { departments: string[]; items: Array<{ code: string; department: string }> };
}

describe('first-run setup', () => {
  it('turns an empty folder into a window whose administrator signs in after the restart', async () => {
    const dataDir = makeTempDir('setup');
    const first = await startCore(dataDir);
    const status = (await first.call('setup.status')) as Status;
    expect(status).toMatchObject({ needed: true, demoConfig: true, configFile: path.join(dataDir, 'config.json') });
    expect(status.catalogChoices.departments.length).toBeGreaterThan(0);
    const department = status.catalogChoices.departments[0]!;
    expect(status.catalogChoices.items.some((i) => i.department === department)).toBe(true);
    expect(await first.call('setup.listPorts')).toEqual({ ports: [PORT], error: null });

    const answer = await first.call('setup.complete', { config: windowSeven(department), admin: ADMIN });
    expect(answer).toEqual({ configFile: path.join(dataDir, 'config.json'), restarting: true });
    await new Promise((resolve) => setImmediate(resolve));
    expect(first.restarts).toEqual(['setup']);

    const file = path.join(dataDir, 'config.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig(file, 'unused').config).toEqual(savedWindowSeven(department));
    // Setup is over: the ports are the administrator's now, and a second setup is refused.
    expect(await first.fail('setup.listPorts')).toMatchObject({ code: 'conflict' });
    expect(await first.fail('setup.complete', { config: windowSeven(department), admin: { ...ADMIN, staffNumber: '9002' } })).toMatchObject({
      code: 'conflict',
      message: '本机已完成初始设置，请登录',
    });

    // What the host does on the restart: close the core and start one on the same folder.
    await first.close();
    const second = await startCore(dataDir);
    expect(second.core.configSource).toBe(file);
    expect(await second.call('setup.status')).toEqual({ needed: false });
    expect(await second.call('app.windowInfo')).toMatchObject({ hallCode: 'JQ', hallName: '金桥区政务服务中心', windowNumber: 7, windowName: '社保窗口', departments: [department], demoConfig: false });
    expect(await second.call('session.signIn', { staffNumber: ADMIN.staffNumber, pin: ADMIN.pin })).toMatchObject({
      state: 'active',
      staff: { staffNumber: ADMIN.staffNumber, name: ADMIN.name, role: 'it_admin' },
    });
    const history = (await second.call('settings.history', {})) as Array<{ via: string; staff: unknown; changes: Array<{ path: string; from: unknown; to: unknown }> }>;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ via: 'setup', staff: { staffNumber: ADMIN.staffNumber, name: ADMIN.name } });
    expect(history[0]!.changes).toEqual(
      expect.arrayContaining([
        // Set from nothing: the demo settings it ran on were never this window's.
        { path: 'hall.code', from: null, to: 'JQ' },
        { path: 'window.number', from: null, to: 7 },
        { path: 'devices.ratingDevice', from: null, to: savedWindowSeven(department).devices.ratingDevice },
      ]),
    );
  });

  it('makes one account when two completions arrive at once', async () => {
    const dataDir = makeTempDir('setup');
    const t = await startCore(dataDir);
    const { departments } = ((await t.call('setup.status')) as Status).catalogChoices;
    const outcomes = await Promise.all([
      t.core.invoke('setup.complete', { config: windowSeven(departments[0]!), admin: ADMIN }),
      t.core.invoke('setup.complete', { config: { ...windowSeven(departments[0]!), window: { number: 8 } }, admin: { ...ADMIN, staffNumber: '9002' } }),
    ]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.find((o) => !o.ok)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await t.close();
    const admin = await openStaffAdmin(dataDir);
    let accounts;
    try {
      accounts = admin.list();
    } finally {
      admin.close();
    }
    expect(accounts).toHaveLength(1);
    // The file is the one the call that made the account wrote (whichever hashed its PIN first).
    const window = loadConfig(path.join(dataDir, 'config.json'), 'unused').config.window.number;
    expect([accounts[0]!.staffNumber, window]).toEqual(accounts[0]!.staffNumber === ADMIN.staffNumber ? [ADMIN.staffNumber, 7] : ['9002', 8]);
  });

  it('never shows setup to a folder installed by script (--config and the staff command)', async () => {
    const dataDir = makeTempDir('setup');
    const configFile = writeConfig(dataDir, JQ_WINDOW_12);
    const staff = await openStaffAdmin(dataDir);
    await staff.add(STAFF.number, STAFF.name, STAFF.pin);
    staff.close();
    const before = fs.readFileSync(configFile);
    const t = await startCore(dataDir, configFile);
    expect(await t.call('setup.status')).toEqual({ needed: false });
    expect(await t.fail('setup.listPorts')).toMatchObject({ code: 'conflict' });
    expect(await t.fail('setup.complete', { config: windowSeven('x'), admin: ADMIN })).toMatchObject({ code: 'conflict' });
    expect(fs.readFileSync(configFile)).toEqual(before);
  });

  it('puts each bad setting’s message at its path and writes nothing', async () => {
    const dataDir = makeTempDir('setup');
    const t = await startCore(dataDir);
    const bad = { ...windowSeven('x'), window: { number: 0, name: '社保窗口' }, hall: { code: 'JQ', name: '金' } };
    const error = await t.fail('setup.complete', { config: bad, admin: { ...ADMIN, pin: '123456' } });
    expect(error.code).toBe('invalid_arguments');
    const paths = (error.fieldErrors ?? []).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['config.window.number', 'config.hall.name', 'admin.pin']));
    expect(error.fieldErrors?.find((f) => f.path === 'config.hall.name')?.message).toBe('请填写大厅名称');
    expect(fs.existsSync(path.join(dataDir, 'config.json'))).toBe(false);
    expect(await t.call('setup.status')).toMatchObject({ needed: true, demoConfig: true });
  });

  it('shows setup again, filled in, when the account could not be made after the file was written', async () => {
    const dataDir = makeTempDir('setup');
    const t = await startCore(dataDir);
    const department = ((await t.call('setup.status')) as Status).catalogChoices.departments[0]!;
    // The store refuses the account (as a failing disk would) once the file is already written.
    const side = new Database(path.join(dataDir, 'counter.sqlite'));
    side.exec("CREATE TRIGGER refuse_staff BEFORE INSERT ON staff BEGIN SELECT RAISE(ABORT, 'disk trouble'); END");
    const error = await t.fail('setup.complete', { config: windowSeven(department), admin: ADMIN });
    expect(error.code).toBe('internal');
    expect(t.restarts).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'config.json'))).toBe(true);

    // The same folder after a restart: setup again, starting from what was typed.
    await t.close();
    const again = await startCore(dataDir);
    const status = (await again.call('setup.status')) as Status;
    expect(status).toMatchObject({ needed: true, demoConfig: false, config: { hall: { name: '金桥区政务服务中心' }, window: { number: 7, departments: [department] } } });

    side.exec('DROP TRIGGER refuse_staff');
    side.close();
    expect(await again.call('setup.complete', { config: windowSeven(department), admin: ADMIN })).toMatchObject({ restarting: true });
    expect(await again.call('setup.status')).toMatchObject({ needed: false });
    // The settings are recorded as set at setup, although the file already held them.
    expect(await again.call('session.signIn', { staffNumber: ADMIN.staffNumber, pin: ADMIN.pin })).toMatchObject({ state: 'active' });
    const history = (await again.call('settings.history', {})) as Array<{ via: string; changes: Array<{ path: string; from: unknown; to: unknown }> }>;
    expect(history).toHaveLength(1);
    expect(history[0]!.changes).toEqual(expect.arrayContaining([{ path: 'hall.code', from: null, to: 'JQ' }]));
    // Its events name the window set up, not the demo settings the core ran on.
    const side2 = new Database(path.join(dataDir, 'counter.sqlite'), { readonly: true });
    expect(side2.prepare("SELECT DISTINCT hall_code, window_number FROM events WHERE stream_type = 'staff'").all()).toEqual([{ hall_code: 'JQ', window_number: 7 }]);
    side2.close();
  });

  it('tells nobody the settings once set up, and keeps answering when the file is broken by hand', async () => {
    const dataDir = makeTempDir('setup');
    const first = await startCore(dataDir);
    const department = ((await first.call('setup.status')) as Status).catalogChoices.departments[0]!;
    const withSync = { ...windowSeven(department), sync: { url: 'https://sync.example.cn/hall', enrolmentToken: 'SECRET-TOKEN-0123456789' } };
    await first.call('setup.complete', { config: withSync, admin: ADMIN });
    // A public call: nobody is signed in, so it says only that setup is done.
    expect(await first.call('setup.status')).toEqual({ needed: false });
    fs.writeFileSync(path.join(dataDir, 'config.json'), '{ "hall": ');
    expect(await first.call('setup.status')).toEqual({ needed: false });
  });

  it('never shows the sync token in clear, and keeps the saved one when its mask comes back', async () => {
    const dataDir = makeTempDir('setup');
    const token = 'SECRET-TOKEN-0123456789';
    // A scripted install's file with a token, and no staff yet: setup starts from it.
    const file = path.join(dataDir, 'config.json');
    fs.writeFileSync(file, JSON.stringify({ hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 7 }, sync: { url: 'https://sync.example.cn/hall', enrolmentToken: token } }));
    const t = await startCore(dataDir);
    const status = (await t.call('setup.status')) as Status & { config: { sync: { url: string; enrolmentToken: string } } };
    expect(JSON.stringify(status)).not.toContain(token);
    expect(status.config.sync.enrolmentToken).toBe('****************6789');
    // The screen sends back what it was given: the saved token is written, not its mask.
    await t.call('setup.complete', { config: status.config, admin: ADMIN });
    expect(loadConfig(null, file).config.sync).toEqual({ url: 'https://sync.example.cn/hall', enrolmentToken: token });

    await t.call('session.signIn', { staffNumber: ADMIN.staffNumber, pin: ADMIN.pin });
    const settings = (await t.call('settings.get')) as { config: { sync: { enrolmentToken: string } }; revision: string };
    expect(JSON.stringify(settings)).not.toContain(token);
    // A mask that is not the saved token's (typed by hand) is refused beside the field.
    const forged = { ...settings.config, sync: { url: 'https://sync.example.cn/hall', enrolmentToken: '****************9999' } };
    const refused = await t.fail('settings.update', { config: forged, revision: settings.revision });
    expect(refused).toMatchObject({ code: 'invalid_arguments', fieldErrors: [{ path: 'config.sync.enrolmentToken', message: '请输入完整的窗口注册令牌' }] });
    expect(loadConfig(null, file).config.sync?.enrolmentToken).toBe(token);
    // The record of the setup names the token by its last 4 characters only, and the file by its name.
    const history = await t.call('settings.history', {});
    expect(JSON.stringify(history)).not.toContain(token);
    expect((history as Array<{ changes: Array<{ path: string; to: unknown }> }>)[0]!.changes).toEqual(
      expect.arrayContaining([{ path: 'sync', from: null, to: { url: 'https://sync.example.cn/hall', enrolmentToken: '****6789' } }]),
    );
    const side = new Database(path.join(dataDir, 'counter.sqlite'), { readonly: true });
    const payloads = side.prepare("SELECT payload FROM events WHERE type = 'staff.settingsChanged'").pluck().all() as string[];
    side.close();
    expect(payloads.join('')).not.toContain(token);
    expect(payloads.map((p) => (JSON.parse(p) as { configFile: string }).configFile)).toEqual(['config.json']);
  });
});
