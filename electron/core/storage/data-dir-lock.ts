import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

const LOCK_FILE = 'counter.lock';
/** Who holds the lock, for the message only: the lock itself is the OS's, on LOCK_FILE. */
const HOLDER_FILE = 'counter.lock.json';

interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

export class DataDirInUseError extends Error {
  constructor(dir: string, holder: LockHolder | null) {
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
    // The nothing-to-lose journal, and EXCLUSIVE mode: the lock the first write takes is kept
    // until this connection closes — or the process dies, when the OS drops it.
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = MEMORY');
    db.exec('CREATE TABLE IF NOT EXISTS lock_taken (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL)');
    db.prepare('INSERT OR REPLACE INTO lock_taken (id, at) VALUES (1, ?)').run(new Date().toISOString());
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
 * The lock file is never deleted: a process waiting on the old file would lock an orphan.
 */
export function lockDataDir(dir: string): { release(): void } {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, LOCK_FILE);
  const holderFile = path.join(dir, HOLDER_FILE);
  let taken = tryLock(file);
  if (taken === 'foreign') {
    // Not a lock of ours (an older format, or a file torn by the disk): nobody can hold it,
    // so it is set aside for whoever wants to look and a fresh one is made.
    fs.renameSync(file, `${file}.${Date.now()}.unreadable`);
    taken = tryLock(file);
  }
  if (taken === 'busy') throw new DataDirInUseError(dir, readHolder(holderFile));
  if (taken === 'foreign') throw new Error(`无法锁定数据目录 ${dir}：锁文件 ${file} 无法使用`);
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
