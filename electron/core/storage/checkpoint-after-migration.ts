import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { nodeRequire } from './node-require';

/**
 * One PASSIVE checkpoint on a connection of its own in a worker thread: copies the WAL a
 * migration left (gigabytes after the event log's rebuild) into the database file while the
 * calling thread stays free to report how far it is. PASSIVE: it never waits for a reader (the
 * start-up integrity check may still be reading the file as it was); what it cannot copy now the
 * WAL checkpointer (wal-checkpointer.ts) copies later, in the background.
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

/** How far a checkpoint is, from the WAL-index header (walformat.html §2.2): frames in the WAL, frames copied. */
export function walProgress(databasePath: string): { mxFrame: number; nBackfill: number } | null {
  let fd: number | null = null;
  try {
    fd = fs.openSync(`${databasePath}-shm`, 'r');
    const header = new Uint8Array(100);
    if (fs.readSync(fd, header, 0, 100, 0) < 100) return null;
    const view = new DataView(header.buffer);
    const little = os.endianness() === 'LE';
    const u32 = (offset: number): number => view.getUint32(offset, little);
    // A header caught mid-update (its two copies differ) or of another layout is no answer.
    const copiesAgree = header.subarray(0, 48).every((b, i) => b === header[48 + i]);
    if (u32(0) !== 3007000 || header[12] !== 1 || !copiesAgree) return null;
    return { mxFrame: u32(16), nBackfill: u32(96) };
  } catch {
    return null;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

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
