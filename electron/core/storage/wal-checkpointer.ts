import { Worker } from 'node:worker_threads';
import type { Db } from './database';
import { nodeRequire } from './node-require';

/**
 * Moves WAL checkpoints off the clerk's path, and keeps the WAL file bounded and small.
 *
 * A worker thread with its own connection does every checkpoint the app needs:
 * - while the window works, PASSIVE checkpoints (they never block a writer) copy the WAL into
 *   the database, at the latest every few seconds and whenever a few MiB are waiting;
 * - when the WAL has grown to RESTART_FRAMES, it checkpoints PASSIVE again right after each
 *   commit ends, copying only that commit's frames in the gap before the next transaction, until
 *   one transaction begins with every frame copied: that transaction starts the WAL over from its
 *   beginning, reusing the file in place. This is what bounds the WAL under sustained accepts
 *   with no idle moment: a checkpoint never catches the frames committed while it runs, so
 *   checkpoints at random moments leave the WAL only growing (80+ MB measured);
 * - once the window is quiet, TRUNCATE cuts the WAL to nothing (with a short busy wait, so it
 *   never holds up a clerk's write for long).
 *
 * The clerk's commits pay for none of it. The main connection's own automatic checkpoint (which
 * runs inside the commit that crosses it, copying and fsyncing the database there) is kept only
 * as a backstop at AUTOCHECKPOINT_PAGES, above where the worker starts the WAL over: it runs only
 * if the worker falls behind or has died, and then still keeps the WAL under WAL_BOUND_BYTES.
 * When the backstop did the bounding (issue 11), two accepts in every ~130 paid for it (the copy
 * and two fsyncs, then the restarted WAL's header fsync), which is more than 1 % of accepts and
 * so showed directly in bench:intake's p99. Now, while the worker keeps up, only the restarting
 * commit pays one extra fsync (SQLite syncs a new WAL header before its first frames under
 * synchronous=FULL); durability is unchanged, every checkpoint syncs the WAL and the database
 * as before.
 *
 * The worker learns how far the WAL has grown from the WAL-index header in the `-shm` file
 * (mxFrame and nBackfill, https://www.sqlite.org/walformat.html §2.2), read without a lock: it
 * only decides when to checkpoint, never what is durable, and a torn or unfamiliar header just
 * falls back to the timed checkpoints while the backstop bounds the WAL. The main thread tells
 * the worker about activity through a shared counter: no message per commit, no clock read on
 * the commit path.
 */
