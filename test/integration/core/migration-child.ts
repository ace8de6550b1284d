/**
 * Child process of migration-kill.test.ts: opens (and so migrates) the database file given, as
 * the app does at start, writing every start-progress report to stdout as a JSON line, then
 * `OPENED <version>` — unless it is killed first, which is the point.
 */
import path from 'node:path';
import { openDatabase } from '../../../electron/core/storage/open-database';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: migration-child <database file>');
  const opened = await openDatabase({
    path: file,
    backupDir: path.join(path.dirname(file), 'backups'),
    logsDir: null,
    onProgress: (p) => process.stdout.write(`${JSON.stringify(p)}\n`),
    // Every batch reported, so the test can kill it after the first rows, on however fast a machine.
    progressIntervalMs: 0,
  });
  await opened.integrityCheck?.cancel();
  process.stdout.write(`OPENED ${opened.schemaVersion}\n`);
  opened.db.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
