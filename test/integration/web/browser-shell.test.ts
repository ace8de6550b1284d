import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addStaff, callApi, makeTempDir, startShell, writeConfig, type RunningShell } from '../../support/browser-shell-process';
import { DATABASE_FAULT_FOR_DISPLAY, type Health, type ItemDetail } from '../../../electron/contract';
import { createCore, DATABASE_FILE, silentLogger } from '../../../electron/core';
import { startBrowserShell } from '../../../electron/web/browser-shell-server';
import { createTestCore, JQ_WINDOW_12, RESOURCES_DIR, STAFF } from '../../support/core-fixture';
import { acceptOne, damageIndexPage } from '../../support/store-faults';
import { SOLE_TRADER, intakeArgs } from '../../support/intake-args';

let dataDir: string;
let shell: RunningShell;

beforeAll(async () => {
  dataDir = makeTempDir('shell');
  await addStaff(dataDir, STAFF.number, STAFF.name, STAFF.pin);
  const config = writeConfig(dataDir, JQ_WINDOW_12);
  shell = await startShell(['--data-dir', dataDir, '--config', config]);
});
afterAll(async () => {
  if (shell.process.exitCode === null) await shell.stop();
});

/** A raw request, so the test controls every header (fetch would add and forbid some). */
function request(options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(shell.origin);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = { 'Content-Type': 'application/json' };

describe('the browser shell', () => {
  it('prints a loopback URL with a random token', () => {
    expect(shell.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{22}$/);
    expect(shell.output()).toContain(`数据目录: ${dataDir}`);
  });

  it('prints only the Chinese banner: the JSON log lines go to the log file, not the terminal', () => {
    const lines = shell.output().split('\n').filter((l) => l.trim() !== '');
    expect(lines.filter((l) => l.trimStart().startsWith('{'))).toEqual([]);
    expect(shell.output()).toContain('在 Chromium、Chrome 或 Edge 中打开上面的 URL');
    const logs = fs.readdirSync(path.join(dataDir, 'logs')).filter((f) => f.endsWith('.log'));
    expect(logs.length).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(dataDir, 'logs', logs[0] ?? ''), 'utf8')).toContain('"message":"database opened"');
  });

  it('serves the app itself without a token, with security headers', async () => {
    const res = await request({ path: '/' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<div id="root">');
    expect(res.body).toContain('Content-Security-Policy');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers 401 to an API call without the token or with a wrong one, and runs nothing', async () => {
    const none = await request({ method: 'POST', path: '/api/app.windowInfo', headers: json, body: '{}' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toEqual({ ok: false, error: { code: 'unauthorized', message: '缺少或错误的访问令牌' } });
    const wrong = await request({ method: 'POST', path: '/api/session.signIn', headers: { ...json, Authorization: 'Bearer wrong-token-wrong-token' }, body: JSON.stringify({ staffNumber: STAFF.number, pin: STAFF.pin }) });
    expect(wrong.status).toBe(401);
    const session = await callApi(shell, 'session.current');
    expect(session.body).toMatchObject({ ok: true, value: { state: 'signed_out' } });
  });

  it('answers 404 to anything else, with or without the token', async () => {
    expect((await request({ path: '/etc/passwd' })).status).toBe(404);
    expect((await request({ path: '/../package.json' })).status).toBe(404);
    expect((await request({ path: '/%2e%2e/package.json' })).status).toBe(404);
    expect((await request({ path: '/api/' })).status).toBe(401);
    const unknown = await callApi(shell, 'cases.drop', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ ok: false, error: { code: 'unknown_method', message: '未知的调用：cases.drop' } });
    const get = await request({ path: '/api/app.windowInfo', headers: { Authorization: `Bearer ${shell.token}` } });
    expect(get.status).toBe(404);
  });

  it('validates arguments at the boundary: 400 with the field, nothing executed', async () => {
    const bad = await callApi(shell, 'session.signIn', { staffNumber: 'x', pin: '12' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'invalid_arguments', fieldErrors: [{ path: 'staffNumber' }, { path: 'pin' }] } });
    const notJson = await request({ method: 'POST', path: '/api/session.current', headers: { ...json, Authorization: `Bearer ${shell.token}` }, body: '{oops' });
    expect(notJson.status).toBe(400);
    const notJsonType = await request({ method: 'POST', path: '/api/session.current', headers: { 'Content-Type': 'text/plain', Authorization: `Bearer ${shell.token}` }, body: '{}' });
    expect(notJsonType.status).toBe(400);
  });

  it('refuses a request whose Host header names another site (DNS rebinding)', async () => {
    const res = await request({ method: 'POST', path: '/api/app.windowInfo', headers: { ...json, Host: 'evil.example:80', Authorization: `Bearer ${shell.token}` }, body: '{}' });
    expect(res.status).toBe(401);
  });

  it('sends events only to a WebSocket that gave the token as its first message', async () => {
    const wsUrl = `${shell.origin.replace('http', 'ws')}/ws`;
    const intruder = new WebSocket(wsUrl);
    const intruderClosed = new Promise<number>((resolve) => intruder.on('close', (code) => resolve(code)));
    const intruderGot: string[] = [];
    intruder.on('message', (m: Buffer) => intruderGot.push(m.toString()));
    intruder.on('open', () => intruder.send(JSON.stringify({ type: 'auth', token: 'not-the-token' })));
    expect(await intruderClosed).toBe(4401);

    const clerk = new WebSocket(wsUrl);
    const got: Array<{ type: string; name?: string; payload?: unknown }> = [];
    const ready = new Promise<void>((resolve) =>
      clerk.on('message', (m: Buffer) => {
        const message = JSON.parse(m.toString()) as { type: string; name?: string };
        got.push(message);
        if (message.type === 'ready') resolve();
      }),
    );
    clerk.on('open', () => clerk.send(JSON.stringify({ type: 'auth', token: shell.token })));
    await ready;
    const sessionEvent = new Promise<void>((resolve) =>
      clerk.on('message', (m: Buffer) => {
        if ((JSON.parse(m.toString()) as { name?: string }).name === 'session.changed') resolve();
      }),
    );
    await callApi(shell, 'session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
    await sessionEvent;
    expect(got.some((m) => m.type === 'event' && m.name === 'session.changed')).toBe(true);
    expect(intruderGot).toEqual([]);
    clerk.close();
  });

  it('refuses a WebSocket from another origin', async () => {
    const ws = new WebSocket(`${shell.origin.replace('http', 'ws')}/ws`, { headers: { Origin: 'http://evil.example' } });
    const outcome = await new Promise<string>((resolve) => {
      ws.on('open', () => resolve('open'));
      ws.on('error', () => resolve('refused'));
    });
    expect(outcome).toBe('refused');
  });

  it('closes the database cleanly on SIGTERM, and a second start sees everything the first left', async () => {
    await callApi(shell, 'session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
    const sole = (await callApi(shell, 'catalog.getItem', { code: SOLE_TRADER.code })).body as { value: ItemDetail };
    const made = await callApi(shell, 'intake.submit', intakeArgs(SOLE_TRADER, sole.value.materials, { received: ['M1', 'M2', 'M3'] }, { kind: 'accept' }));
    expect(made.status).toBe(200);
    const caseNumber = (made.body as { value: { caseNumber: string } }).value.caseNumber;
    const code = await shell.stop();
    expect(code).toBe(0);
    expect(shell.output()).toContain('数据库已安全关闭');
    // A clean close checkpoints the WAL into the database file and removes it.
    expect(fs.existsSync(path.join(dataDir, 'counter.sqlite-wal'))).toBe(false);

    shell = await startShell(['--data-dir', dataDir, '--config', path.join(dataDir, 'config.json'), '--token', 'fixed-token-for-scripts-0001', '--port', '0']);
    expect(shell.token).toBe('fixed-token-for-scripts-0001');
    const info = await callApi(shell, 'app.windowInfo');
    expect(info.body).toMatchObject({ ok: true, value: { hallCode: 'JQ', windowNumber: 12, demoConfig: false } });
    // The clerk signed in before the stop was signed out by the stop's restart on the record.
    const session = await callApi(shell, 'session.current');
    expect(session.body).toMatchObject({ ok: true, value: { state: 'signed_out' } });
    await callApi(shell, 'session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
    const found = await callApi(shell, 'cases.search', { text: caseNumber });
    expect(found.body).toMatchObject({ ok: true, value: { rows: [{ caseNumber, status: 'accepted' }] } });
  });
});

/** This machine's first address that is not loopback, to act as "another computer" on the LAN. */
function lanAddress(): string {
  const found = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && !a.internal && a.family === 'IPv4');
  if (!found) throw new Error('this test needs a non-loopback IPv4 address');
  return found.address;
}

describe('listening beyond loopback', () => {
  it('answers only loopback when started without --allow-remote', async () => {
    const lan = lanAddress();
    const port = new URL(shell.origin).port;
    const reached = await new Promise<string>((resolve) => {
      const socket = net.connect({ host: lan, port: Number(port) });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(reached).toBe('ECONNREFUSED');
  });

  it('with --allow-remote, lets another computer read the window and its health, and nothing else', async () => {
    const dir = makeTempDir('remote-ok');
    const config = writeConfig(dir, JQ_WINDOW_12);
    const remoteShell = await startShell(['--data-dir', dir, '--config', config, '--host', '0.0.0.0', '--allow-remote']);
    try {
      const viaLan = { origin: `http://${lanAddress()}:${new URL(remoteShell.origin).port}`, token: remoteShell.token };
      const info = await callApi(viaLan, 'app.windowInfo');
      expect(info.status).toBe(200);
      // The window's name, but not where this PC keeps its files (a user name, folders).
      const seen = (info.body as { value: Record<string, unknown> }).value;
      expect(seen).toMatchObject({ hallName: '金桥区政务服务中心', windowNumber: 12 });
      expect(JSON.stringify(seen)).not.toContain(dir);
      expect(Object.keys(seen)).not.toContain('databasePath');
      const local = (await callApi(remoteShell, 'app.windowInfo')).body as { value: Record<string, unknown> };
      expect(local.value.dataDir).toBe(dir);
      expect((await callApi(viaLan, 'app.health')).status).toBe(200);
      const signIn = await callApi(viaLan, 'session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
      expect(signIn.status).toBe(403);
      expect((await callApi(viaLan, 'cases.search', {})).status).toBe(403);
      // This folder has no staff yet: the first-run setup, like the settings and the clock, is
      // this PC's own, never a hall screen's (none of these methods is `display`).
      for (const method of ['setup.status', 'setup.listPorts', 'setup.complete', 'app.clock', 'settings.get']) {
        const refused = await callApi(viaLan, method, {});
        expect([method, refused.status]).toEqual([method, 403]);
      }
      // The same calls from this computer are the clerk's, as always.
      expect((await callApi(remoteShell, 'session.current')).status).toBe(200);
    } finally {
      expect(await remoteShell.stop()).toBe(0);
    }
  });
});

/** A socket on the shell's event channel, signed in with the token; resolves once it is ready. */
async function eventSocket(origin: string, token: string): Promise<{ events: Array<{ name: string; payload: unknown }>; close(): void }> {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws`);
  const events: Array<{ name: string; payload: unknown }> = [];
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
    ws.on('message', (m: Buffer) => {
      const message = JSON.parse(m.toString()) as { type: string; name: string; payload: unknown };
      if (message.type === 'ready') resolve();
      if (message.type === 'event') events.push({ name: message.name, payload: message.payload });
    });
  });
  return { events, close: () => ws.close() };
}

async function waitFor<T>(what: string, look: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = await look();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('what a hall screen sees of a damaged store', () => {
  it('gets the health, by call and by event, without the paths the database detail names or where devices are attached', async () => {
    // A store with a case, then one index page damaged: the integrity check, given no time at
    // start, finds it after start and health names the database file (in this data folder).
    const setup = await createTestCore();
    await setup.signIn();
    await acceptOne(setup);
    const dataDir = setup.dataDir;
    await setup.close();
    damageIndexPage(path.join(dataDir, DATABASE_FILE), 'cases_by_applicant_name');
    // A receipt printer on a device file in the same folder: plugging it in changes the health.
    const printerFile = path.join(dataDir, 'lp0');
    const configFile = writeConfig(dataDir, { ...JQ_WINDOW_12, devices: { receiptPrinter: { type: 'file', path: printerFile } } });
    const core = await createCore({
      dataDir,
      configFile,
      resourcesDir: RESOURCES_DIR,
      appVersion: 'test',
      logger: silentLogger,
      healthIntervalMs: 100,
      integrityBudgetMs: 0,
    });
    const remoteShell = await startBrowserShell({ core, rendererDir: makeTempDir('no-renderer'), host: '0.0.0.0', port: 0, token: 'hall-screen-token-0001', allowRemote: true });
    const viaLan = { origin: `http://${lanAddress()}:${remoteShell.port}`, token: 'hall-screen-token-0001' };
    const local = { origin: `http://127.0.0.1:${remoteShell.port}`, token: 'hall-screen-token-0001' };
    try {
      // This PC's own status bar names the damaged file, as before.
      const here = await waitFor('the damage verdict', async () => {
        const body = (await callApi(local, 'app.health')).body as { value: Health };
        return body.value.database.state === 'error' ? body.value : undefined;
      });
      expect(here.database.detail).toContain(dataDir);

      const seen = (await callApi(viaLan, 'app.health')).body as { ok: boolean; value: Health };
      expect(seen.ok).toBe(true);
      expect(seen.value.database).toEqual({ state: 'error', detail: DATABASE_FAULT_FOR_DISPLAY, schemaVersion: here.database.schemaVersion });
      expect(seen.value.devices.find((d) => d.id === 'receiptPrinter')).toMatchObject({ label: '回执打印机', endpoint: null });
      expect(JSON.stringify(seen)).not.toContain(dataDir);

      const screen = await eventSocket(viaLan.origin, viaLan.token);
      const clerk = await eventSocket(local.origin, local.token);
      try {
        fs.writeFileSync(printerFile, '');
        const connected = (events: Array<{ name: string; payload: unknown }>) =>
          events.find((e) => e.name === 'health.changed' && (e.payload as Health).devices.some((d) => d.id === 'receiptPrinter' && d.state === 'connected'));
        const heard = await waitFor('the hall screen to hear the printer', () => connected(screen.events));
        const heardHere = await waitFor('this PC to hear the printer', () => connected(clerk.events));
        expect((heard.payload as Health).database).toEqual({ state: 'error', detail: DATABASE_FAULT_FOR_DISPLAY, schemaVersion: here.database.schemaVersion });
        expect(JSON.stringify(screen.events)).not.toContain(dataDir);
        // The same event on this PC carries the real detail and the device file.
        expect((heardHere.payload as Health).database.detail).toContain(dataDir);
        expect((heardHere.payload as Health).devices.find((d) => d.id === 'receiptPrinter')?.endpoint).toBe(printerFile);
      } finally {
        screen.close();
        clerk.close();
      }
    } finally {
      await remoteShell.close();
      await core.close();
    }
  }, 60_000);
});

describe('starting the browser shell with bad input', () => {
  it('names the bad config field and exits non-zero', async () => {
    const dir = makeTempDir('badconfig');
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, JSON.stringify({ hall: { code: 'jq', name: '金桥' }, window: { number: 0 }, extra: 1 }));
    await expect(startShell(['--data-dir', dir, '--config', file], 30_000)).rejects.toThrow(/hall\.code：大厅代码应为[\s\S]*window\.number：窗口号应为 1–999 的整数[\s\S]*extra/);
  });

  it('refuses to listen beyond loopback without --allow-remote', async () => {
    await expect(startShell(['--data-dir', makeTempDir('remote'), '--host', '0.0.0.0'], 30_000)).rejects.toThrow(/--allow-remote/);
  });
});
