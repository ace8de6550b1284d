import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './database';

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
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  removeAbandonedPartials(dir);
  const file = path.join(dir, `counter-${stamp(at)}-${label}.sqlite`);
  // Written under another name and renamed when complete: a backup cut short by a full disk or
  // a crash never looks like a good one (nor counts as today's).
  const partial = `${file}.partial`;
  writing.add(partial);
  try {
    fs.closeSync(fs.openSync(partial, 'w', 0o600));
    // A hundred pages a turn of the event loop (better-sqlite3's default, kept): the process
    // stays free to pass the percent on.
    const progress = ({ totalPages, remainingPages }: { totalPages: number; remainingPages: number }): number => {
      onProgress?.(percentDone(totalPages, remainingPages));
      return BACKUP_PAGES_PER_STEP;
    };
    await (onProgress ? db.backup(partial, { progress }) : db.backup(partial));
    blankSyncCredentials(partial);
    onProgress?.(100);
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