const WORKER_SOURCE = `
const fs = require('node:fs');
const os = require('node:os');
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
const report = (err) => {
  // Retried every tick while it lasts (a failing disk): told once a minute, not ten times a second.
  if (Date.now() - lastReported >= 60000) {
    lastReported = Date.now();
    parentPort.postMessage({ kind: 'error', message: String((err && err.message) || err) });
  }
};
/** { busy, log, checkpointed } of one checkpoint, or null when it failed. */
const checkpoint = (mode) => {
  try {
    return db.pragma('wal_checkpoint(' + mode + ')')[0] || { busy: 0, log: 0, checkpointed: 0 };
  } catch (err) {
    report(err);
    return null;
  }
};
// The WAL-index header (walformat.html 2.2), in the machine's byte order: two copies of 48 bytes
// (iVersion at 0, isInit at 12, mxFrame at 16), then nBackfill at 96.
let shm = null;
const header = Buffer.alloc(100);
const u32 = (offset) => (os.endianness() === 'LE' ? header.readUInt32LE(offset) : header.readUInt32BE(offset));
const walFrames = () => {
  try {
    if (shm === null) shm = fs.openSync(workerData.path + '-shm', 'r');
    if (fs.readSync(shm, header, 0, 100, 0) < 100) return null;
  } catch {
    return null;
  }
  // A header caught mid-update (the copies differ) or of another layout is no answer.
  if (u32(0) !== 3007000 || header[12] !== 1 || header.compare(header, 0, 48, 48, 96) !== 0) return null;
  return { mxFrame: u32(16), nBackfill: u32(96) };
};
/**
 * PASSIVE checkpoints until the WAL starts over, for at most a moment and a few tries; true when
 * it did. The WAL starts over at a transaction that begins when every frame is in the database;
 * a checkpoint copies the frames there were when it began, so one that overlaps a transaction
 * leaves that transaction's frames behind. So after each checkpoint the worker waits for the next
 * commit to end (a call ended and the WAL grew) and checkpoints at once, in the gap before the
 * next transaction, with only that commit's frames to copy; a call that wrote nothing is no such
 * gap, and a WAL that shrank has started over. Back to back, checkpoints would mostly overlap
 * transactions and only add fsyncs.
 */
const catchUp = (startFrames) => {
  const until = Date.now() + workerData.catchUpMs;
  for (let tries = 0; tries < workerData.catchUpTries; tries++) {
    const result = checkpoint('PASSIVE');
    if (!result || result.busy !== 0) return false;
    const copied = walFrames();
    if (!copied) return false;
    for (;;) {
      const left = until - Date.now();
      if (left <= 0) return false;
      Atomics.wait(activity, 0, Atomics.load(activity, 0), Math.min(workerData.gapWaitMs, left));
      const frames = walFrames();
      if (!frames || frames.mxFrame >= workerData.backstopFrames) return false;
      if (frames.mxFrame < startFrames) return true;
      if (frames.mxFrame !== copied.mxFrame) break;
    }
  }
  return false;
};
// After a catch-up that found no gap (commits back to back, a bulk job), the next waits until the
// WAL has grown by copyFrames more, rather than checkpointing after every commit; the backstop
// starts the WAL over if none finds one.
let catchUpFrom = workerData.restartFrames;
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
    const result = checkpoint('TRUNCATE');
    if (result && result.busy === 0) {
      truncated = current;
      checkpointed = current;
      lastCheckpoint = now;
    }
    return;
  }
  const frames = walFrames();
  if (frames && frames.mxFrame < workerData.restartFrames) catchUpFrom = workerData.restartFrames;
  // Past the backstop the main connection checkpoints after each commit until the WAL starts over;
  // a checkpoint of the worker's would only make it fail (one checkpointer at a time).
  if (frames && frames.mxFrame >= workerData.backstopFrames) return;
  if (frames && frames.mxFrame > frames.nBackfill) {
    if (frames.mxFrame >= catchUpFrom) {
      if (!catchUp(frames.mxFrame)) catchUpFrom = (walFrames() || frames).mxFrame + workerData.copyFrames;
      checkpointed = current;
      lastCheckpoint = Date.now();
      return;
    }
    if (frames.mxFrame - frames.nBackfill >= workerData.copyFrames) {
      checkpoint('PASSIVE');
      checkpointed = current;
      lastCheckpoint = Date.now();
      return;
    }
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
    if (shm !== null) fs.closeSync(shm);
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
 * 80+ MB before issue 11. It stays near RESTART_FRAMES while the worker finds gaps between
 * commits, under the backstop plus a few commits when it finds none (test/integration/storage/
 * wal-checkpointer.test.ts, test/integration/core/store-health.test.ts), and is 0 bytes a moment
 * after the window goes quiet.
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
 * Where the worker starts making the WAL start over, in frames (one 4 KiB page each, 4,120 bytes
 * with its header): 10 MiB. High, because every start over costs the commit that makes it one
 * fsync more (an accept writes some 23 frames, so this is one accept in about 110), and low
 * enough to leave the worker some 50 accepts' time to find a gap before the backstop.
 */
export const RESTART_FRAMES = 2560;
/** While the window works, the worker copies the WAL into the database whenever this many frames wait (4 MiB). */
export const COPY_FRAMES = 1024;
/**
 * The main connection's automatic checkpoint, in pages: 14 MiB of frames, a backstop above
 * RESTART_FRAMES. It runs (inside the commit that crosses it, and after each one until the WAL
 * starts over) only when the worker has fallen behind or died; the worker stands aside past it,
 * and the 2 MiB left under WAL_BOUND_BYTES are for the commits made meanwhile.
 */
export const AUTOCHECKPOINT_PAGES = 3584;

/**
 * Sets the main connection `db` (of the database file at `path`) to checkpoint only as the
 * backstop, and starts the worker that does the checkpoints (see above). Call `noteActivity()`
 * after each call that may have written, and `stop()` before closing `db`. Worker failures are
 * reported through `options.onError` (at most once a minute while they last), never thrown.
 */
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
      tickMs: 50,
      journalSizeLimit: JOURNAL_SIZE_LIMIT_BYTES,
      restartFrames: RESTART_FRAMES,
      copyFrames: COPY_FRAMES,
      backstopFrames: AUTOCHECKPOINT_PAGES,
      catchUpMs: 250,
      catchUpTries: 12,
      gapWaitMs: 20,
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
      // Wakes the worker only while it waits for a gap between commits (catchUp); otherwise a
      // check of an empty waiter list.
      Atomics.notify(activity, 0);
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
