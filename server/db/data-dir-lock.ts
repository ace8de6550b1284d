import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The lock file's name inside a PGlite data folder. */
export const LOCK_FILE_NAME = 'server.lock';

/** How often the holder touches the lock file's mtime (its heartbeat), in ms. */
export const LOCK_HEARTBEAT_MS = 5_000;

/**
 * How old (ms) a lock file's mtime must be before a process that cannot check the holder's pid
 * (another host or container, or an unreadable lock) deems it abandoned: six missed heartbeats,
 * so a holder whose event loop stalls for a while (a long checkpoint) keeps its folder.
 */
export const LOCK_STALE_MS = 30_000;

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
        `请先停止该进程，或为本命令设置 DATABASE_URL 指向 PostgreSQL 服务器。` +
        `（若该进程在另一台主机或另一个容器中且已退出，锁在其心跳停止 ${LOCK_STALE_MS / 1000} 秒后失效。）`,
    );
    this.name = 'DataDirInUseError';
  }
}

/** A held lock; `release()` stops the heartbeat and removes the file if it is still ours (idempotent). */
export interface DataDirLock {
  readonly path: string;
  /** The pid named by a stale lock that was taken over (its process gone, or not the one that wrote it), if any (for the log). */
  readonly tookOverFrom: number | null;
  release(): void;
}

export interface LockDataDirOptions {
  /**
   * Called (once) when the heartbeat finds the lock file naming another holder: another process
   * judged this one gone (its heartbeat stopped for LOCK_STALE_MS, e.g. a frozen event loop) and
   * took the folder. Two PGlite writers corrupt the cluster, so the caller should stop at once.
   */
  onCompromised?: (holderPid: number) => void;
}

interface LockContent {
  pid: number;
  startedAt: string;
  /** A random id of this hold: tells our lock from another's that names the same pid. */
  nonce?: string;
  /** The holder's host name: a pid says nothing about a process on another host (a shared volume). */
  host?: string;
  /** Linux: the holder's pid namespace (`pid:[inode]`): in another container the same pid is another process. */
  pidNamespace?: string;
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

/** This process's pid namespace (Linux: `pid:[4026531836]`), or null where /proc has none. */
function pidNamespace(): string | null {
  try {
    return fs.readlinkSync('/proc/self/ns/pid');
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

function optionalString<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' ? ({ [key]: value } as Record<K, string>) : {};
}

/** The lock's content, or null when it is missing, unreadable or names no pid. */
function readHolder(file: string): LockContent | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const pid = parsed['pid'];
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null;
    return {
      pid,
      startedAt: typeof parsed['startedAt'] === 'string' ? parsed['startedAt'] : '',
      ...optionalString('nonce', parsed['nonce']),
      ...optionalString('host', parsed['host']),
      ...optionalString('pidNamespace', parsed['pidNamespace']),
      ...optionalString('bootId', parsed['bootId']),
      ...optionalString('processStart', parsed['processStart']),
    };
  } catch {
    return null;
  }
}

