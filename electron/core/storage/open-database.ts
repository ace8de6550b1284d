import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './database';
import type { StartProgress } from '../../contract/start-progress';
import { checkpointAfterMigration } from './checkpoint-after-migration';
import { applyIndexStepOffThread } from './index-off-thread';
import { applyMigration, type Migration } from './migration';
import { MIGRATION_PROGRESS_INTERVAL_MS, migrationProgressReporter, tellWhile } from './migration-progress';
import { MIGRATIONS } from './migrations';
import { backupBeforeMigration } from './backup';
import { signsOfEarlierDatabase } from './earlier-database';
import { describeVerdict, START_CHECK_BUDGET_MS, startIntegrityCheck, verdictWithin, type IntegrityCheck, type IntegrityVerdict } from './integrity-check';
import { problemOf, StoreStartupError, storeStartupErrorFrom, type StorePlaces } from './store-startup-error';

export class DatabaseTooNewError extends Error {
  constructor(
    readonly databasePath: string,
    readonly foundVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `数据库 ${databasePath} 由较新版本的程序写入（结构版本 ${foundVersion}），` +
        `本程序只支持到结构版本 ${supportedVersion}。请安装新版程序后再打开；为保护数据，本程序不会改动它。`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

export interface OpenDatabaseOptions {
  path: string;
  /** Where the pre-migration backup goes. */
  backupDir: string;
  migrations?: readonly Migration[];
  now?: () => Date;
  /**
   * The data folder's `logs/`, read only when the database file is missing or empty, for a
   * record of an earlier database (earlier-database.ts). Null: logs are no evidence here.
   */
  logsDir?: string | null;
  /** IANA zone for times in a refusal's message (the hall's); default the PC's. */
  timeZone?: string;
  /** How long to wait for the start-up integrity check before it goes on in the background. */
  integrityBudgetMs?: number;
  /**
   * Hears an upgrade as it goes (StartProgress), for the start screen: the integrity check before
   * it, the backup before migrating, each migration step, the checkpoint after; at least once a
   * second while each runs (but for one long statement of a step: see rebuild-table.ts). Not
   * called when nothing is upgraded. Called synchronously from inside a step's transaction: it
   * must be quick and must not touch this database.
   */
  onProgress?: (progress: StartProgress) => void;
  /** Least time between two progress reports of a step, ms; default MIGRATION_PROGRESS_INTERVAL_MS (tests: 0, every batch). */
  progressIntervalMs?: number;
}

export interface OpenedDatabase {
  db: Db;
  schemaVersion: number;
  migratedFrom: number;
  /** The backup taken before migrating, or null when nothing needed protecting. */
  backupPath: string | null;
  /**
   * The integrity check when it outlasted its start-up budget and is still running: its verdict
   * is the caller's to act on (stop writing, tell the clerk), and its to cancel when closing.
   * Null when it finished within the budget with `ok`, or there was nothing to check (new file).
   */
  integrityCheck: IntegrityCheck | null;
}

/**
 * Creates the file owner-only before SQLite touches it: SQLite gives the -wal and -shm files
 * the database file's permissions, so getting the main file right covers all three.
 */
function ensureOwnerOnlyFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // An existing file copied in by hand may carry looser bits; tighten it (no-op on Windows).
  fs.chmodSync(file, 0o600);
}

function hasAnyTable(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' LIMIT 1").get() !== undefined;
}

export function applyConnectionSettings(db: Db): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`无法以 WAL 模式打开数据库（得到 ${String(mode)}）`);
  // FULL: a commit is on disk (WAL fsync'd) before the call returns. A case the clerk saw
  // accepted must survive a power cut; NORMAL would only guarantee consistency.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

