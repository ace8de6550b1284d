import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './database';

function stamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/**
 * SQLite's online backup: a consistent copy taken while the database stays open (and, for the
 * daily backup, in use). The copy holds personal data, so it gets the same owner-only mode.
 */
export async function backupDatabase(db: Db, dir: string, label: string, at: Date): Promise<string> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `counter-${stamp(at)}-${label}.sqlite`);
  // Written under another name and renamed when complete: a backup cut short by a full disk or
  // a crash never looks like a good one (nor counts as today's).
  const partial = `${file}.partial`;
  fs.closeSync(fs.openSync(partial, 'w', 0o600));
  try {
    await db.backup(partial);
    fs.chmodSync(partial, 0o600);
    fs.renameSync(partial, file);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
  return file;
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
