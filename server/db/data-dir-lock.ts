import fs from 'node:fs';
import path from 'node:path';

/** The lock file's name inside a PGlite data folder. */
export const LOCK_FILE_NAME = 'server.lock';

/**
 * Thrown when another live process holds the data folder. `message` is in words for the
 * operator (Chinese), and says what to do instead.
 */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `数据目录 ${dataDir} 正被另一个进程（pid ${holderPid}）使用：一个数据目录同一时间只能由一个上级服务进程打开。` +
        `请先停止该进程，或为本命令设置 DATABASE_URL 指向 PostgreSQL 服务器。`,
    );
    this.name = 'DataDirInUseError';
  }
}

/** A held lock; `release()` removes the file if it is still ours (idempotent). */
export interface DataDirLock {
  readonly path: string;
  /** The pid of a dead process whose lock was taken over, if any (for the log). */
  readonly tookOverFrom: number | null;
  release(): void;
}

interface LockContent {
  pid: number;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): number | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0 ? parsed.pid : null;
  } catch {
    // Unreadable or half-written (a process killed while writing it): nobody can prove a hold.
    return null;
  }
}

/**
 * Takes the data folder's lock: one process per PGlite folder, because PGlite is a single-process
 * database and two writers corrupt it (issue 16, "What breaks in the field"). The lock is a file
 * created exclusively, holding the owner's pid; a lock left by a process that is gone (killed,
 * power cut) is taken over, so a folder always opens again.
 *
 * Throws DataDirInUseError when a live process other than this one holds it.
 * Limits: a pid reused by an unrelated process after a crash keeps the folder "in use" until that
 * process ends or the operator removes `server.lock` by hand (the message names the pid).
 */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE_NAME);
  const content: LockContent = { pid: process.pid, startedAt: new Date().toISOString() };
  let tookOverFrom: number | null = null;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify(content));
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      let released = false;
      return {
        path: file,
        tookOverFrom,
        release() {
          if (released) return;
          released = true;
          if (readHolder(file) === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      // Our own pid counts too: the folder is already open in this very process.
      if (holder !== null && alive(holder)) throw new DataDirInUseError(dataDir, holder);
      // Stale (its process is gone) or unreadable: remove it and try the exclusive create again;
      // if another starter wins that race, the next round sees its live pid and refuses.
      tookOverFrom = holder;
      fs.rmSync(file, { force: true });
    }
  }
  const holder = readHolder(file);
  throw new DataDirInUseError(dataDir, holder ?? -1);
}
