import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Db } from './database';
import { nodeRequire } from './node-require';

function stamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/**
 * SQLite's online backup: a consistent copy taken while the database stays open (and, for the
 * daily backup, in use). The copy holds personal data, so it gets the same owner-only mode. It
 * holds no sync token (blankSyncCredentials): a restored copy must be enrolled again.
 * `onProgress` hears the whole percent copied (0–100) as the copy goes.
 */
export async function backupDatabase(db: Db, dir: string, label: string, at: Date, onProgress?: (percent: number) => void): Promise<string> {
  const file = await writeBackup(dir, label, at, async (partial) => {
    // A hundred pages a turn of the event loop (better-sqlite3's default, kept): the process
    // stays free to pass the percent on.
    const progress = ({ totalPages, remainingPages }: { totalPages: number; remainingPages: number }): number => {
      onProgress?.(percentDone(totalPages, remainingPages));
      return BACKUP_PAGES_PER_STEP;
    };
    await (onProgress ? db.backup(partial, { progress }) : db.backup(partial));
  });
  onProgress?.(100);
  return file;
}

/**
 * The backup before migrating (`databasePath`, label `before-vN`), as backupDatabase takes it but
 * on a read-only connection of its own in a worker thread, so that this thread can tell the
 * start screen how far it is while the copy runs: `onPercent` hears the whole percent of pages
 * copied every `intervalMs` (changed or not: the copy's last step writes the rest of the file and
 * syncs it to disk, seconds on a large store, with no page left to count; it stays at 99 until
 * then), and 100 once the backup is complete. Only while nothing else writes the database: a
 * write by another connection would restart SQLite's copy from the first page.
 * Throws what SQLite or the file system throws, with its `code` (the partial copy removed).
 */
export async function backupBeforeMigration(databasePath: string, dir: string, label: string, at: Date, onPercent: (percent: number) => void, intervalMs: number): Promise<string> {
  let percent = 0;
  onPercent(percent);
  // A listener that throws from a timer would take the process down; it only loses its reports.
  const timer = setInterval(() => {
    try {
      onPercent(percent);
    } catch {
      // the start screen's own failure: the backup goes on
    }
  }, intervalMs);
  let file: string;
  try {
    file = await writeBackup(dir, label, at, (partial) => copyInWorker(databasePath, partial, (p) => (percent = Math.min(99, p))));
  } finally {
    clearInterval(timer);
  }
  onPercent(100);
  return file;
}

