import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirInUseError } from '../../../electron/core';
import { lockDataDir } from '../../../electron/core/storage/data-dir-lock';
import { createTestCore } from '../../support/core-fixture';
import { makeTempDir } from '../../support/temp-dirs';

const LOCK_MODULE = path.resolve(__dirname, '../../../electron/core/storage/data-dir-lock.ts');

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * Another process that tries to lock `dir` and, when it gets the lock, keeps it until killed.
 * Resolves with what it said: 'locked' or 'refused'.
 */
function otherProcess(dir: string, scriptDir: string): { child: ChildProcess; outcome: Promise<'locked' | 'refused'> } {
  const script = path.join(scriptDir, `locker-${children.length}.mts`);
  fs.writeFileSync(
    script,
    `import { lockDataDir } from ${JSON.stringify(LOCK_MODULE)};
try { lockDataDir(${JSON.stringify(dir)}); process.stdout.write('locked\\n'); setInterval(() => {}, 60_000); }
catch (err) { process.stdout.write(err instanceof Error && err.name === 'DataDirInUseError' ? 'refused\\n' : 'error ' + String(err) + '\\n'); process.exit(0); }`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const outcome = new Promise<'locked' | 'refused'>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0] ?? '';
      if (!out.includes('\n')) return;
      if (line === 'locked' || line === 'refused') resolve(line);
      else reject(new Error(`locker said: ${line}`));
    });
    child.on('exit', (code) => reject(new Error(`locker exited with ${code} before saying anything`)));
  });
  return { child, outcome };
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe('one core per data folder', () => {
  it('refuses a second core on the same folder, saying who holds it, until the first closes', async () => {
    const first = await createTestCore();
    const attempt = createTestCore({ dataDir: first.dataDir });
    await expect(attempt).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(attempt).rejects.toThrow(`进程 ${process.pid}`);
    await first.close();
    const second = await createTestCore({ dataDir: first.dataDir });
    expect((await second.call('app.windowInfo', {})).windowNumber).toBe(12);
    await second.close();
  });

  it('is refused while another process holds the folder, and free the moment that process is killed', async () => {
    const dir = makeTempDir('lock');
    const holder = otherProcess(dir, makeTempDir('lock-scripts'));
    expect(await holder.outcome).toBe('locked');
    expect(() => lockDataDir(dir)).toThrow(`进程 ${holder.child.pid}`);
    holder.child.kill('SIGKILL');
    await exited(holder.child);
    // No clean-up ran, no time-out passed: the OS dropped the lock with the process.
    const lock = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'counter-folder.lock.json'), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('is not blocked by a leftover naming a live process, as after a reboot when the pid is reused', () => {
    const dir = makeTempDir('lock');
    lockDataDir(dir).release();
    fs.writeFileSync(path.join(dir, 'counter-folder.lock.json'), JSON.stringify({ pid: 1, host: os.hostname(), startedAt: '2026-11-23T00:00:00Z' }));
    const lock = lockDataDir(dir);
    lock.release();
  });

  it('refuses a lock file another program wrote into, saying what to do, and leaves it as it is', () => {
    const dir = makeTempDir('lock');
    const file = path.join(dir, 'counter-folder.lock');
    fs.writeFileSync(file, 'not a lock');
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(/锁文件 counter-folder\.lock 已被其他程序改写[\s\S]*删除该文件后重新启动/);
    expect(fs.readFileSync(file, 'utf8')).toBe('not a lock');
  });

  it('gives the folder to exactly one of several processes starting at the same moment', async () => {
    const scripts = makeTempDir('lock-scripts');
    for (let round = 0; round < 3; round++) {
      const dir = makeTempDir('lock');
      const racers = [0, 1, 2].map(() => otherProcess(dir, scripts));
      const outcomes = await Promise.all(racers.map((r) => r.outcome));
      expect(outcomes.filter((o) => o === 'locked')).toHaveLength(1);
      for (const r of racers) r.child.kill('SIGKILL');
      await Promise.all(racers.map((r) => exited(r.child)));
    }
  });
});
