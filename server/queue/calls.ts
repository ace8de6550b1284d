import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Pool } from 'pg';
import { BOARD_RECENT_CALLS, CALL_EVENT_NAME, CALLS_BOARD_EVENT_NAME, CALLS_HEARTBEAT_SECONDS, type CallEvent, type CallsBoard } from '../../electron/contract/queue';
import { serviceDayOf, serviceDayStart } from '../../electron/core/queue/service-day';
import type { ServerLog } from '../log';

// The hall display's stream of calls (GET /v1/queue/calls, Server-Sent Events). The calls are
// rows of queue_calls, numbered per hall in commit order without gaps (migration 0006), so the
// stream is "every row after the last seq sent": a display reconnecting with Last-Event-ID gets
// exactly what it missed. A press's commit wakes this process's streams at once (CallFeed); a poll
// every CALLS_POLL_MS finds calls committed by other server processes on the same PostgreSQL.

/** How often a stream looks for calls made by other processes, in ms. */
export const CALLS_POLL_MS = 2_000;

/** How long a stream waits for a missing seq before it sends the calls after it, in ms. */
export const GAP_WAIT_MS = 5_000;

/** The most calls read per query; a stream behind by more reads again at once. */
const CALLS_PAGE = 500;

/** Wakes the streams of a hall after a call commits in this process. */
export class CallFeed {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** Call after the transaction holding the call committed. */
  published(hall: string): void {
    this.emitter.emit(hall);
  }

  /** Calls `wake` after each call of the hall; returns the unsubscribe. */
  subscribe(hall: string, wake: () => void): () => void {
    this.emitter.on(hall, wake);
    return () => this.emitter.off(hall, wake);
  }
}

interface CallRow {
  seq: string;
  window_number: number;
  number: string;
  recall: boolean;
  called_at: Date;
}

/** The hall's calls after `seq`, in order, at most `limit` (ordered by the bigint column, not its text alias). */
export async function callsAfter(pool: Pool, hall: string, seq: number, limit: number = CALLS_PAGE): Promise<CallEvent[]> {
  const found = await pool.query<CallRow>(
    'SELECT seq::text AS seq, window_number, number, recall, called_at FROM queue_calls WHERE hall = $1 AND queue_calls.seq > $2 ORDER BY queue_calls.seq LIMIT $3',
    [hall, seq, limit],
  );
  return found.rows.map((r) => ({ seq: Number(r.seq), hall, window: r.window_number, number: r.number, recall: r.recall, calledAt: r.called_at.toISOString() }));
}

/** The hall's last call seq (0 before any call). */
export async function lastCallSeq(pool: Pool, hall: string): Promise<number> {
  const found = await pool.query<{ last: string }>('SELECT last::text AS last FROM queue_call_counters WHERE hall = $1', [hall]);
  return Number(found.rows[0]?.last ?? 0);
}

/**
 * The most calls read back from `after` for a board: a day's calls are the hall's last seqs (seqs
 * grow with time), so reading backwards by the primary key and stopping at the day's start needs
 * no index of its own. A day with more calls than this shows the windows of its last ones.
 */
const BOARD_SCAN = 5_000;

/**
 * The hall's board at seq `after` (calls.ts's first-connection event, CallsBoard): the service day
 * of `now` on the hall's clock (`timeZone`, `resetHour`), its latest calls up to `after` newest
 * first, and each window's latest call of that day.
 */