/**
 * Opens (creating if needed) the counter's database, refuses one written by a newer build,
 * checks the file's integrity, takes an online backup, then applies pending migrations one
 * transaction each.
 *
 * Throws DatabaseTooNewError for a newer schema, and StoreStartupError (a Chinese message naming
 * the newest backup; SQLite's or the OS's own words in `technical`, for the log) when the store
 * cannot be used: missing or empty where the folder shows an earlier database, damaged, not a
 * database, read-only, no permission, disk full, locked by another program, or a disk error.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const now = options.now ?? (() => new Date());
  const places: StorePlaces = {
    databasePath: options.path,
    backupDir: options.backupDir,
    ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}),
  };
  let db: Db | null = null;
  let check: IntegrityCheck | null = null;
  try {
    const size = fileSize(options.path);
    if (size <= 0) {
      // SQLite would take a missing or empty file for a new database and numbering would start
      // again at 0001, reissuing numbers already on applicants' receipts. Only a folder that
      // never held a database may get a new one; nothing is touched otherwise.
      const signs = signsOfEarlierDatabase(options.path, options.backupDir, options.logsDir ?? null);
      if (signs.length > 0) throw new StoreStartupError('emptied', places, { evidence: { missing: size < 0, signs } });
    } else {
      // A database from a newer version is refused before anything touches it: no chmod, no
      // switch to WAL. It belongs to that version, which IT may yet reinstall.
      const peek = new Database(options.path, { readonly: true, fileMustExist: true });
      try {
        const version = peek.pragma('user_version', { simple: true }) as number;
        if (version > latest) throw new DatabaseTooNewError(options.path, version, latest);
      } finally {
        peek.close();
      }
    }
    ensureOwnerOnlyFile(options.path);
    db = new Database(options.path);
    applyConnectionSettings(db);
    const found = db.pragma('user_version', { simple: true }) as number;
    if (found > latest) throw new DatabaseTooNewError(options.path, found, latest);

    const pending = migrations.filter((m) => m.version > found);
    // A new file's steps run on empty tables in a moment: nothing to show there.
    const upgrading = pending.length > 0 && hasAnyTable(db);
    const tell = upgrading ? options.onProgress : undefined;
    // A timer every 0 ms would spin: tests asking for every batch still get a still-running report per default interval.
    const stillRunningEveryMs = options.progressIntervalMs || MIGRATION_PROGRESS_INTERVAL_MS;
    const firstStep = pending[0]?.version ?? latest;

    if (size > 0) {
      // Before anything is written: a damaged file must not take new cases (nor be migrated).
      check = startIntegrityCheck(options.path);
      // Before an upgrade the whole verdict is waited for, however long the check takes: a damaged
      // file must never be migrated (the budget is for a normal start, where the check may finish
      // in the background and stop the writes then). The check has no measure of its own (one
      // statement in a worker): told as running until its verdict.
      const waiting = upgrading ? check.verdict : verdictWithin(check, options.integrityBudgetMs ?? START_CHECK_BUDGET_MS);
      const verdict = tell
        ? await tellWhile(waiting, stillRunningEveryMs, () => tell({ stage: 'check', step: firstStep, steps: latest, phase: 'checking', percent: 0 }))
        : await waiting;
      if (verdict !== null) {
        check = null;
        const refusal = refusalFor(verdict, places);
        if (refusal) throw refusal;
        tell?.({ stage: 'check', step: firstStep, steps: latest, phase: 'done', percent: 100 });
      }
    }

    let backupPath: string | null = null;
    if (upgrading) {
      // Off this thread (backup.ts): its last step syncs the whole copy to disk, no page left to count.
      backupPath = await backupBeforeMigration(options.path, options.backupDir, `before-v${latest}`, now(), backupProgress(tell, firstStep, latest), stillRunningEveryMs);
    }
    const reporter = tell ? migrationProgressReporter(tell, latest, { intervalMs: options.progressIntervalMs ?? MIGRATION_PROGRESS_INTERVAL_MS }) : null;
    // No automatic checkpoint inside a step's commit: after a rebuild of the event log the WAL
    // holds gigabytes, and copying them into the file there would hold the start, silent, for as
    // long again. The commit is durable in the WAL; the WAL checkpointer's worker
    // (wal-checkpointer.ts) copies it in the background once the core runs, and a clerk's commit
    // meanwhile skips a checkpoint the worker holds.
    const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    db.pragma('wal_autocheckpoint = 0');
    // Nor a WAL fsync of gigabytes inside the commit, where nothing can be reported: NORMAL
    // leaves it to the checkpoint below (which syncs the WAL before copying it, off this
    // thread). A power cut before that loses only the upgrade, and the next start upgrades again;
    // the first commit after (FULL again) syncs the whole WAL, so no case rests on an unsynced page.
    const synchronous = db.pragma('synchronous', { simple: true }) as number;
    if (upgrading) db.pragma('synchronous = NORMAL');
    try {
      for (const migration of pending) {
        reporter?.begin(migration);
        const { indexSql } = migration;
        if (upgrading && indexSql !== undefined && !migration.foreignKeysOff) {
          // One long CREATE INDEX: in a worker, told as still running meanwhile (index-off-thread.ts).
          const applying = applyIndexStepOffThread(options.path, { ...migration, indexSql });
          await (reporter ? tellWhile(applying, stillRunningEveryMs, () => reporter.indexing(migration)) : applying);
        } else {
          applyMigration(db, migration, reporter ? (p) => reporter.report(p) : undefined, reporter ? () => reporter.committing(migration) : undefined);
        }
        reporter?.end(migration);
      }
    } finally {
      db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
      db.pragma(`synchronous = ${synchronous}`);
    }
    if (upgrading) {
      // Off this thread, so the start screen keeps hearing how far it is (checkpoint-after-migration.ts).
      await checkpointAfterMigration(options.path, checkpointProgress(tell, latest), stillRunningEveryMs);
    }
    // SQLite's advice for long-lived connections: refresh the planner's statistics where they
    // are missing or stale (bounded work), so searches keep choosing good indexes as cases grow.
    db.pragma('optimize=0x10002');
    return { db, schemaVersion: latest, migratedFrom: found, backupPath, integrityCheck: check };
  } catch (err) {
    await check?.cancel();
    try {
      db?.close();
    } catch {
      // Already failing; the first error is the one to tell.
    }
    if (err instanceof DatabaseTooNewError) throw err;
    throw storeStartupErrorFrom(err, places) ?? err;
  }
}

/** The backup's percent as StartProgress (backupBeforeMigration tells it once per interval, changed or not, and at 100). */
function backupProgress(tell: ((progress: StartProgress) => void) | undefined, step: number, steps: number): (percent: number) => void {
  return (percent) => tell?.({ stage: 'backup', step, steps, phase: percent === 100 ? 'done' : 'copying', percent });
}

/** The post-migration checkpoint's percent as StartProgress, passed on each time (once per interval: still running). */
function checkpointProgress(tell: ((progress: StartProgress) => void) | undefined, latest: number): (percent: number) => void {
  return (percent) => tell?.({ stage: 'checkpoint', step: latest, steps: latest, phase: percent === 100 ? 'done' : 'copying', percent });
}

/** -1 when the file does not exist. */
function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return -1;
    throw err;
  }
}

/**
 * The refusal a verdict calls for, or null. Listed problems, or a check stopped by corruption,
 * mean a damaged file; a check that could not run for another reason (the file busy, the
 * worker gone) is no verdict on the file, and the open goes on: a real fault shows on use.
 */
export function refusalFor(verdict: IntegrityVerdict, places: StorePlaces): StoreStartupError | null {
  if (verdict.ok) return null;
  const codeError = verdict.error?.code ? Object.assign(new Error(verdict.error.message), { code: verdict.error.code }) : null;
  const problem = verdict.problems.length > 0 ? 'damaged' : codeError ? problemOf(codeError) : null;
  if (problem !== 'damaged' && problem !== 'not_a_database') return null;
  return new StoreStartupError(problem, places, { cause: new Error(`quick_check: ${describeVerdict(verdict)}`) });
}
