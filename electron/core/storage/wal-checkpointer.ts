import { Worker } from 'node:worker_threads';
import type { Db } from './database';
import { nodeRequire } from './node-require';

/**
 * Moves WAL checkpoints off the clerk's path, and keeps the WAL file small.
 *
 * A worker thread with its own connection checkpoints PASSIVE (never blocks a writer) when the
 * window has been quiet for a moment, and at the latest every few seconds under continuous work,
 * so the database keeps up with the WAL; once quiet it also truncates the WAL to nothing
 * (TRUNCATE, with a short busy wait so it never holds up a clerk's write for long).
 *
 * What bounds the WAL under sustained accepts is the main connection's own automatic checkpoint:
 * a background PASSIVE checkpoint never catches frames committed while it runs, so under
 * continuous work the WAL never starts over and only grows (80+ MB measured, enough to fill a
 * small disk). The committing connection is the only writer, so its checkpoint right after a
 * commit catches every frame and the next commit starts the WAL over, cut back to
 * `journal_size_limit`. Its threshold is high enough that at most about one accept in 300 pays
 * for it (the worker has copied most frames already, so it is mostly one fsync), which keeps it
 * out of the accept latency's 99th percentile, and low enough that the WAL stays under
 * WAL_BOUND_BYTES.
 *
 * The main thread tells the worker about activity through a shared counter: no message per
 * commit, no clock read on the commit path.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const activity = new Int32Array(workerData.activity);
const db = new Database(workerData.path);
// Short: TRUNCATE holds the write lock while it waits, and a clerk's commit would wait with it.
db.pragma('busy_timeout = 50');
db.pragma('journal_size_limit = ' + workerData.journalSizeLimit);
let seen = Atomics.load(activity, 0);
let checkpointed = seen;
let truncated = seen;
let lastActive = Date.now();
let lastCheckpoint = Date.now();
let lastReported = 0;
const checkpoint = (mode) => {
  try {
    const result = db.pragma('wal_checkpoint(' + mode + ')')[0];
    return !result || result.busy === 0;
  } catch (err) {
    // Retried every tick while it lasts (a failing disk): told once a minute, not ten times a second.
    if (Date.now() - lastReported >= 60000) {
      lastReported = Date.now();
      parentPort.postMessage({ kind: 'error', message: String((err && err.message) || err) });
    }
    return false;
  }
};
const timer = setInterval(() => {
  const now = Date.now();
  const current = Atomics.load(activity, 0);
  if (current !== seen) {
    seen = current;
    lastActive = now;
  }
  const quiet = now - lastActive >= workerData.quietMs;
  if (quiet && current !== truncated) {
    // TRUNCATE takes the write lock while it copies and cuts: a few ms when the WAL was already
    // copied; if a reader is in the way it gives up after the short busy time and tries again.
    if (checkpoint('TRUNCATE')) {
      truncated = current;
      checkpointed = current;
      lastCheckpoint = now;
    }
    return;
  }
  if (current === checkpointed) return;
  const overdue = now - lastCheckpoint >= workerData.maxDelayMs;
  if (!quiet && !overdue) return;
  checkpoint('PASSIVE');
  checkpointed = current;
  lastCheckpoint = now;
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

/**
 * The most the WAL file may reach while the app runs (README, "What is stored"): 16 MiB, against
 * 80+ MB before. Measured peak over 3,000 accepts in a row: about 12.5 MiB (test/integration/
 * core/store-health.test.ts), and 0 bytes a moment after the window goes quiet.
 */
export const WAL_BOUND_BYTES = 16 * 1024 * 1024;
/**
 * What a WAL that starts over is cut back to (`PRAGMA journal_size_limit`): the bound itself, so
 * under sustained accepts the file is reused in place rather than cut to a few MiB and grown
 * again. Every commit that extends the file pays for the file system's metadata in its fsync;
 * cutting to 4 MiB put that cost on some 200 accepts per cycle and raised accept p99 by about
 * 3 ms in bench:intake. The quiet-time TRUNCATE still takes it to 0 bytes.
 */
export const JOURNAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;
/**
 * The main connection's automatic checkpoint, in pages (4 KiB each): 12 MiB, leaving room under
 * WAL_BOUND_BYTES for the commits between crossing it and the WAL starting over. An accept writes
 * about 40 KiB of WAL, so this is one accept in some 300.
 */
export const AUTOCHECKPOINT_PAGES = 3072;

export function startWalCheckpointer(db: Db, path: string, options: WalCheckpointerOptions = {}): WalCheckpointer {
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  const shared = new SharedArrayBuffer(4);
  const activity = new Int32Array(shared);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path,
      driver: nodeRequire().resolve('better-sqlite3'),
      activity: shared,
      tickMs: 100,
      journalSizeLimit: JOURNAL_SIZE_LIMIT_BYTES,
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
    // Without the worker the main connection's own checkpoint still bounds the WAL.
    options.onError?.(err.message);
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
