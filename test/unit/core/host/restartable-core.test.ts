import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyCoreEvent, WindowInfo } from '../../../../electron/contract';
import type { CoreContext } from '../../../../electron/core/assembly/capability-module';
import { coreCapabilities, createCoreWith, type Core, type CoreOptions } from '../../../../electron/core/create-core';
import { RESTARTING_MESSAGE, startRestartableCore, type RestartableCore, type RestartableCoreHost } from '../../../../electron/core/host/restartable-core';
import { openStaffAdmin } from '../../../../electron/core';
import { createLogger } from '../../../../electron/core/logging/logger';
import { lockDataDir } from '../../../../electron/core/storage/data-dir-lock';
import { writeConfig } from '../../../support/browser-shell-process';
import { JQ_WINDOW_12, RESOURCES_DIR, STAFF } from '../../../support/core-fixture';
import { makeTempDir } from '../../../support/temp-dirs';

// The host's wrapper that restarts the core in place (after the first-run setup, or a settings
// change that needs it): real cores on a real data folder; only the way a core asks for its
// restart is reached directly (the context every module gets), since the setup and settings
// modules are what ask in the program.

let core: RestartableCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

interface Started {
  core: RestartableCore;
  /** The context of the core created last: `requestRestart` is what a module calls. */
  ctx(): CoreContext;
  events: AnyCoreEvent[];
  logLines: Array<Record<string, unknown>>;
  failures: string[];
  created: () => number;
}

/** A restartable core on `dir` whose cores are made by `slowDown` later than usual (ms), if given. */
async function start(dir: string, host: RestartableCoreHost & { slowDownMs?: () => number } = {}): Promise<Started> {
  const configFile = writeConfig(dir, JQ_WINDOW_12);
  let lastCtx: CoreContext | null = null;
  let created = 0;
  const logLines: Array<Record<string, unknown>> = [];
  const failures: string[] = [];
  const options: CoreOptions = {
    dataDir: dir,
    configFile,
    resourcesDir: RESOURCES_DIR,
    appVersion: 'test',
    logger: createLogger({ write: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>) }),
    serialPortInfoLister: async () => [],
    healthIntervalMs: 60_000,
  };
  const create = async (o: CoreOptions): Promise<Core> => {
    const delay = host.slowDownMs?.() ?? 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const made = await createCoreWith(o, (ctx, inputs) => {
      lastCtx = ctx;
      return coreCapabilities(ctx, inputs);
    });
    created++;
    return made;
  };
  const started = await startRestartableCore(options, { ...host, create, onRestartFailed: (m) => failures.push(m) });
  const events: AnyCoreEvent[] = [];
  started.subscribe((e) => events.push(e));
  core = started;
  return {
    core: started,
    ctx: () => {
      if (!lastCtx) throw new Error('no core was made');
      return lastCtx;
    },
    events,
    logLines,
    failures,
    created: () => created,
  };
}