/** How long ago (ms) the lock file was last written or touched by its holder's heartbeat; null if it is gone. */
function heartbeatAge(file: string): number | null {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * Whether the lock in `file` (read as `holder`, or null when unreadable) is still held.
 * - Unreadable (half-written by a filesystem without hard links, or corrupted): held while its
 *   mtime is fresh, so a lock being written is never taken.
 * - Written by a process in this pid space (same host and pid namespace): the pid is evidence.
 *   Our own pid holds it only if this process took it (heldHere): a lock naming us otherwise is a
 *   previous run's under the same pid. Another pid holds it while alive, unless the boot id or
 *   the pid's start time contradicts the lock (a reboot, a reused pid). A live pid whose start
 *   time cannot be checked (no /proc) is taken as the holder.
 * - Written elsewhere (another container sharing the volume, where both servers run as PID 1;
 *   another host on a network share), or by a server from before the heartbeat with no host in
 *   it: the pid says nothing, so only the heartbeat counts: held while the mtime is younger than
 *   LOCK_STALE_MS. For a pre-heartbeat lock a live pid (other than ours) also counts, as before.
 */
function stillHeld(file: string, holder: LockContent | null): boolean {
  const age = heartbeatAge(file);
  if (age === null) return false;
  const fresh = age < LOCK_STALE_MS;
  if (holder === null) return fresh;
  const sameSpace = holder.host === os.hostname() && (holder.pidNamespace ?? null) === pidNamespace();
  if (!sameSpace) {
    if (fresh) return true;
    // A lock from before the heartbeat (no host): its live holder never touches the file.
    return holder.host === undefined && holder.pid !== process.pid && pidLooksLikeHolder(holder);
  }
  if (holder.pid === process.pid) return heldHere.has(file);
  return pidLooksLikeHolder(holder);
}

/** Whether `holder.pid` runs and is, as far as boot id and start time tell, the process that wrote the lock. */
function pidLooksLikeHolder(holder: LockContent): boolean {
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
 * Creates `file` with `text` atomically: written and fsynced under a temporary name, then
 * hard-linked to `file`, which fails with EEXIST when it exists, so no reader ever sees a
 * half-written lock. Filesystems without hard links (FAT, some network shares) fall back to an
 * exclusive create then write; a reader meanwhile sees an unreadable but fresh lock, which
 * stillHeld counts as held. Throws EEXIST when the lock exists.
 */
function createExclusively(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx');
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw err;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    const direct = fs.openSync(file, 'wx');
    try {
      fs.writeSync(direct, text);
      fs.fsyncSync(direct);
    } finally {
      fs.closeSync(direct);
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * Removes the stale lock `file` judged from `judged` (its content then, null if unreadable),
 * unless another starter has replaced it meanwhile: the file is first renamed aside (atomic), and
 * if what was moved is not the stale lock (another starter took the folder in between) it is put
 * back and false is answered.
 */
function removeStale(file: string, judged: LockContent | null): boolean {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
  const moved = readHolder(aside);
  const same = judged === null ? moved === null : moved !== null && moved.pid === judged.pid && moved.nonce === judged.nonce && moved.startedAt === judged.startedAt;
  if (!same) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // Yet another starter created a lock meanwhile: it holds the folder; ours goes.
    }
    fs.rmSync(aside, { force: true });
    return false;
  }
  fs.rmSync(aside, { force: true });
  return true;
}

/**
 * Takes the data folder's lock: one process per PGlite folder, because PGlite is a single-process
 * database and two writers corrupt it (issue 16, "What breaks in the field"). The lock is a file
 * created atomically (createExclusively) holding the owner's pid, a random nonce, its host name
 * and, on Linux, its pid namespace, boot id and start time; while held, the owner touches its
 * mtime every LOCK_HEARTBEAT_MS (an unref'd timer). A lock is taken over only when stale
 * (stillHeld): its process provably gone (same host and pid namespace: pid dead, reused, or
 * before a reboot), or, when the pid cannot be checked (another container or host), its
 * heartbeat silent for LOCK_STALE_MS. So a killed server's folder opens again (at once on the
 * same host, after at most LOCK_STALE_MS from another container), and a live one's never does.
 *
 * Throws DataDirInUseError when a running process holds it (this one included, while it holds it).
 * Limits: where /proc is missing (Windows, macOS) a live pid on the same host is taken as the
 * holder, so a pid reused by an unrelated process after a crash keeps the folder "in use" until
 * that process ends or the operator removes `server.lock` by hand (the message names the pid).
 */
export function lockDataDir(dataDir: string, options: LockDataDirOptions = {}): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.resolve(dataDir, LOCK_FILE_NAME);
  const boot = bootId();
  const start = processStart(process.pid);
  const namespace = pidNamespace();
  const nonce = randomBytes(12).toString('hex');
  const content: LockContent = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    nonce,
    host: os.hostname(),
    ...(namespace !== null ? { pidNamespace: namespace } : {}),
    ...(boot !== null ? { bootId: boot } : {}),
    ...(start !== null ? { processStart: start } : {}),
  };
  const text = JSON.stringify(content);
  let tookOverFrom: number | null = null;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      createExclusively(file, text);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      if (stillHeld(file, holder)) throw new DataDirInUseError(dataDir, holder?.pid ?? -1);
      if (!removeStale(file, holder)) continue;
      tookOverFrom = holder?.pid ?? null;
      continue;
    }
    heldHere.add(file);
    return holdLock(file, text, nonce, tookOverFrom, options);
  }
  const holder = readHolder(file);
  throw new DataDirInUseError(dataDir, holder?.pid ?? -1);
}

/** Starts the heartbeat of a lock just created and answers its handle. */
function holdLock(file: string, text: string, nonce: string, tookOverFrom: number | null, options: LockDataDirOptions): DataDirLock {
  let released = false;
  const beat = () => {
    if (released) return;
    const holder = readHolder(file);
    if (holder !== null && holder.nonce !== nonce) {
      clearInterval(timer);
      heldHere.delete(file);
      released = true;
      options.onCompromised?.(holder.pid);
      return;
    }
    try {
      if (holder === null && heartbeatAge(file) === null) createExclusively(file, text); // removed by hand: put it back
      else {
        const now = new Date();
        fs.utimesSync(file, now, now);
      }
    } catch {
      // A failed touch (a full disk, a moment's EEXIST) is retried on the next beat; six in a row
      // are needed before anybody may judge the lock stale.
    }
  };
  const timer = setInterval(beat, LOCK_HEARTBEAT_MS);
  timer.unref();
  return {
    path: file,
    tookOverFrom,
    release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      heldHere.delete(file);
      if (readHolder(file)?.nonce === nonce) fs.rmSync(file, { force: true });
    },
  };
}
