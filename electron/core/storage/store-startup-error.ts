import fs from 'node:fs';
import path from 'node:path';

/**
 * What stops the store from being used, as far as it matters to whoever must act:
 * - `emptied`: the database file is empty (0 bytes) or gone, yet the folder shows an earlier one
 *   (backups, a WAL file, logs of an earlier start). A new database would number from 0001 again
 *   and issue case numbers already issued.
 * - `damaged`: SQLite or the start-up integrity check found the file corrupt.
 * - `not_a_database`: the file is something else (overwritten, encrypted by other software).
 * - `read_only`, `no_permission`, `disk_full`, `locked`, `io_error`: the file may be fine, the
 *   folder or disk is not usable as it is.
 * - `unknown`: anything else SQLite or the OS said; the log has the detail.
 */
export type StoreProblem =
  | 'emptied'
  | 'damaged'
  | 'not_a_database'
  | 'read_only'
  | 'no_permission'
  | 'disk_full'
  | 'locked'
  | 'io_error'
  | 'unknown';

/** A complete backup in `backups/` (never a `.partial`), with the time it was taken. */
export interface BackupFile {
  path: string;
  takenAt: Date;
}

/** `counter-20261123T080000Z-<label>.sqlite`, as backup.ts names them. */
const BACKUP_NAME = /^counter-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-.+\.sqlite$/;

/**
 * The complete backups in `dir`, newest first. The time comes from the name (the moment the
 * backup was taken, whatever copying did to the file's mtime since); an unreadable folder is
 * an empty list: this feeds a message, and must never be why the message cannot be given.
 */
export function listBackups(dir: string): BackupFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const found: BackupFile[] = [];
  for (const name of names) {
    const m = BACKUP_NAME.exec(name);
    if (!m) continue;
    const [, y, mo, d, h, mi, s] = m;
    const takenAt = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
    if (!Number.isNaN(takenAt.getTime())) found.push({ path: path.join(dir, name), takenAt });
  }
  return found.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
}

/** Where the message points: the database, its folder, the backups and the log folder. */
export interface StorePlaces {
  databasePath: string;
  backupDir: string;
  /** IANA zone for the backup's time in the message; default the PC's own. */
  timeZone?: string;
}

