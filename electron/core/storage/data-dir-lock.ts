import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class DataDirInUseError extends Error {
  constructor(dir: string, holder: LockHolder) {
    const where = holder.host === os.hostname() ? `进程 ${holder.pid}` : `计算机 ${holder.host} 上的进程 ${holder.pid}`;
    super(
      `数据目录 ${dir} 正由另一个窗口程序使用（${where}，启动于 ${holder.startedAt}）。` +
        '同一数据目录只能由一个程序打开：请先关闭它，或用 --data-dir 指定另一个目录。',
    );
    this.name = 'DataDirInUseError';
  }
}

interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

/** Folders this process holds: a second core in the same process is refused too. */
const heldHere = new Map<string, LockHolder>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.startedAt === 'string'
      ? { pid: value.pid, host: value.host, startedAt: value.startedAt }
      : null;
  } catch {
    return null;
  }
}

/**
 * One core per data folder. Two (the desktop app and a browser shell started by hand, say)
 * would each believe they own the window's session and number sequence. A lock left by a
 * process that died (a crash, a power cut) is taken over; one held by a live process, or by
 * another computer sharing the folder, is refused with a message saying who holds it.
 */
export function lockDataDir(dir: string): { release(): void } {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'counter.lock');
  const key = fs.realpathSync(dir);
  const me: LockHolder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  const mine = heldHere.get(key);
  if (mine) throw new DataDirInUseError(dir, mine);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify(me));
      fs.closeSync(fd);
      heldHere.set(key, me);
      return {
        release() {
          if (heldHere.get(key) !== me) return;
          heldHere.delete(key);
          const holder = readHolder(file);
          if (holder && holder.pid === me.pid && holder.host === me.host) fs.rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      // Our own pid in the file but not in heldHere: left by an earlier process that had this pid.
      if (holder && (holder.host !== me.host || (holder.pid !== me.pid && alive(holder.pid)))) {
        throw new DataDirInUseError(dir, holder);
      }
      // Left behind by a process that is gone (or unreadable): take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`无法锁定数据目录 ${dir}`);
}
