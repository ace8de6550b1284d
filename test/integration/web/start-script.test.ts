import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataDir } from '../../../electron/core/storage/data-dir-lock';
import { REPO_ROOT, makeTempDir } from '../../support/browser-shell-process';

function waitFor(read: () => string, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const m = pattern.exec(read());
      if (m) {
        clearInterval(poll);
        resolve(m[0]);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${pattern}:\n${read()}`));
      }
    }, 50);
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start (scripts/start.mjs)', () => {
  it('starts the browser shell where Electron is missing and stops cleanly on SIGTERM', async () => {
    const dataDir = makeTempDir('start');
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start.mjs'), '--browser', '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out, /URL:\s+http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/, 120_000);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('数据库已安全关闭');
    expect(fs.existsSync(path.join(dataDir, 'counter.sqlite'))).toBe(true);
  });

  it('stops cleanly on Ctrl-C, which the terminal sends to the whole process group', async () => {
    const dataDir = makeTempDir('start-ctrl-c');
    // Its own group, like a terminal's foreground job, so the test can signal the group as Ctrl-C does.
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start.mjs'), '--browser', '--data-dir', dataDir, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const group = child.pid ?? 0;
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => out, /URL:\s+\S+/, 120_000);
      process.kill(-group, 'SIGINT');
      expect(await exited).toBe(0);
      expect(out).toContain('数据库已安全关闭');
      expect(out).not.toContain('立即退出');
      expect(fs.existsSync(path.join(dataDir, 'counter.sqlite-wal'))).toBe(false);
      lockDataDir(dataDir).release(); // the folder is free again
    } finally {
      if (alive(group)) process.kill(-group, 'SIGKILL');
    }
  });

  it('shuts the app down when the shell npm started it from is killed (npm sends SIGTERM to that shell only)', async () => {
    const dataDir = makeTempDir('start-orphan');
    const pidFile = path.join(dataDir, 'start.pid');
    const shell = spawn('sh', ['-c', `node ${path.join(REPO_ROOT, 'scripts', 'start.mjs')} --browser --data-dir ${dataDir} --port 0 & echo $! > ${pidFile}; wait`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    shell.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out, /URL:\s+\S+/, 120_000);
    const startPid = Number(fs.readFileSync(pidFile, 'utf8'));
    shell.kill('SIGKILL');
    const deadline = Date.now() + 15_000;
    while (alive(startPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive(startPid)).toBe(false);
    // The app closed its database on the way out: a clean close leaves no WAL behind.
    expect(fs.existsSync(path.join(dataDir, 'counter.sqlite-wal'))).toBe(false);
  });
});
