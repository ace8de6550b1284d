import { Worker } from 'node:worker_threads';
import type { Db } from './database';
import { nodeRequire } from './node-require';

/**
 * Keeps WAL checkpoints off the clerk's path, and the WAL file bounded and small.
 *
 * - Once the window is quiet, a worker thread with its own connection checkpoints TRUNCATE: the
 *   WAL is copied into the database and cut to nothing (with a short busy wait, so it never
 *   holds up a clerk's write for long).
 * - Under sustained work with no quiet moment, the WAL is started over from its beginning (the
 *   file reused in place) each time it reaches RESTART_FRAMES. SQLite starts it over at a write
 *   transaction that begins with every frame already copied, so the copy must fall between two
 *   transactions: the worker, watching the WAL's size, asks the main thread, and the main
 *   connection checkpoints PASSIVE in that message's turn of the event loop, where no call is
 *   running and no transaction is open (better-sqlite3's transactions are synchronous). It copies
 *   every frame, so the next commit starts the WAL over, and it never shares the disk with a
 *   clerk's commit. A checkpoint from the worker while calls run did (until issue 14): at random
 *   moments it overlapped one accept in eleven, its copy and database fsync queued before that
 *   accept's WAL fsync, and it rarely landed in a gap, so it was tried ten times per start-over;
 *   bench:intake's accept p99 was 3.0–3.5 ms over the disk's own fsync p99, 1.4–1.8 ms after.
 *   The price is one pause of the main thread every ~10 MiB written back to back (8 ms median,
 *   13 ms p99 for 2,560 frames here), after a reply, never inside a call.
 * - The main connection's own automatic checkpoint (which runs inside the commit that crosses it,
 *   copying and fsyncing the database there) is kept only as a backstop at AUTOCHECKPOINT_PAGES,
 *   above RESTART_FRAMES: it runs only when the event loop never turned (a bulk job) or the worker
 *   has died, and then still keeps the WAL under WAL_BOUND_BYTES. When it did the bounding
 *   (issue 11), two accepts in every ~130 paid for it, more than 1 % of accepts.
 * Only the commit that starts the WAL over pays one extra fsync (SQLite syncs a new WAL header
 * before its first frames under synchronous=FULL); durability is unchanged, every checkpoint
 * syncs the WAL and the database.
 *
 * The worker learns how far the WAL has grown from the WAL-index header in the `-shm` file
 * (mxFrame and nBackfill, https://www.sqlite.org/walformat.html §2.2), read without a lock: it
 * only decides when to checkpoint, never what is durable, and a torn or unfamiliar header just
 * falls back to timed checkpoints of its own while the backstop bounds the WAL. The main thread
 * tells the worker about activity through a shared counter: no message per commit, no clock read
 * on the commit path.
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
// Asked once per WAL generation, and again after reaskMs if the WAL has not started over (the main
// thread's checkpoint found a reader in the way, or the message met a busy loop).
let askedAt = 0;
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
  if (frames) {
    if (frames.mxFrame < workerData.restartFrames) {
      askedAt = 0;
      return;
    }
    // Past the backstop the main connection checkpoints after each commit until the WAL starts
    // over; one of its own asked for now would only repeat it.
    if (frames.mxFrame >= workerData.backstopFrames) return;
    if (frames.mxFrame > frames.nBackfill && now - askedAt >= workerData.reaskMs) {
      askedAt = now;
      parentPort.postMessage({ kind: 'restart' });
    }
    return;
  }
  // An unreadable WAL-index header: timed checkpoints of the worker's own, the backstop bounding.
  if (current === checkpointed) return;
  if (!quiet && now - lastCheckpoint < workerData.maxDelayMs) return;
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
  /** Longest time between the worker's own checkpoints while activity never pauses, when it cannot read the WAL's size. */
  maxDelayMs?: number;
  onError?: (message: string) => void;
}

/**
 * The most the WAL file may reach while the app runs (README, "What is stored"): 16 MiB, against
 * 80+ MB before issue 11. It stays near RESTART_FRAMES while the event loop turns between
 * commits, under the backstop plus a few commits when it does not (test/integration/storage/
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
 * Where the WAL is started over under sustained work, in frames (one 4 KiB page each, 4,120
 * bytes with its header): 10 MiB. High, because each start over costs the commit that makes it
 * one fsync more and the main thread one checkpoint (an accept and its notice write some 33
 * frames, so this is once in about 77 accepts), and low enough to leave the main thread some 30
 * accepts' time to take its turn before the backstop.
 */
export const RESTART_FRAMES = 2560;
/**
 * The main connection's automatic checkpoint, in pages: 14 MiB of frames, a backstop above
 * RESTART_FRAMES. It runs (inside the commit that crosses it, and after each one until the WAL
 * starts over) only when the worker has fallen behind or died; the worker stands aside past it,
 * and the 2 MiB left under WAL_BOUND_BYTES are for the commits made meanwhile.
 */
export const AUTOCHECKPOINT_PAGES = 3584;

/**
 * Sets the main connection `db` (of the database file at `path`) to checkpoint on its own only as
 * the backstop, and starts the worker that says when to checkpoint (see above); `db` then
 * checkpoints in turns of the event loop of its own. Call `noteActivity()`
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
      backstopFrames: AUTOCHECKPOINT_PAGES,
      reaskMs: 1000,
      quietMs: options.quietMs ?? 300,
      maxDelayMs: options.maxDelayMs ?? 2000,
    },
  });
  worker.unref();
  let exited = false;
  let stopping = false;
  /** The checkpoint that lets the next commit start the WAL over, in a turn of its own (see above). */
  const restartHere = (): void => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (err) {
      // A closed or failing store: the worker asks again while the WAL stays long.
      options.onError?.(err instanceof Error ? err.message : String(err));
    }
  };
  worker.once('exit', () => {
    exited = true;
  });
  worker.on('message', (m: { kind: string; message?: string }) => {
    if (m.kind === 'error') options.onError?.(m.message ?? '');
    if (m.kind === 'restart' && !stopping) restartHere();
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
      stopping = true;
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
