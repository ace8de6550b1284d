import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

const LOCK_FILE = 'counter-folder.lock';
/** Who holds the lock, for the message only: the lock itself is the OS's, on LOCK_FILE. */
const HOLDER_FILE = 'counter-folder.lock.json';

interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

/** The data folder cannot be had: another program holds it, or its lock file was tampered with. */
export class DataDirInUseError extends Error {
  constructor(dir: string, holder: LockHolder | null, lockFileSpoilt = false) {
    if (lockFileSpoilt) {
      super(`数据目录 ${dir} 的锁文件 ${LOCK_FILE} 已被其他程序改写。请先确认没有窗口程序在使用该目录，删除该文件后重新启动。`);
      this.name = 'DataDirInUseError';
      return;
    }
    const where =
      holder === null
        ? ''
        : `（${holder.host === os.hostname() ? `进程 ${holder.pid}` : `计算机 ${holder.host} 上的进程 ${holder.pid}`}，启动于 ${holder.startedAt}）`;
    super(
      `数据目录 ${dir} 正由另一个窗口程序使用${where}。` +
        '同一数据目录只能由一个程序打开：请先关闭它，或用 --data-dir 指定另一个目录。',
    );
    this.name = 'DataDirInUseError';
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

function sqliteCode(err: unknown): string | null {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : null;
}

/** Takes the OS lock on `file`, or says why not: 'busy' (held elsewhere) or 'foreign' (not a lock file of ours). */
function tryLock(file: string): Database.Database | 'busy' | 'foreign' {
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: 0 });
  } catch (err) {
    if (sqliteCode(err) === 'SQLITE_BUSY') return 'busy';
    throw err;
  }
  try {
    // EXCLUSIVE mode keeps the lock an exclusive transaction takes until this connection
    // closes, or the process dies and the OS drops it. Nothing is written but the empty
    // database's first page when the file is new (under SQLite's journal, so a crash then
    // leaves nothing torn): the file never changes after that.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return db;
  } catch (err) {
    db.close();
    const code = sqliteCode(err);
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'busy';
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return 'foreign';
    throw err;
  }
}

/**
 * One core per data folder. Two (the desktop app and a browser shell started by hand, say)
 * would each believe they own the window's session and number sequence.
 *
 * The lock is an exclusive OS file lock (SQLite's, on a small file of its own), held for the
 * core's lifetime: the OS releases it when the process ends however it ends — a crash, a
 * SIGKILL, a power cut — so a stale lock can never block a window, and two processes starting
 * at the same moment can never both get it. A pid in a file could do neither: after a reboot
 * the pid belongs to another program, and "read, then delete, then create" races. Node has no
 * file-lock API; better-sqlite3 is already here and its locks work the same on Windows and Linux.
 * The lock file is never deleted or replaced: a process opening the old file would lock an
 * orphan while another locks the new one. Nor may this process open it other than through the
 * connection below: on POSIX, closing any descriptor of a file drops the process's locks on it.
 */
export function lockDataDir(dir: string): { release(): void } {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, LOCK_FILE);
  const holderFile = path.join(dir, HOLDER_FILE);
  const taken = tryLock(file);
  if (taken === 'busy') throw new DataDirInUseError(dir, readHolder(holderFile));
  if (taken === 'foreign') {
    // Only something other than this program writes into it. Replacing it here could race
    // another process doing the same, and both would win; a person can delete it safely.
    throw new DataDirInUseError(dir, null, true);
  }
  const db = taken;
  fs.chmodSync(file, 0o600);
  const me: LockHolder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  try {
    fs.writeFileSync(holderFile, JSON.stringify(me), { mode: 0o600 });
  } catch {
    // Only the message of a refused second start would lack the pid; the lock holds regardless.
  }
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      db.close();
    },
  };
}
