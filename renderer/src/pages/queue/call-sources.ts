import type { z } from 'zod';
import { CALL_EVENT_NAME, CALLS_BOARD_EVENT_NAME, CallEventSchema, CallsBoardSchema, QUEUE_PATHS, type CounterClient, type QueueCall } from '../../../../electron/contract';
import type { ConnectionState } from '../../api/transports';
import { reconnectDelayMs } from './display-board';

// Where the hall display hears the calls: one screen (DisplayScreen), two sources.
// - The hall server's Server-Sent Events (`GET /v1/queue/calls?hall=JQ`), when the server serves
//   the page (`GET /display?hall=JQ`): every call of the hall.
// - The browser shell's `display` access (`queue.calls`, event `queue.called`), when a PC of the
//   hall serves it: the calls that PC knows of.
// Each source reconnects by itself; the screen only hears calls and whether the line is up.

/** Whether the source is connected: `lost` shows 连接中断，正在重连 (it keeps trying). */
export type SourceStatus = 'connecting' | 'open' | 'lost';

export interface CallSourceHandlers {
  /**
   * Calls heard. `backlog`: calls that were already announced before this screen listened (the
   * latest calls at start): shown, not spoken. Otherwise each is spoken (once per seq).
   */
  calls(calls: QueueCall[], backlog: boolean): void;
  status(status: SourceStatus): void;
}

/** Starts listening; the function returned stops it. */
export type CallSource = (handlers: CallSourceHandlers) => () => void;

/**
 * A quiet hall sends no calls for a long time, and a connection a router dropped silently looks
 * the same (the stream's heartbeats are SSE comments, which EventSource does not show): after
 * this long without a call the stream is opened again, from the last seq, which costs nothing.
 */
const SILENCE_REOPEN_MS = 5 * 60_000;

/** EventSource.CLOSED (the spec's 2), by value: the tests run where EventSource is not defined. */
const EVENT_SOURCE_CLOSED = 2;

