import { Worker } from 'node:worker_threads';
import type { Db } from './database';
import { nodeRequire } from './node-require';

/**
 * Moves WAL checkpoints off the clerk's path. SQLite's automatic checkpoint runs inside the
 * commit that crosses the threshold, so one accept in ~60 would also copy a thousand pages
 * into the database and fsync it. Here a worker thread with its own connection checkpoints
 * (PASSIVE: it never blocks a writer) every second, while the main connection keeps a far
 * higher automatic threshold only as a safety net should the worker ever stop.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
let stopping = false;
const timer = setInterval(() => {
  if (stopping) return;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ kind: 'error', message: String(err && err.message || err) });
  }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stop') {
    stopping = true;
    clearInterval(timer);
    db.close();
    parentPort.postMessage({ kind: 'stopped' });
  }
});
`;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

export const SAFETY_NET_AUTOCHECKPOINT_PAGES = 20_000;

export function startWalCheckpointer(
  db: Db,
  path: string,
  options: { intervalMs?: number; onError?: (message: string) => void } = {},
): WalCheckpointer {
  db.pragma(`wal_autocheckpoint = ${SAFETY_NET_AUTOCHECKPOINT_PAGES}`);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, driver: nodeRequire().resolve('better-sqlite3'), intervalMs: options.intervalMs ?? 1000 },
  });
  worker.unref();
  worker.on('message', (m: { kind: string; message?: string }) => {
    if (m.kind === 'error') options.onError?.(m.message ?? '');
  });
  worker.on('error', (err) => {
    // Without the worker the safety net still bounds the WAL; restore SQLite's usual threshold.
    options.onError?.(err.message);
    db.pragma('wal_autocheckpoint = 1000');
  });
  return {
    stop() {
      return new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.once('exit', done);
        worker.on('message', (m: { kind: string }) => {
          if (m.kind === 'stopped') void worker.terminate();
        });
        worker.postMessage('stop');
        setTimeout(() => void worker.terminate(), 2000).unref();
      });
    },
  };
}
