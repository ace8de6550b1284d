import fs from 'node:fs';
import path from 'node:path';

// Electron main may import the core only through its doors (this file is one of them; the
// core's index would bring the whole core and its database module into main): main writes its
// lines with the core's own logger, so one rule about a line's keys and masking holds for both.
export { createLogger, type Logger, type LoggerOptions } from './logger';

export const LOG_DAYS_KEPT = 30;

/**
 * A writer for createLogger that appends each line to `counter-YYYY-MM-DD.log` (UTC day) in
 * `dir`, and also to stderr. The desktop app has no console, so IT staff read these files;
 * log lines are rare (start, failures), so a synchronous append is cheap and survives a crash.
 * Electron's main process writes to the same files (each line says its `source`), so one file
 * tells the whole story of a day; lines are single appends, so the two processes never tear
 * each other's lines.
 */
export function logFileWriter(dir: string, alsoStderr = true): (line: string) => void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  pruneLogFiles(dir, LOG_DAYS_KEPT);
  return (line) => {
    if (alsoStderr) {
      try {
        process.stderr.write(`${line}\n`);
      } catch {
        // A packaged Windows GUI process may have no usable stderr; the file below still gets it.
      }
    }
    try {
      fs.appendFileSync(path.join(dir, `counter-${new Date().toISOString().slice(0, 10)}.log`), `${line}\n`, { mode: 0o600 });
    } catch {
      // A full or read-only disk must not turn a log line into a failed call; stderr still has it.
    }
  };
}

export function pruneLogFiles(dir: string, keep: number): void {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^counter-\d{4}-\d{2}-\d{2}\.log$/.test(f))
    .sort();
  for (const old of files.slice(0, Math.max(0, files.length - keep))) fs.rmSync(path.join(dir, old), { force: true });
}
