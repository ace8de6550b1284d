import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirInUseError, LOCK_FILE_NAME, lockDataDir } from '../../../server/db/data-dir-lock';
import { makeTempDir } from '../../support/temp-dirs';

describe('the PGlite data folder lock', () => {
  it('refuses a folder this process already holds, naming it, and frees it on release', () => {
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

  it('takes over a lock that names this very pid but was left by a previous run (a container restarted as PID 1)', () => {
    const dir = makeTempDir('lock');
    // Written before a crash by a process that had the pid this one has now.
    fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: process.pid, startedAt: '2026-11-30T00:00:00.000Z' }));
    const lock = lockDataDir(dir);
    expect(lock.tookOverFrom).toBe(process.pid);
    // And while this process holds it, a second open here is still refused.
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    lock.release();
  });

  it.runIf(fs.existsSync('/proc/sys/kernel/random/boot_id'))('takes over a lock whose live pid has started since, or was written before a reboot', () => {
    const dir = makeTempDir('lock');
    const file = path.join(dir, LOCK_FILE_NAME);
    // A running process that is not the writer: its pid is alive, its start time is not the lock's.
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      const pid = other.pid ?? -1;
      const bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      fs.writeFileSync(file, JSON.stringify({ pid, startedAt: '2026-11-30T00:00:00.000Z', bootId, processStart: '1' }));
      const reused = lockDataDir(dir);
      expect(reused.tookOverFrom).toBe(pid);
      reused.release();
      fs.writeFileSync(file, JSON.stringify({ pid, startedAt: '2026-11-30T00:00:00.000Z', bootId: '00000000-0000-0000-0000-000000000000' }));
      const rebooted = lockDataDir(dir);
      expect(rebooted.tookOverFrom).toBe(pid);
      rebooted.release();
      // The same process, as it wrote it: still held, and the message names it.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const processStart = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
      fs.writeFileSync(file, JSON.stringify({ pid, startedAt: '2026-11-30T00:00:00.000Z', bootId, processStart }));
      expect(() => lockDataDir(dir)).toThrow(`pid ${pid}`);
    } finally {
      other.kill('SIGKILL');
    }
  });
});
