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
  /** The pid named by a stale lock that was taken over (its process gone, or not the one that wrote it), if any (for the log). */
  readonly tookOverFrom: number | null;
  release(): void;
}

interface LockContent {
  pid: number;
  startedAt: string;
  /** Linux: the kernel's boot id when the lock was taken (a reboot makes every pid in it stale). */
  bootId?: string;
  /** Linux: the holder's start time, clock ticks after boot (/proc/<pid>/stat field 22). */
  processStart?: string;
}

/** The data folders this process holds, by resolved lock-file path: "our own pid" is held only if listed here. */
const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The kernel's boot id (Linux), or null where there is none (Windows, macOS, a hidden /proc). */
function bootId(): string | null {
  try {
    const id = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return id === '' ? null : id;
  } catch {
    return null;
  }
}

/**
 * When `pid` started, in clock ticks after boot (Linux: /proc/<pid>/stat field 22), as a string;
 * null where /proc is missing or hides the process. Field 2 is the command in parentheses and may
 * hold spaces and ')' itself, so the fields are counted after its last ')'.
 */
function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): field 22 is fields[19].
    const start = fields[19];
    return start !== undefined && /^\d+$/.test(start) ? start : null;
  } catch {
    return null;
  }
}

function readHolder(file: string): LockContent | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockContent>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return null;
    return {
      pid: parsed.pid,
      startedAt: typeof parsed.startedAt === 'string' ? parsed.startedAt : '',
      ...(typeof parsed.bootId === 'string' ? { bootId: parsed.bootId } : {}),
      ...(typeof parsed.processStart === 'string' ? { processStart: parsed.processStart } : {}),
    };
  } catch {
    // Unreadable or half-written (a process killed while writing it): nobody can prove a hold.
    return null;
  }
}

/**
 * Whether the lock in `file` is still held by a running process. A pid alone cannot say: in a
 * container the server is PID 1 (or the same small pid) on every start, and after a reboot a pid
 * belongs to whatever daemon drew it. So:
 * - our own pid holds it only if this process took it (heldHere); otherwise it is a previous
 *   run's, before a restart that drew the same pid;
 * - another pid that is gone does not hold it;
 * - a live pid holds it unless the lock names a boot id or a start time that the running
 *   system contradicts (a reboot since, or another process under that pid). Where neither can
 *   be read (Windows, an old lock file) a live pid is taken as the holder, as before.
 */
function stillHeld(file: string, holder: LockContent): boolean {
  if (holder.pid === process.pid) return heldHere.has(file);
  if (!alive(holder.pid)) return false;
  if (holder.bootId !== undefined) {
    const now = bootId();
    if (now !== null && now !== holder.bootId) return false;
  }
  if (holder.processStart !== undefined) {
    const now = processStart(holder.pid);
    if (now !== null && now !== holder.processStart) return false;
  }
  return true;
}

/**
 * Takes the data folder's lock: one process per PGlite folder, because PGlite is a single-process
 * database and two writers corrupt it (issue 16, "What breaks in the field"). The lock is a file
 * created exclusively, holding the owner's pid and, on Linux, the boot id and the owner's start
 * time; a lock left by a process that is gone (killed, power cut, a container restarted under the
 * same pid, a reboot) is taken over (stillHeld), so a folder always opens again.
 *
 * Throws DataDirInUseError when a running process holds it (this one included, while it holds it).
 * Limits: where /proc is missing (Windows) only the pid is checked, so a pid reused by an
 * unrelated process after a crash keeps the folder "in use" until that process ends or the
 * operator removes `server.lock` by hand (the message names the pid).
 */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.resolve(dataDir, LOCK_FILE_NAME);
  const boot = bootId();
  const start = processStart(process.pid);
  const content: LockContent = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    ...(boot !== null ? { bootId: boot } : {}),
    ...(start !== null ? { processStart: start } : {}),
  };
  let tookOverFrom: number | null = null;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify(content));
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      heldHere.add(file);
      let released = false;
      return {
        path: file,
        tookOverFrom,
        release() {
          if (released) return;
          released = true;
          heldHere.delete(file);
          if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      if (holder !== null && stillHeld(file, holder)) throw new DataDirInUseError(dataDir, holder.pid);
      // Stale (its process is gone, or is not the one that wrote it) or unreadable: remove it and
      // try the exclusive create again; if another starter wins that race, the next round sees
      // its running holder and refuses.
      tookOverFrom = holder?.pid ?? null;
      fs.rmSync(file, { force: true });
    }
  }
  const holder = readHolder(file);
  throw new DataDirInUseError(dataDir, holder?.pid ?? -1);
}