const BACKUP_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
(async () => {
  let db;
  try {
    db = new Database(workerData.path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    await db.backup(workerData.partial, {
      progress: ({ totalPages, remainingPages }) => {
        parentPort.postMessage({ kind: 'progress', totalPages, remainingPages });
        return workerData.pagesPerStep;
      },
    });
    parentPort.postMessage({ kind: 'done' });
  } catch (err) {
    parentPort.postMessage({ kind: 'failed', code: err && typeof err.code === 'string' ? err.code : null, message: String((err && err.message) || err) });
  } finally {
    try { db && db.close(); } catch {}
  }
})();
`;

type BackupWorkerMessage =
  | { kind: 'progress'; totalPages: number; remainingPages: number }
  | { kind: 'done' }
  | { kind: 'failed'; code: string | null; message: string };

/** SQLite's online backup of `databasePath` into `partial`, in a worker thread; `onPercent` hears each step's whole percent. */
function copyInWorker(databasePath: string, partial: string, onPercent: (percent: number) => void): Promise<void> {
  const worker = new Worker(BACKUP_WORKER_SOURCE, {
    eval: true,
    workerData: { path: databasePath, partial, driver: nodeRequire().resolve('better-sqlite3'), pagesPerStep: BACKUP_PAGES_PER_STEP },
  });
  return new Promise<void>((resolve, reject) => {
    worker.on('message', (m: BackupWorkerMessage) => {
      if (m.kind === 'progress') onPercent(percentDone(m.totalPages, m.remainingPages));
      else if (m.kind === 'done') resolve();
      else reject(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
    });
    worker.once('error', reject);
    // After its last message, or without one: the promise is settled already, or the thread died.
    worker.once('exit', (code) => reject(new Error(`backup worker exited (${code}) before the copy was complete`)));
  });
}

/**
 * Writes a backup named for `at` and `label` in `dir` by `copy` (which fills the file it is given),
 * under another name renamed when complete: a backup cut short by a full disk or a crash never
 * looks like a good one (nor counts as today's). Blanks the copy's credentials, makes it
 * owner-only. Throws what `copy` or SQLite throws, the partial file removed.
 */
async function writeBackup(dir: string, label: string, at: Date, copy: (partial: string) => Promise<void>): Promise<string> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  removeAbandonedPartials(dir);
  const file = path.join(dir, `counter-${stamp(at)}-${label}.sqlite`);
  const partial = `${file}.partial`;
  writing.add(partial);
  try {
    fs.closeSync(fs.openSync(partial, 'w', 0o600));
    await copy(partial);
    blankSyncCredentials(partial);
    fs.chmodSync(partial, 0o600);
    fs.renameSync(partial, file);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    writing.delete(partial);
  }
  return file;
}

const BACKUP_PAGES_PER_STEP = 100;

/** The sync tables that hold the window's credentials, and the columns blanked in a copy. */
const CREDENTIAL_TABLES = ['sync_state', 'sync_tokens'] as const;
const CREDENTIAL_COLUMNS = ['token', 'enrolled_at', 'pending_token', 'pending_code_hash', 'pending_at'] as const;

/**
 * Blanks the window's enrolment tokens in a backup copy (review-16 finding 13), never in the live
 * database: backups go to USB sticks and shared folders, and a restored or cloned copy holding a
 * live token would push as this window (and enrolling the real PC would silently revoke the copy's
 * token, or the other way round). Only the tables and columns the copy has are touched: a
 * `before-vN` backup may predate sync (migration 0012) or the token table (0015). The copy is
 * opened alone and closed, which folds its WAL back into the file before the rename.
 * Throws what SQLite throws (the caller then removes the partial copy).
 */
function blankSyncCredentials(file: string): void {
  const copy = new Database(file);
  try {
    // Overwrite the old values' bytes too: without it the token stays readable in the page's free space.
    copy.pragma('secure_delete = ON');
    copy.transaction(() => {
      for (const table of CREDENTIAL_TABLES) {
        const columns = new Set((copy.pragma(`table_info(${table})`) as Array<{ name: string }>).map((c) => c.name));
        const blank = CREDENTIAL_COLUMNS.filter((c) => columns.has(c));
        if (blank.length > 0) copy.exec(`UPDATE ${table} SET ${blank.map((c) => `${c} = NULL`).join(', ')}`);
      }
    })();
  } finally {
    copy.close();
  }
}

function percentDone(total: number, remaining: number): number {
  return total <= 0 ? 100 : Math.min(100, Math.max(0, Math.floor((100 * (total - remaining)) / total)));
}

/** Backups this process is writing now. */
const writing = new Set<string>();

/** A backup being written grows all the time; one untouched this long was cut short. */
const ABANDONED_AFTER_MS = 15 * 60 * 1000;

/**
 * A crash or power cut during a backup leaves a `.partial` as large as the database; each one
 * more would slowly fill the disk. Another process may be writing one right now (the staff
 * command migrating the database before a backup, say), so only a `.partial` that has not
 * grown for a while, and is not this process's own, is taken for abandoned.
 */
export function removeAbandonedPartials(dir: string, now: number = Date.now()): string[] {
  if (!fs.existsSync(dir)) return [];
  const abandoned = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('counter-') && f.endsWith('.sqlite.partial'))
    .map((f) => path.join(dir, f))
    .filter((f) => !writing.has(f) && untouchedFor(f, now) > ABANDONED_AFTER_MS);
  for (const f of abandoned) fs.rmSync(f, { force: true });
  return abandoned;
}

function untouchedFor(file: string, now: number): number {
  try {
    return now - fs.statSync(file).mtimeMs;
  } catch {
    return 0; // gone meanwhile
  }
}

/** Keeps the newest `keep` backups whose names match `kind`, removing older ones (names sort by time). */
export function pruneBackups(dir: string, kind: RegExp, keep: number): string[] {
  if (!fs.existsSync(dir)) return [];
  const mine = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('counter-') && kind.test(f))
    .sort();
  const remove = mine.slice(0, Math.max(0, mine.length - keep));
  for (const f of remove) fs.rmSync(path.join(dir, f), { force: true });
  return remove;
}
