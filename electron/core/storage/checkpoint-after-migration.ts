import { Worker } from 'node:worker_threads';
import { nodeRequire } from './node-require';
import { walProgress } from './wal-index';

/**
 * One PASSIVE checkpoint on a connection of its own in a worker thread: copies the WAL a
 * migration left (gigabytes after the event log's rebuild) into the database file while the
 * calling thread stays free to report how far it is. PASSIVE: it never waits for a reader (the
 * start-up integrity check may still be reading the file as it was); what it cannot copy now the
 * WAL checkpointer (wal-checkpointer.ts) copies later, between calls.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.path, { fileMustExist: true });
  db.pragma('busy_timeout = 0');
  const row = db.pragma('wal_checkpoint(PASSIVE)')[0] || {};
  parentPort.postMessage({ ok: true, busy: row.busy, log: row.log, checkpointed: row.checkpointed });
} catch (err) {
  parentPort.postMessage({ ok: false, message: String((err && err.message) || err) });
} finally {
  try { db && db.close(); } catch {}
}
`;

/**
 * Checkpoints `databasePath`'s WAL in a worker, calling `onPercent` (whole percent of the WAL's
 * frames copied, as the WAL-index header says; 100 once done) every `intervalMs` meanwhile. Never rejects: a checkpoint that could not run is
 * left to the WAL checkpointer; resolves with what SQLite said, or the error's words.
 */
export function checkpointAfterMigration(databasePath: string, onPercent: (percent: number) => void, intervalMs: number): Promise<{ ok: boolean; detail: string }> {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path: databasePath, driver: nodeRequire().resolve('better-sqlite3') } });
  // Told every interval, changed or not: SQLite moves nBackfill in the header only as a checkpoint
  // ends, so during one long copy the percent stands still, and the screen still hears it runs.
  let percent = 0;
  const timer = setInterval(() => {
    const wal = walProgress(databasePath);
    if (wal && wal.mxFrame > 0) percent = Math.max(percent, Math.min(99, Math.floor((100 * wal.nBackfill) / wal.mxFrame)));
    onPercent(percent);
  }, intervalMs);
  return new Promise<{ ok: boolean; detail: string }>((resolve) => {
    worker.once('message', (m: { ok: boolean; busy?: number; log?: number; checkpointed?: number; message?: string }) =>
      resolve(m.ok ? { ok: true, detail: `busy ${m.busy ?? '?'}, frames ${m.checkpointed ?? '?'} of ${m.log ?? '?'}` } : { ok: false, detail: m.message ?? 'failed' }),
    );
    worker.once('error', (err) => resolve({ ok: false, detail: err.message }));
    worker.once('exit', () => resolve({ ok: false, detail: 'checkpoint worker exited without a word' }));
  }).finally(() => {
    clearInterval(timer);
    onPercent(100);
  });
}
