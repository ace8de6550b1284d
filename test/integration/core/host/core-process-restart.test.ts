import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../../electron/contract/envelope';
import type { FromCoreMessage, ToCoreMessage } from '../../../../electron/contract/host-protocol';
import { lockDataDir } from '../../../../electron/core/storage/data-dir-lock';
import { makeTempDir, requireBuilt } from '../../../support/browser-shell-process';
import { RESOURCES_DIR } from '../../../support/core-fixture';

// Electron's core process (dist/electron/core-process.cjs) restarts its core in place after the
// first-run setup, as the browser shell does: main keeps its connection and hears app.restarted.
// Run under Node with `process.parentPort` played by the fork's IPC channel (parent-port-shim.cjs).

let child: ChildProcess | null = null;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
});

interface CoreProcess {
  messages: FromCoreMessage[];
  send(message: ToCoreMessage): void;
  invoke(method: string, args: unknown): Promise<Envelope>;
  until(what: string, found: (m: FromCoreMessage) => boolean, ms?: number): Promise<FromCoreMessage>;
  exited: Promise<number | null>;
}

function startCoreProcess(dataDir: string): CoreProcess {
  const started = fork(requireBuilt('core-process.cjs'), ['--data-dir', dataDir, '--resources-dir', RESOURCES_DIR, '--app-version', 'test'], {
    execArgv: ['--require', path.join(__dirname, 'parent-port-shim.cjs')],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child = started;
  const messages: FromCoreMessage[] = [];
  started.on('message', (m) => messages.push(m as FromCoreMessage));
  const exited = new Promise<number | null>((resolve) => started.on('exit', (code) => resolve(code)));
  let nextId = 1;
  const until = async (what: string, found: (m: FromCoreMessage) => boolean, ms = 30_000): Promise<FromCoreMessage> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = messages.find(found);
      if (hit) return hit;
      if (Date.now() > deadline || started.exitCode !== null) throw new Error(`no ${what}: ${JSON.stringify(messages)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    messages,
    exited,
    until,
    send: (message) => started.send(message),
    async invoke(method, args) {
      const id = nextId++;
      started.send({ kind: 'invoke', id, method, args } satisfies ToCoreMessage);
      const result = await until(`the answer to ${method}`, (m) => m.kind === 'result' && m.id === id);
      return (result as Extract<FromCoreMessage, { kind: 'result' }>).envelope;
    },
  };
}

describe("Electron's core process", () => {
  it('restarts its core on the settings the first-run setup wrote, and closes it on shutdown', async () => {
    const dir = makeTempDir('core-process');
    const core = startCoreProcess(dir);
    await core.until('ready', (m) => m.kind === 'ready');

    const done = await core.invoke('setup.complete', {
      config: { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12, name: '综合受理窗口' } },
      admin: { staffNumber: '9001', name: '李明', pin: '582941' },
    });
    expect(done).toEqual({ ok: true, value: { configFile: path.join(dir, 'config.json'), restarting: true } });
    await core.until('app.restarted', (m) => m.kind === 'event' && m.name === 'app.restarted');
    const restarts = core.messages.flatMap((m) => (m.kind === 'event' && m.name.startsWith('app.restart') ? [m.name] : []));
    expect(restarts).toEqual(['app.restarting', 'app.restarted']);
    // One `ready` only: for main the process never went away.
    expect(core.messages.filter((m) => m.kind === 'ready')).toHaveLength(1);

    const info = await core.invoke('app.windowInfo', {});
    expect(info).toMatchObject({ ok: true, value: { hallCode: 'JQ', windowNumber: 12, demoConfig: false, configFile: path.join(dir, 'config.json') } });
    expect(fs.existsSync(path.join(dir, 'config.json'))).toBe(true);

    core.send({ kind: 'shutdown' });
    await core.until('closed', (m) => m.kind === 'closed');
    expect(await core.exited).toBe(0);
    lockDataDir(dir).release();
  });
});
