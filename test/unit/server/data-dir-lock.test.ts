import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { DataDirInUseError, LOCK_FILE_NAME, LOCK_HEARTBEAT_MS, LOCK_STALE_MS, lockDataDir } from '../../../server/db/data-dir-lock';
import { makeTempDir } from '../../support/temp-dirs';

/** This process's pid namespace as the lock records it (Linux), or nothing. */
function here(): { pidNamespace?: string } {
  try {
    return { pidNamespace: fs.readlinkSync('/proc/self/ns/pid') };
  } catch {
    return {};
  }
}

/** Sets the file's mtime `ms` into the past: a heartbeat that stopped that long ago. */
function ageBy(file: string, ms: number): void {
  const then = new Date(Date.now() - ms);
  fs.utimesSync(file, then, then);
}

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

  it('takes over a lock left by a process that is gone, and an unreadable one only once its heartbeat is old', () => {
    const dir = makeTempDir('lock');
    const file = path.join(dir, LOCK_FILE_NAME);
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    fs.writeFileSync(file, JSON.stringify({ pid: deadPid, startedAt: '2026-11-30T00:00:00.000Z', host: os.hostname(), ...here() }));
    const lock = lockDataDir(dir);
    expect(lock.tookOverFrom).toBe(deadPid);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
    // Half-written (another starter between create and write, on a filesystem without links): held while fresh.
    fs.writeFileSync(file, '{"pi');
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    ageBy(file, LOCK_STALE_MS + 5_000);
    const again = lockDataDir(dir);
    expect(again.tookOverFrom).toBeNull();
    again.release();
  });

  it('takes over a lock that names this very pid but was left by a previous run in this pid namespace', () => {
    const dir = makeTempDir('lock');
    // Written before a crash by a process that had the pid this one has now, on this host.
    fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: process.pid, startedAt: '2026-11-30T00:00:00.000Z', host: os.hostname(), ...here() }));
    const lock = lockDataDir(dir);
    expect(lock.tookOverFrom).toBe(process.pid);
    // And while this process holds it, a second open here is still refused.
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    lock.release();
  });

  it('refuses a lock naming this pid from another container (both PID 1) while its heartbeat is fresh, and takes it once the heartbeat stops', () => {
    const dir = makeTempDir('lock');
    const file = path.join(dir, LOCK_FILE_NAME);
    // Another container on the same volume: same pid number, another pid namespace and host name.
    fs.writeFileSync(file, JSON.stringify({ pid: process.pid, startedAt: '2026-11-30T00:00:00.000Z', nonce: 'other', host: 'pod-old', pidNamespace: 'pid:[1]' }));
    expect(() => lockDataDir(dir)).toThrow(`pid ${process.pid}`);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).nonce).toBe('other');
    ageBy(file, LOCK_STALE_MS - 10_000);
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    ageBy(file, LOCK_STALE_MS + 5_000);
    const lock = lockDataDir(dir);
    expect(lock.tookOverFrom).toBe(process.pid);
    lock.release();
  });

  it('writes the lock whole under its name at once, and keeps its heartbeat going while held', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const dir = makeTempDir('lock');
      const file = path.join(dir, LOCK_FILE_NAME);
      const lock = lockDataDir(dir);
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname() });
      expect(fs.readdirSync(dir)).toEqual([LOCK_FILE_NAME]); // no temporary file left beside it
      ageBy(file, LOCK_STALE_MS + 5_000);
      vi.advanceTimersByTime(LOCK_HEARTBEAT_MS);
      expect(Date.now() - fs.statSync(file).mtimeMs).toBeLessThan(LOCK_STALE_MS);
      lock.release();
    } finally {
      vi.useRealTimers();
    }
  });

  it.runIf(fs.existsSync('/proc/sys/kernel/random/boot_id'))('takes over a lock whose live pid has started since, or was written before a reboot', () => {
    const dir = makeTempDir('lock');
    const file = path.join(dir, LOCK_FILE_NAME);
    // A running process that is not the writer: its pid is alive, its start time is not the lock's.
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      const pid = other.pid ?? -1;
      const bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      fs.writeFileSync(file, JSON.stringify({ pid, startedAt: '2026-11-30T00:00:00.000Z', host: os.hostname(), ...here(), bootId, processStart: '1' }));
      const reused = lockDataDir(dir);
      expect(reused.tookOverFrom).toBe(pid);
      reused.release();
      fs.writeFileSync(file, JSON.stringify({ pid, startedAt: '2026-11-30T00:00:00.000Z', host: os.hostname(), ...here(), bootId: '00000000-0000-0000-0000-000000000000' }));
      const rebooted = lockDataDir(dir);
      expect(rebooted.tookOverFrom).toBe(pid);
      rebooted.release();
      // The same process, as it wrote it: still held, and the message names it.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const processStart = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
      fs.writeFileSync(file, JSON.stringify({ pid, startedAt: '2026-11-30T00:00:00.000Z', host: os.hostname(), ...here(), bootId, processStart }));
      ageBy(file, LOCK_STALE_MS + 5_000); // a live holder on this host is held whatever its heartbeat
      expect(() => lockDataDir(dir)).toThrow(`pid ${pid}`);
    } finally {
      other.kill('SIGKILL');
    }
  });
});