export interface SseDeps {
  open(url: string): EventSource;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

const browserSseDeps = (): SseDeps => ({
  open: (url) => new EventSource(url),
  setTimer: (run, ms) => window.setTimeout(run, ms),
  clearTimer: (t) => window.clearTimeout(t as number),
});

/** The hall's clock, for the service day of the board a first connection opens with (hall-wire.ts CallsQuery). */
export interface HallClock {
  timeZone: string;
  resetHour: number;
}

/**
 * The hall server's call stream for `hall`, on the page's own origin. The first connection opens
 * with the board as it stands (the day's calls so far, on `clock`'s service day; the server's
 * default clock without it): shown, not spoken. EventSource reconnects by
 * itself after a network error, sending `Last-Event-ID`, so nothing is missed; when it gives up
 * (the server answered an error page while restarting) a new one is opened after a growing
 * delay (reconnectDelayMs), carrying the last seq as `lastEventId` in the query, because a new
 * EventSource cannot set the header. Events that do not parse as a call are ignored.
 */
/** An SSE message's data read as JSON and checked against `schema`; malformed JSON fails like a schema mismatch. */
function parseEventData<T>(event: Event, schema: z.ZodType<T>): { success: true; data: T } | { success: false } {
  try {
    return schema.safeParse(JSON.parse(String((event as MessageEvent).data)) as unknown);
  } catch {
    return { success: false };
  }
}

export function sseCallSource(hall: string, deps: SseDeps = browserSseDeps(), clock?: HallClock): CallSource {
  return (handlers) => {
    let source: EventSource | null = null;
    let attempt = 0;
    let lastSeq: number | null = null;
    let retry: unknown = null;
    let silence: unknown = null;
    let stopped = false;

    const watchSilence = () => {
      if (silence !== null) deps.clearTimer(silence);
      silence = deps.setTimer(() => {
        silence = null;
        if (stopped) return;
        source?.close();
        open();
      }, SILENCE_REOPEN_MS);
    };

    const open = () => {
      if (stopped) return;
      const params = new URLSearchParams({ hall });
      if (clock) {
        params.set('timeZone', clock.timeZone);
        params.set('resetHour', String(clock.resetHour));
      }
      if (lastSeq !== null) params.set('lastEventId', String(lastSeq));
      const es = deps.open(`${QUEUE_PATHS.calls}?${params.toString()}`);
      source = es;
      es.onopen = () => {
        if (source !== es) return;
        attempt = 0;
        handlers.status('open');
        watchSilence();
      };
      es.addEventListener(CALL_EVENT_NAME, (event) => {
        if (source !== es) return;
        const parsed = parseEventData(event, CallEventSchema);
        if (!parsed.success || parsed.data.hall !== hall) return;
        lastSeq = Math.max(lastSeq ?? 0, parsed.data.seq);
        watchSilence();
        handlers.calls([parsed.data], false);
      });
      // A first connection's board (no lastEventId was sent): the calls announced before this
      // screen was there, shown and not spoken; the stream goes on after `after`.
      es.addEventListener(CALLS_BOARD_EVENT_NAME, (event) => {
        if (source !== es) return;
        const parsed = parseEventData(event, CallsBoardSchema);
        if (!parsed.success) return;
        lastSeq = Math.max(lastSeq ?? 0, parsed.data.after);
        const shown = [...parsed.data.windows, ...parsed.data.recent].filter((c) => c.hall === hall);
        if (shown.length > 0) handlers.calls(shown, true);
      });
      es.onerror = () => {
        if (source !== es || stopped) return;
        handlers.status('lost');
        // CONNECTING: the browser retries by itself (with Last-Event-ID). CLOSED: it gave up.
        if (es.readyState !== EVENT_SOURCE_CLOSED) return;
        es.close();
        retry = deps.setTimer(() => {
          retry = null;
          open();
        }, reconnectDelayMs(attempt++));
      };
    };

    handlers.status('connecting');
    open();
    return () => {
      stopped = true;
      source?.close();
      source = null;
      if (retry !== null) deps.clearTimer(retry);
      if (silence !== null) deps.clearTimer(silence);
    };
  };
}

/** What the browser shell's source needs of the connection (api/counter-client.ts). */
export interface ShellConnection {
  client: CounterClient;
  transport: { connection(): ConnectionState; onConnection(listener: (state: ConnectionState) => void): () => void };
}

/**
 * The calls this PC knows of, through the browser shell (or Electron): `queue.calls` at start
 * (the backlog, shown not spoken) and again each time the event socket comes back (calls made
 * while it was down are spoken then; those already heard are dropped by seq) or the queue's mode
 * changes, and every `queue.called` event. The socket itself reconnects with backoff
 * (transports.ts). At a display PC the answer also tells the hall server's calls stream
 * (`stream`): its `lost` shows as lost even while the socket to this PC is up, and the calls the
 * hall's board held when it first connected (`shownBefore`) are shown, never spoken.
 */
export function shellCallSource(connection: ShellConnection): CallSource {
  return (handlers) => {
    let stopped = false;
    let loaded = false;
    /** The hall server's stream as this PC last told it (display PCs), or null. */
    let stream: SourceStatus | null = null;
    let socket = connection.transport.connection();
    const status = (): SourceStatus => (socket === 'open' ? (stream ?? 'open') : socket === 'connecting' ? 'connecting' : 'lost');
    const load = () => {
      connection.client.call('queue.calls', {}).then(
        (answer) => {
          if (stopped) return;
          const shownBefore = answer.stream?.shownBefore ?? null;
          // Oldest first, as they were called.
          const list = [...answer.calls].reverse();
          const old = list.filter((c) => shownBefore !== null && c.seq <= shownBefore);
          const fresh = list.filter((c) => shownBefore === null || c.seq > shownBefore);
          if (old.length > 0) handlers.calls(old, true);
          if (fresh.length > 0 || !loaded) handlers.calls(fresh, !loaded);
          // A window's last call past the latest ones: on the board, not news.
          const seen = new Set(list.map((c) => c.seq));
          const quiet = answer.windows.map((w) => w.last).filter((c) => !seen.has(c.seq));
          if (quiet.length > 0) handlers.calls(quiet, true);
          loaded = true;
          stream = answer.stream ? answer.stream.state : null;
          handlers.status(status());
        },
        // The socket's state says what is wrong; the next reconnect loads again.
        () => undefined,
      );
    };
    handlers.status(status());
    const offEvent = connection.client.on('queue.called', (call) => {
      if (!stopped) handlers.calls([call], false);
    });
    // A display PC's stream connected (its board is in) or lost: read again.
    const offMode = connection.client.on('queue.modeChanged', () => {
      if (!stopped) load();
    });
    const offConnection = connection.transport.onConnection((state) => {
      const previous = socket;
      socket = state;
      handlers.status(status());
      if (state === 'open' && previous !== 'open') load();
    });
    load();
    return () => {
      stopped = true;
      offEvent();
      offMode();
      offConnection();
    };
  };
}