async function until(what: string, probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const windowInfo = async (c: Core): Promise<WindowInfo> => {
  const envelope = await c.invoke('app.windowInfo', {});
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as WindowInfo;
};

describe('restartable core', () => {
  it('restarts on the settings saved meanwhile, tells its listeners, and a call made meanwhile waits for the new core', async () => {
    const dir = makeTempDir('restart');
    let slow = 0;
    const s = await start(dir, { slowDownMs: () => slow });
    expect((await windowInfo(s.core)).windowNumber).toBe(12);

    writeConfig(dir, { ...JQ_WINDOW_12, window: { number: 7, name: '不动产登记窗口' } });
    slow = 300;
    const oldCtx = s.ctx();
    expect(oldCtx.requestRestart('settings')).toBe(true);
    // Made while the old core closes and the new one is being made: it waits, then is answered by the new one.
    await until('the restart under way', () => s.logLines.some((l) => l.message === 'core restarting'));
    const during = await windowInfo(s.core);
    expect(during.windowNumber).toBe(7);
    expect(s.core.config.window.number).toBe(7);
    expect(s.events.map((e) => e.name).filter((n) => n.startsWith('app.restart'))).toEqual(['app.restarting', 'app.restarted']);
    expect(s.events.find((e) => e.name === 'app.restarting')?.payload).toEqual({ reason: 'settings' });
    expect(s.created()).toBe(2);

    // The listeners hear the new core's events, and no longer the old one's.
    const before = s.events.length;
    s.ctx().emit({ name: 'app.restarting', payload: { reason: 'setup' } });
    oldCtx.emit({ name: 'app.restarting', payload: { reason: 'settings' } });
    expect(s.events.slice(before)).toEqual([{ name: 'app.restarting', payload: { reason: 'setup' } }]);
  });

  it('lets a call the old core is answering finish before closing it (a sign-in hashing its PIN)', async () => {
    const dir = makeTempDir('restart');
    const admin = await openStaffAdmin(dir);
    await admin.add(STAFF.number, STAFF.name, STAFF.pin);
    admin.close();
    const s = await start(dir);
    // Under way on the old core (verifying the PIN takes a while) when the restart begins.
    const signingIn = s.core.invoke('session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
    s.ctx().requestRestart('settings');
    const answer = await signingIn;
    expect(answer).toMatchObject({ ok: true, value: { state: 'active' } });
    await until('restarted', () => s.events.some((e) => e.name === 'app.restarted'));
    expect(s.logLines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('answers a call made during a restart that takes too long with 程序正在重新启动，请稍候', async () => {
    const dir = makeTempDir('restart');
    let slow = 0;
    const s = await start(dir, { slowDownMs: () => slow, restartWaitMs: 100 });
    slow = 1500;
    s.ctx().requestRestart('setup');
    await until('the restart under way', () => s.logLines.some((l) => l.message === 'core restarting'));
    const envelope = await s.core.invoke('app.windowInfo', {});
    expect(envelope).toMatchObject({ ok: false, error: { code: 'unavailable', message: RESTARTING_MESSAGE } });
    // Once the new core is up, calls are served again.
    await until('restarted', () => s.events.some((e) => e.name === 'app.restarted'));
    expect((await windowInfo(s.core)).windowNumber).toBe(12);
  });

  it('answers every call with why, in Chinese, after a restart on a config file that cannot be read, and says it once', async () => {
    const dir = makeTempDir('restart');
    const s = await start(dir);
    fs.writeFileSync(path.join(dir, 'config.json'), '{ "hall": ');
    s.ctx().requestRestart('settings');
    await until('the restart failed', () => s.core.failed);
    const envelope = await s.core.invoke('app.windowInfo', {});
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('unavailable');
    expect(envelope.error.message).toMatch(/^程序未能重新启动：/);
    expect(envelope.error.message).toContain('config.json');
    // The screens stop waiting on this mark and show the message.
    expect(envelope.error.details).toEqual({ restartFailed: true });
    expect(s.failures).toEqual([envelope.error.message]);
    expect(s.logLines.some((l) => l.message === 'core restart failed' && l.level === 'error')).toBe(true);
    expect(s.events.some((e) => e.name === 'app.restarted')).toBe(false);
    // The old core was closed all the same: the folder is free for the next start.
    lockDataDir(dir).release();
  });

  it('closed during a restart, closes the new core and releases the data folder', async () => {
    const dir = makeTempDir('restart');
    let slow = 0;
    const s = await start(dir, { slowDownMs: () => slow });
    slow = 200;
    s.ctx().requestRestart('settings');
    await until('the restart under way', () => s.logLines.some((l) => l.message === 'core restarting'));
    await s.core.close();
    core = null;
    lockDataDir(dir).release();
    const envelope = await s.core.invoke('app.windowInfo', {});
    expect(envelope.ok).toBe(false);
  });
});

describe('the restart wait', () => {
  it('is shorter than the screens wait for any answer, so a slow restart is told as one', async () => {
    const { RESTART_WAIT_MS } = await import('../../../../electron/core/host/restartable-core');
    const transports = fs.readFileSync(path.join(__dirname, '../../../../renderer/src/api/transports.ts'), 'utf8');
    const callTimeout = Number(/const CALL_TIMEOUT_MS = ([\d_]+);/.exec(transports)?.[1]?.replace(/_/g, ''));
    expect(callTimeout).toBeGreaterThan(0);
    expect(RESTART_WAIT_MS).toBeLessThanOrEqual(callTimeout - 5_000);
  });
});
