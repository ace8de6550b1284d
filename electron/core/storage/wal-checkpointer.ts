import { Worker } from 'node:worker_threads';
import type { Db } from './database';
import { nodeRequire } from './node-require';

/**
 * Moves WAL checkpoints off the clerk's path. SQLite's automatic checkpoint runs inside the
 * commit that crosses its threshold, so one accept in every few dozen would also copy a
 * thousand pages into the database and fsync it. Here a worker thread with its own connection
 * checkpoints (PASSIVE: it never blocks a writer) when the window has been quiet for a moment,
 * and at the latest every few seconds under continuous work, so the WAL stays small. The main
 * connection keeps a far higher automatic threshold only as a safety net should the worker stop.
 *
 * The main thread tells the worker about activity through a shared counter: no message per
 * commit, no clock read on the commit path.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const activity = new Int32Array(workerData.activity);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
let seen = Atomics.load(activity, 0);
let checkpointed = seen;
let lastActive = Date.now();
let lastCheckpoint = Date.now();
const timer = setInterval(() => {
  const now = Date.now();
  const current = Atomics.load(activity, 0);
  if (current !== seen) {
    seen = current;
    lastActive = now;
  }
  if (current === checkpointed) return;
  const quiet = now - lastActive >= workerData.quietMs;
  const overdue = now - lastCheckpoint >= workerData.maxDelayMs;
  if (!quiet && !overdue) return;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    checkpointed = current;
    lastCheckpoint = now;
  } catch (err) {
    parentPort.postMessage({ kind: 'error', message: String((err && err.message) || err) });
  }
}, workerData.tickMs);
parentPort.on('message', (m) => {
  if (m === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.postMessage({ kind: 'stopped' });
  }
});
`;

export interface WalCheckpointer {
  /** Call after anything that may have written: the worker waits for a quiet moment after it. */
  noteActivity(): void;
  stop(): Promise<void>;
}

export interface WalCheckpointerOptions {
  /** Quiet time after the last activity before checkpointing. */
  quietMs?: number;
  /** Longest time between checkpoints while activity never pauses. */
  maxDelayMs?: number;
  onError?: (message: string) => void;
}

export const SAFETY_NET_AUTOCHECKPOINT_PAGES = 20_000;

export function startWalCheckpointer(db: Db, path: string, options: WalCheckpointerOptions = {}): WalCheckpointer {
  db.pragma(`wal_autocheckpoint = ${SAFETY_NET_AUTOCHECKPOINT_PAGES}`);
  const shared = new SharedArrayBuffer(4);
  const activity = new Int32Array(shared);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path,
      driver: nodeRequire().resolve('better-sqlite3'),
      activity: shared,
      tickMs: 100,
      quietMs: options.quietMs ?? 300,
      maxDelayMs: options.maxDelayMs ?? 2000,
    },
  });
  worker.unref();
  let exited = false;
  worker.once('exit', () => {
    exited = true;
  });
  worker.on('message', (m: { kind: string; message?: string }) => {
    if (m.kind === 'error') options.onError?.(m.message ?? '');
  });
  worker.on('error', (err) => {
    // Without the worker, SQLite's usual threshold keeps the WAL bounded again.
    options.onError?.(err.message);
    db.pragma('wal_autocheckpoint = 1000');
  });
  return {
    noteActivity() {
      Atomics.add(activity, 0, 1);
    },
    stop() {
      // A worker that already died (its 'error' was reported) will not exit a second time.
      if (exited) return Promise.resolve();
      return new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (m: { kind: string }) => {
          if (m.kind === 'stopped') void worker.terminate();
        });
        worker.postMessage('stop');
        setTimeout(() => void worker.terminate(), 2000).unref();
      });
    },
  };
}