function formatTime(at: Date, timeZone: string | undefined): string {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

function backupSentence(places: StorePlaces, backups: readonly BackupFile[]): string {
  const newest = backups[0];
  if (!newest) return `备份目录 ${places.backupDir} 中没有可用的备份。`;
  return (
    `最新的备份是 ${newest.path}（${formatTime(newest.takenAt, places.timeZone)} 备份）` +
    (backups.length > 1 ? `，备份目录 ${places.backupDir} 中共有 ${backups.length} 份备份。` : '。')
  );
}

/** How to put a backup back: said the same way wherever a restore is the answer. */
function restoreSteps(places: StorePlaces, backups: readonly BackupFile[], keepBroken: boolean): string {
  const source = backups[0]?.path ?? '最新的备份';
  const db = places.databasePath;
  return (
    `请联系信息科从备份恢复：关闭本程序，${keepBroken ? `把 ${path.basename(db)} 改名留存（供查明原因），` : ''}` +
    // Backups carry no sync token (backup.ts blankSyncCredentials): say so where the restore is told.
    `把 ${source} 复制为 ${db}，再启动。备份之后受理的办件须按纸质材料补录。恢复后须在设置页用新的注册码重新注册本窗口的同步。`
  );
}

/** For `emptied`: whether the file is gone (else 0 bytes), and the signs of the earlier database. */
export interface EmptiedEvidence {
  missing: boolean;
  signs: readonly string[];
}

function describe(problem: StoreProblem, places: StorePlaces, backups: readonly BackupFile[], evidence: EmptiedEvidence | null): string {
  const db = places.databasePath;
  const dir = path.dirname(db);
  const backupLine = backupSentence(places, backups);
  const fileIsFine = `数据库文件本身未见损坏，不必从备份恢复。${backupLine}`;
  switch (problem) {
    case 'emptied':
      return [
        `数据库文件 ${db} ${evidence?.missing ? '不见了' : '是空的（0 字节）'}，但这个数据目录以前存过办件（${evidence?.signs.join('；') ?? ''}）。`,
        '若就此新建数据库，办件编号会从 0001 重新开始，与已经发出的编号重复，所以程序没有启动，也没有改动任何文件。',
        backupLine,
        restoreSteps(places, backups, false),
      ].join('\n');
    case 'damaged':
      return [
        `数据库文件 ${db} 已损坏（完整性检查未通过）。为免把新办件写进损坏的文件，程序没有启动，也没有改动它。`,
        backupLine,
        restoreSteps(places, backups, true),
      ].join('\n');
    case 'not_a_database':
      return [
        `文件 ${db} 不是本程序的数据库（可能被别的文件覆盖，或被加密、压缩软件改写）。程序没有启动，也没有改动它。`,
        backupLine,
        restoreSteps(places, backups, true),
      ].join('\n');
    case 'read_only':
      return [
        `数据目录 ${dir} 或其中的数据库文件是只读的，程序无法保存办件，所以没有启动。`,
        '请联系信息科：去掉该目录和其中文件的“只读”属性（或检查磁盘是否被设为只读），再启动；也可用 --data-dir 指定一个可写的目录。',
        fileIsFine,
      ].join('\n');
    case 'no_permission':
      return [
        `当前用户没有读写数据目录 ${dir} 的权限，程序没有启动。`,
        '请联系信息科为当前用户开放该目录及其中文件的读写权限（或用安装时的用户登录），再启动。',
        fileIsFine,
      ].join('\n');
    case 'disk_full':
      return [
        `数据目录 ${dir} 所在的磁盘已满，无法保存办件，程序没有启动。`,
        '请联系信息科清理该磁盘（至少留出 1 GB 空间），再启动。',
        fileIsFine,
      ].join('\n');
    case 'locked':
      return [
        `数据库文件 ${db} 正被其他程序占用（如数据库查看工具、备份或杀毒软件），程序没有启动。`,
        '请关闭占用它的程序后再启动；不清楚是哪个程序时，重启电脑即可。',
        fileIsFine,
      ].join('\n');
    case 'io_error':
      return [
        `读写数据库文件 ${db} 时磁盘出错，程序没有启动。`,
        '请联系信息科检查磁盘。磁盘修复或更换后若数据库无法打开，可从备份恢复。',
        backupLine,
      ].join('\n');
    case 'unknown':
      return [
        `无法打开数据库文件 ${db}，程序没有启动。`,
        `请联系信息科，并把 ${path.join(dir, 'logs')} 中当天的日志交给他们。`,
        backupLine,
      ].join('\n');
  }
}

/**
 * The store cannot be used, said in words the clerk and IT staff can act on: what is wrong,
 * what to do, and which backup to restore from. The technical cause (SQLite's or the OS's
 * English text, the stack) is kept in `technical` for the log file, not shown.
 */
export class StoreStartupError extends Error {
  readonly problem: StoreProblem;
  readonly databasePath: string;
  /** Complete backups, newest first, as found when the error was made. */
  readonly backups: readonly BackupFile[];
  /** SQLite's or the OS's own words and code, for the log. */
  readonly technical: string;

  constructor(problem: StoreProblem, places: StorePlaces, options: { evidence?: EmptiedEvidence; cause?: unknown } = {}) {
    const backups = listBackups(places.backupDir);
    super(describe(problem, places, backups, options.evidence ?? null), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreStartupError';
    this.problem = problem;
    this.databasePath = places.databasePath;
    this.backups = backups;
    const cause = options.cause;
    this.technical = [
      options.evidence ? `evidence: ${options.evidence.missing ? 'file missing' : 'file empty'}; ${options.evidence.signs.join('; ')}` : null,
      cause instanceof Error ? `${errorCode(cause) ?? ''} ${cause.stack ?? cause.message}`.trim() : cause === undefined ? null : String(cause),
    ]
      .filter((line): line is string => line !== null)
      .join('\n');
  }
}

function errorCode(err: unknown): string | null {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : null;
}

/** What a SQLite result code or an OS errno says about the store; null: not a storage failure. */
export function problemOf(err: unknown): StoreProblem | null {
  const code = errorCode(err);
  if (code === null) return null;
  if (code.startsWith('SQLITE_CORRUPT')) return 'damaged';
  if (code === 'SQLITE_NOTADB') return 'not_a_database';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return 'read_only';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'disk_full';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === 'EBUSY') return 'locked';
  if (code === 'SQLITE_PERM' || code === 'SQLITE_AUTH' || code === 'EACCES' || code === 'EPERM') return 'no_permission';
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return 'io_error';
  if (code.startsWith('SQLITE_CANTOPEN')) return 'unknown';
  if (code.startsWith('SQLITE_')) return 'unknown';
  return null;
}

/**
 * `err` as a StoreStartupError when it is a storage failure (a SQLite code or a file-system
 * errno), else null. SQLite says only "unable to open database file" for a folder it may not
 * write; the folder itself is asked then, so the message can say which it is.
 */
export function storeStartupErrorFrom(err: unknown, places: StorePlaces): StoreStartupError | null {
  if (err instanceof StoreStartupError) return err;
  let problem = problemOf(err);
  if (problem === null) return null;
  if (problem === 'unknown' && errorCode(err)?.startsWith('SQLITE_CANTOPEN')) problem = folderProblem(path.dirname(places.databasePath)) ?? 'unknown';
  return new StoreStartupError(problem, places, { cause: err });
}

function folderProblem(dir: string): StoreProblem | null {
  try {
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.W_OK);
    return null;
  } catch (err) {
    return problemOf(err);
  }
}
