import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirInUseError } from '../../../electron/core';
import { lockDataDir } from '../../../electron/core/storage/data-dir-lock';
import { createTestCore } from '../../support/core-fixture';
import { makeTempDir } from '../../support/temp-dirs';

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
    expect(fs.existsSync(path.join(first.dataDir, 'counter.lock'))).toBe(false);
  });

  it('takes over a lock left by a process that died', () => {
    const dir = makeTempDir('lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const pid = Number(dead.stdout.toString());
    fs.writeFileSync(path.join(dir, 'counter.lock'), JSON.stringify({ pid, host: os.hostname(), startedAt: '2026-11-23T00:00:00Z' }));
    const lock = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'counter.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('refuses a lock held from another computer sharing the folder', () => {
    const dir = makeTempDir('lock');
    fs.writeFileSync(path.join(dir, 'counter.lock'), JSON.stringify({ pid: 1, host: 'window-pc-07', startedAt: '2026-11-23T00:00:00Z' }));
    expect(() => lockDataDir(dir)).toThrow('计算机 window-pc-07 上的进程 1');
  });
});
