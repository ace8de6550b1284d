import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WindowInfo } from '../../../electron/contract';
import { lockDataDir } from '../../../electron/core/storage/data-dir-lock';
import { callApi, makeTempDir, startShell, type RunningShell } from '../../support/browser-shell-process';

// `npm start` on an empty data folder: the first-run setup writes config.json and the core
// restarts on it inside the same browser shell process (same URL, same token), the page hearing
// app.restarting then app.restarted over its WebSocket.

let shell: RunningShell | null = null;
afterEach(async () => {
  if (shell && shell.process.exitCode === null) await shell.stop();
  shell = null;
});

/** The shell's event socket, signed in with the token; resolves once it is ready. */
async function eventSocket(running: RunningShell): Promise<{ names: string[]; close(): void }> {
  const ws = new WebSocket(`${running.origin.replace('http', 'ws')}/ws`);
  const names: string[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: running.token })));
    ws.on('message', (m: Buffer) => {
      const message = JSON.parse(m.toString()) as { type: string; name: string };
      if (message.type === 'ready') resolve();
      if (message.type === 'event') names.push(message.name);
    });
  });
  return { names, close: () => ws.close() };
}

async function waitFor(what: string, done: () => boolean, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const ADMIN = { staffNumber: '9001', name: '李明', pin: '582941' };

describe('the first run in the browser shell', () => {
  it('writes config.json, restarts the core on it in the same process, and then stops cleanly', async () => {
    const dir = makeTempDir('first-run');
    shell = await startShell(['--data-dir', dir]);
    expect(shell.output()).toContain('尚无配置文件，暂用演示配置；界面中的首次设置将写入');
    const socket = await eventSocket(shell);
    try {
      const status = (await callApi(shell, 'setup.status')).body as { ok: boolean; value: { needed: boolean; demoConfig: boolean } };
      expect(status.value).toMatchObject({ needed: true, demoConfig: true });

      const done = await callApi(shell, 'setup.complete', {
        config: { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12, name: '综合受理窗口' } },
        admin: ADMIN,
      });
      expect(done).toEqual({ status: 200, body: { ok: true, value: { configFile: path.join(dir, 'config.json'), restarting: true } } });
      await waitFor('app.restarted', () => socket.names.includes('app.restarted'));
      const restarts = socket.names.filter((n) => n.startsWith('app.restart'));
      expect(restarts).toEqual(['app.restarting', 'app.restarted']);
    } finally {
      socket.close();
    }

    // The same URL now serves the hall set up, from the file written into the data folder.
    const info = (await callApi(shell, 'app.windowInfo')).body as { value: WindowInfo };
    expect(info.value).toMatchObject({ hallCode: 'JQ', hallName: '金桥区政务服务中心', windowNumber: 12 });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toMatchObject({ hall: { code: 'JQ' }, window: { number: 12 } });
    expect(shell.output()).toContain(`已按新的设置重新启动。配置: ${path.join(dir, 'config.json')}`);
    const after = (await callApi(shell, 'setup.status')).body as { value: { needed: boolean } };
    expect(after.value.needed).toBe(false);
    const signedIn = await callApi(shell, 'session.signIn', { staffNumber: ADMIN.staffNumber, pin: ADMIN.pin });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ value: { state: 'active', staff: { role: 'it_admin' } } });

    // SIGTERM after the restart closes the new core: the database closed, the folder free.
    expect(await shell.stop()).toBe(0);
    expect(shell.output()).toContain('数据库已安全关闭。');
    lockDataDir(dir).release();
    expect(fs.existsSync(path.join(dir, 'counter.sqlite-wal')) && fs.statSync(path.join(dir, 'counter.sqlite-wal')).size > 0).toBe(false);
  });

  it('after a restart on a config file that cannot be read, answers every call with why and says it in the terminal', async () => {
    const dir = makeTempDir('first-run');
    shell = await startShell(['--data-dir', dir]);
    const done = await callApi(shell, 'setup.complete', {
      config: { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12 } },
      admin: ADMIN,
    });
    expect(done.status).toBe(200);
    await waitFor('the restart on the new settings', () => shell?.output().includes('已按新的设置重新启动') === true);
    expect((await callApi(shell, 'session.signIn', { staffNumber: ADMIN.staffNumber, pin: ADMIN.pin })).status).toBe(200);

    // Someone breaks the file by hand, then the administrator asks for a restart (设置 → 重新启动).
    fs.writeFileSync(path.join(dir, 'config.json'), '{ "hall": ');
    const asked = await callApi(shell, 'app.restart', {});
    expect(asked).toEqual({ status: 200, body: { ok: true, value: { restarting: true } } });
    await waitFor('the failure in the terminal', () => shell?.output().includes('程序未能重新启动') === true);
    const refused = await callApi(shell, 'app.windowInfo');
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect((refused.body as { error: { message: string } }).error.message).toMatch(/^程序未能重新启动：配置文件 .*config\.json 不是有效的 JSON/);

    // It still stops when asked, the folder free for the next start.
    expect(await shell.stop()).toBe(0);
    lockDataDir(dir).release();
  });
});
