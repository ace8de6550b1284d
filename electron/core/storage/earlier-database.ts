import fs from 'node:fs';
import path from 'node:path';
import { listBackups } from './store-startup-error';

/** The line createCore logs each time it has the store open; its presence in a log means an earlier database. */
export const DATABASE_OPENED_LOG_MESSAGE = 'database opened';

/**
 * Signs, in words for the message, that this folder held a database before: complete backups,
 * a non-empty WAL beside the database, or a log recording that a database was opened here.
 * None of them is made by a first start before its database exists, so a fresh folder shows
 * none, and a database file that is missing or empty in a folder that shows one was lost, not
 * never made. (config.json is no sign: IT staff write it before the first start.)
 */
export function signsOfEarlierDatabase(databasePath: string, backupDir: string, logsDir: string | null): string[] {
  const signs: string[] = [];
  const backups = listBackups(backupDir);
  if (backups.length > 0) signs.push(`备份目录 ${backupDir} 中有 ${backups.length} 份备份`);
  const wal = `${databasePath}-wal`;
  if (sizeOf(wal) > 0) signs.push(`还留有数据库的预写日志 ${path.basename(wal)}`);
  const log = logsDir === null ? null : logRecordingAnOpen(logsDir);
  if (log !== null) signs.push(`日志 ${log} 记录了此前打开过的数据库`);
  return signs;
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** The oldest log file that records an opened database, or null. Read only on this rare path. */
function logRecordingAnOpen(dir: string): string | null {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((f) => /^counter-\d{4}-\d{2}-\d{2}\.log$/.test(f)).sort();
  } catch {
    return null;
  }
  const needle = `"message":"${DATABASE_OPENED_LOG_MESSAGE}"`;
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      if (fs.readFileSync(file, 'utf8').includes(needle)) return file;
    } catch {
      // An unreadable log is no evidence either way.
    }
  }
  return null;
}
