import type { Db } from './database';
import { walProgress } from './wal-index';

/**
 * Keeps WAL checkpoints off the clerk's path, and the WAL file bounded and small.
 *
 * Every checkpoint runs on the main connection, in a turn of the event loop of its own (a timer's
 * tick): between calls, or while a call awaits I/O, never inside a transaction (better-sqlite3's
 * transactions are synchronous). So a checkpoint never shares the disk with a clerk's commit, and
 * it copies every frame, so the WAL can start over at the next commit.
 * - Once the window is quiet, TRUNCATE copies the WAL into the database and cuts it to nothing
 *   (with no busy wait: a reader in the way, such as the start-up integrity check, makes it try
 *   again a second later rather than hold the write lock).
 * - Under sustained work with no quiet moment, PASSIVE copies the WAL when it reaches
 *   RESTART_FRAMES; SQLite starts it over from its beginning (the file reused in place) at the
 *   next write transaction, which begins with every frame copied.
 * Until issue 14 a worker thread checkpointed on a connection of its own while calls ran: at
 * random moments it overlapped one accept in eleven, its copy and database fsync queued ahead of
 * that accept's WAL fsync, it rarely landed in the gap between two commits (tried ten times per
 * start-over), and its quiet-time TRUNCATE took the write lock inside any call that ran longer
 * than the quiet time. bench:intake's accept p99 was 3.0–3.5 ms over the disk's own fsync p99;
 * 1.4–2.2 ms since. The price is a pause of the main thread every ~10 MiB written back to back
 * (8 ms median, 13 ms p99 for 2,560 frames on the bench's disk; bench:intake reports the event
 * loop's delay), never inside a transaction.
 * The main connection's own automatic checkpoint (which runs inside the commit that crosses it,
 * copying and fsyncing the database there) is kept only as a backstop at AUTOCHECKPOINT_PAGES,
 * above RESTART_FRAMES: it runs only when the event loop does not turn between commits for that
 * long (a bulk job), and then still keeps the WAL under WAL_BOUND_BYTES. When it did the bounding
 * (issue 11), two accepts in every ~130 paid for it, more than 1 % of accepts.
 * Only the commit that starts the WAL over pays one extra fsync (SQLite syncs a new WAL header
 * before its first frames under synchronous=FULL); durability is unchanged, every checkpoint
 * syncs the WAL and the database.
 *
 * How far the WAL has grown is read from the WAL-index header in the `-shm` file (mxFrame and
 * nBackfill, wal-index.ts), 100 bytes per tick: it only decides
 * when to checkpoint, never what is durable, and a torn or unfamiliar header falls back, after
 * `maxDelayMs` of such reads, to checkpoints by time alone. Calls tell it about activity through
 * a counter: no clock read on the commit path.
 */
export interface WalCheckpointer {
  /** Call after anything that may have written: the WAL is cut once a quiet moment follows it. */
  noteActivity(): void;
  stop(): Promise<void>;
}

export interface WalCheckpointerOptions {
  /** Quiet time after the last activity before checkpointing. */
  quietMs?: number;
  /** Longest time between two checkpoints while activity never pauses, when the WAL's size cannot be read. */
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
 * frames, so this is once in about 77 accepts), and low enough to leave the event loop some 30
 * accepts' time to turn before the backstop.
 */
export const RESTART_FRAMES = 2560;
/**
 * The main connection's automatic checkpoint, in pages: 14 MiB of frames, a backstop above
 * RESTART_FRAMES. It runs (inside the commit that crosses it, and after each one until the WAL
 * starts over) only when the event loop has not turned between commits since RESTART_FRAMES; the
 * 2 MiB left under WAL_BOUND_BYTES are for the commits made meanwhile.
 */
export const AUTOCHECKPOINT_PAGES = 3584;

/** How often the WAL's size is looked at, ms. */
const TICK_MS = 50;
/** Least time between two tries of a checkpoint that found a reader in the way, or failed, ms. */
const RETRY_MS = 1000;
/** Least time between two reports of failing checkpoints (a failing disk), ms. */
const REPORT_EVERY_MS = 60_000;

/**
 * Sets the main connection `db` (of the database file at `path`) to checkpoint on its own only as
 * the backstop, and starts the timer that checkpoints it between calls (see above). Call
 * `noteActivity()` after each call that may have written, and `stop()` before closing `db`.
 * Checkpoint failures are reported through `options.onError` (at most once a minute while they
 * last), never thrown.
 */
export function startWalCheckpointer(db: Db, path: string, options: WalCheckpointerOptions = {}): WalCheckpointer {
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
  const quietMs = options.quietMs ?? 300;
  const maxDelayMs = options.maxDelayMs ?? 2000;
  let activity = 0;
  let seen = 0;
  let lastActive = Date.now();
  /** The activity count the WAL was last cut to nothing at: one TRUNCATE per quiet spell. */
  let truncatedAt = -1;
  let lastTry = 0;
  let lastCheckpoint = Date.now();
  let unreadableSince: number | null = null;
  let lastReported = 0;
  let stopped = false;

  /** One checkpoint in this turn; true when it copied every frame (and for TRUNCATE, cut the file). */
  const checkpoint = (mode: 'PASSIVE' | 'TRUNCATE', now: number): boolean => {
    lastTry = now;
    try {
      // TRUNCATE waits for readers through the busy handler while holding the write lock: none
      // here, so a reader in the way costs nothing now and the checkpoint is tried again later.
      if (mode === 'TRUNCATE') db.pragma('busy_timeout = 0');
      try {
        const row = (db.pragma(`wal_checkpoint(${mode})`) as Array<{ busy: number }>)[0];
        lastCheckpoint = now;
        return row === undefined || row.busy === 0;
      } finally {
        if (mode === 'TRUNCATE') db.pragma(`busy_timeout = ${busyTimeout}`);
      }
    } catch (err) {
      if (now - lastReported >= REPORT_EVERY_MS) {
        lastReported = now;
        options.onError?.(err instanceof Error ? err.message : String(err));
      }
      return false;
    }
  };

  const tick = (): void => {
    if (stopped || !db.open) return;
    const now = Date.now();
    if (activity !== seen) {
      seen = activity;
      lastActive = now;
    }
    const quiet = now - lastActive >= quietMs;
    const retryDue = now - lastTry >= RETRY_MS;
    const frames = walProgress(path);
    if (frames === null) {
      unreadableSince ??= now;
      if (now - unreadableSince < maxDelayMs) return;
      // By time alone: cut when quiet, copy when overdue; the backstop bounds the WAL meanwhile.
      if (quiet && truncatedAt !== activity && retryDue) {
        if (checkpoint('TRUNCATE', now)) truncatedAt = activity;
      } else if (!quiet && now - lastCheckpoint >= maxDelayMs) {
        checkpoint('PASSIVE', now);
      }
      return;
    }
    unreadableSince = null;
    if (quiet && truncatedAt !== activity) {
      if (frames.mxFrame === 0) truncatedAt = activity;
      else if (retryDue && checkpoint('TRUNCATE', now)) truncatedAt = activity;
      return;
    }
    if (frames.mxFrame >= RESTART_FRAMES && frames.mxFrame > frames.nBackfill && (retryDue || frames.nBackfill === 0)) checkpoint('PASSIVE', now);
  };
  const timer = setInterval(tick, TICK_MS);
  timer.unref();
  return {
    noteActivity() {
      activity++;
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      return Promise.resolve();
    },
  };
}
