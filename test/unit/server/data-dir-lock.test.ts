import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirInUseError, LOCK_FILE_NAME, lockDataDir } from '../../../server/db/data-dir-lock';
import { makeTempDir } from '../../support/temp-dirs';

describe('the PGlite data folder lock', () => {
  it('refuses a folder already held by a live process, naming it, and frees it on release', () => {
    const dir = makeTempDir('lock');
    const lock = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    try {
      lockDataDir(dir);
    } catch (err) {
      expect((err as Error).message).toContain(`pid ${process.pid}`);
      expect((err as Error).message).toContain('DATABASE_URL');
    }
    lock.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
    lockDataDir(dir).release();
  });

  it('takes over a lock left by a process that is gone, or a half-written one', () => {
    const dir = makeTempDir('lock');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: deadPid, startedAt: '2026-11-30T00:00:00.000Z' }));
    const lock = lockDataDir(dir);
    expect(lock.tookOverFrom).toBe(deadPid);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8')).pid).toBe(process.pid);
    lock.release();
    fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), '{"pi');
    const again = lockDataDir(dir);
    expect(again.tookOverFrom).toBeNull();
    again.release();
  });
});