export async function boardAt(pool: Pool, hall: string, after: number, clock: { timeZone: string; resetHour: number }, now: Date): Promise<CallsBoard> {
  const serviceDay = serviceDayOf(now, clock.timeZone, clock.resetHour);
  const found = await pool.query<CallRow>(
    `SELECT seq, window_number, number, recall, called_at FROM (
       SELECT seq::text AS seq, seq AS n, window_number, number, recall, called_at FROM queue_calls
       WHERE hall = $1 AND queue_calls.seq <= $2 ORDER BY queue_calls.seq DESC LIMIT $3
     ) c WHERE called_at >= $4 ORDER BY n DESC`,
    [hall, after, BOARD_SCAN, serviceDayStart(serviceDay, clock.timeZone, clock.resetHour)],
  );
  const day = found.rows.map((r) => ({ seq: Number(r.seq), hall, window: r.window_number, number: r.number, recall: r.recall, calledAt: r.called_at.toISOString() }));
  const windows = new Map<number, CallEvent>();
  for (const call of day) if (!windows.has(call.window)) windows.set(call.window, call);
  return { after, serviceDay, recent: day.slice(0, BOARD_RECENT_CALLS), windows: [...windows.values()].sort((a, b) => a.window - b.window) };
}

/** The board event a first connection opens with: its id is the seq the stream starts after. */
export function boardEventText(board: CallsBoard): string {
  return `id: ${board.after}\nevent: ${CALLS_BOARD_EVENT_NAME}\ndata: ${JSON.stringify(board)}\n\n`;
}

/** One SSE event of a call. */
export function callEventText(call: CallEvent): string {
  return `id: ${call.seq}\nevent: ${CALL_EVENT_NAME}\ndata: ${JSON.stringify(call)}\n\n`;
}

/**
 * Streams the hall's calls after `after` to `out` (an SSE response whose head is written) until
 * it closes: each call once, in seq order; a comment heartbeat every CALLS_HEARTBEAT_SECONDS so
 * proxies and the display notice a dead connection. `board` (a first connection's, boardAt at
 * `after`) is sent first. Returns the function that ends the stream.
 */
export function streamCalls(pool: Pool, feed: CallFeed, log: ServerLog, hall: string, after: number, out: ServerResponse, board: CallsBoard | null = null): () => void {
  let last = after;
  let busy = false;
  let again = false;
  let closed = false;
  /** Since when the next seq has been missing while a later one is there (ms), or null. */
  let gapSince: number | null = null;
  const pump = async (): Promise<void> => {
    if (closed) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        for (;;) {
          const calls = await callsAfter(pool, hall, last);
          let sent = 0;
          for (const call of calls) {
            if (closed) return;
            // Strictly in seq order, each once. A seq missing before a later one is waited for
            // (it commits in a moment); after GAP_WAIT_MS it is taken as never coming.
            if (call.seq <= last) continue;
            if (call.seq !== last + 1) {
              gapSince ??= Date.now();
              if (Date.now() - gapSince < GAP_WAIT_MS) break;
              log.warn('叫号序号缺失，已跳过', { hall, after: last, next: call.seq });
            }
            gapSince = null;
            out.write(callEventText(call));
            last = call.seq;
            sent += 1;
          }
          if (calls.length < CALLS_PAGE || sent === 0) break;
        }
      } while (again && !closed);
    } catch (err) {
      // The database away: the poll tries again; the display keeps what it has.
      log.warn('叫号推送读取失败', { hall, err: (err as Error).message });
    } finally {
      busy = false;
    }
  };
  const wake = () => void pump();
  const unsubscribe = feed.subscribe(hall, wake);
  const poll = setInterval(wake, CALLS_POLL_MS);
  const heartbeat = setInterval(() => out.write(': ping\n\n'), CALLS_HEARTBEAT_SECONDS * 1000);
  const end = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(poll);
    clearInterval(heartbeat);
    if (!out.writableEnded) out.end();
  };
  out.on('close', end);
  // The stream's starting point, before any call: a display that opens while the hall is quiet
  // knows where it is, and after a cut resumes from here (Last-Event-ID) rather than from the
  // present, so the calls made while it was away reach it. A first connection gets it with the
  // board as it stands (shown, not spoken) and then, as every stream, as a bare id (nothing is
  // dispatched): a display PC from before the board ignores the board event and takes its resume
  // point only from a bare `id:` block, so it is kept (an EventSource sets the same id twice).
  out.write(`${board !== null ? boardEventText(board) : ''}id: ${after}\n\n`);
  void pump();
  return end;
}
