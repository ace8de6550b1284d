import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './database';
import type { Migration } from './migration';
import { MIGRATIONS } from './migrations';
import { backupDatabase } from './backup';

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
}

export interface OpenedDatabase {
  db: Db;
  schemaVersion: number;
  migratedFrom: number;
  /** The backup taken before migrating, or null when nothing needed protecting. */
  backupPath: string | null;
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
 * takes an online backup, then applies pending migrations one transaction each.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const now = options.now ?? (() => new Date());

  // A database from a newer version is refused before anything touches it: no chmod, no
  // switch to WAL. It belongs to that version, which IT may yet reinstall.
  if (fs.existsSync(options.path)) {
    const peek = new Database(options.path, { readonly: true, fileMustExist: true });
    try {
      const version = peek.pragma('user_version', { simple: true }) as number;
      if (version > latest) throw new DatabaseTooNewError(options.path, version, latest);
    } finally {
      peek.close();
    }
  }
  ensureOwnerOnlyFile(options.path);
  const db = new Database(options.path);
  try {
    applyConnectionSettings(db);
    const found = db.pragma('user_version', { simple: true }) as number;
    if (found > latest) throw new DatabaseTooNewError(options.path, found, latest);

    let backupPath: string | null = null;
    const pending = migrations.filter((m) => m.version > found);
    if (pending.length > 0 && hasAnyTable(db)) {
      backupPath = await backupDatabase(db, options.backupDir, `before-v${latest}`, now());
    }
    for (const migration of pending) {
      db.transaction(() => {
        migration.up(db);
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    }
    // SQLite's advice for long-lived connections: refresh the planner's statistics where they
    // are missing or stale (bounded work), so searches keep choosing good indexes as cases grow.
    db.pragma('optimize=0x10002');
    return { db, schemaVersion: latest, migratedFrom: found, backupPath };
  } catch (err) {
    db.close();
    throw err;
  }
}
