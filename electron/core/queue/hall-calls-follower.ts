import { CALL_EVENT_NAME, CALLS_BOARD_EVENT_NAME, CALLS_HEARTBEAT_SECONDS, CallEventSchema, CallsBoardSchema, QUEUE_PATHS, RECENT_CALLS, type QueueCall } from '../../contract/queue';
import type { Logger } from '../logging/logger';
import { syncEndpoint } from '../sync/sync-http';
import { HALL_TIME_ZONE_DEFAULT } from '../../contract/dates';

// A hall display PC (config `role: 'display'`) follows the hall server's calls stream
// (GET /v1/queue/calls, Server-Sent Events, hall-wire.ts) and hands each call on, in order, as
// `queue.called` for the browser shell's display page. After a disconnect or a server restart it
// connects again by itself with `Last-Event-ID`, so no call is missed: nobody presses F5 in a hall.
// A connection that dies silently (a cable pulled at a switch, a NAT entry dropped) brings no
// error at all, only silence; the server sends `: ping` every CALLS_HEARTBEAT_SECONDS, so silence
// for CALLS_SILENCE_MS (2.5 heartbeats) is taken as a dead stream: aborted and connected again.

/**
 * Whether an HTTP 400's body (SyncErrorBody, `reason` in words) is about the clock parameters: a
 * server from before the board took `{hall, lastEventId}` only, strictly, and names each key it
 * does not know (zod's unrecognized_keys, in Chinese or English); a newer server refusing a bad
 * zone names it too. Either way the stream is better followed without them than not at all.
 */
export function refusesClockParameters(body: string): boolean {
  return /\b(timeZone|resetHour)\b/.test(body);
}

/** ms without a byte on the calls stream (not even a heartbeat) after which it counts as dead. */
export const CALLS_SILENCE_MS = Math.round(2.5 * CALLS_HEARTBEAT_SECONDS * 1000);

export interface CallsFollowerOptions {
  baseUrl: string;
  hall: string;
  log: Logger;
  /**
   * The hall's clock (config timeZone, queue.resetHour): the service day of the board a first
   * connection opens with. Sent only when it differs from the server's default (Asia/Shanghai
   * from 00:00), and dropped for good once the server refuses it (a server from before the
   * board: its strict query answers 400 to any parameter it does not know).
   */
  clock?: { timeZone: string; resetHour: number };
  /** Each call as it arrives (in seq order; a call already seen is not handed on again). Not the board's calls: those are kept, not handed on. */
  onCall(call: QueueCall): void;
  /**
   * Told when the stream connects (true: its first event, a first connection's board included, is
   * in) or is lost (false); also false once when the first attempt fails (the server away at start).
   */
  onConnected?(connected: boolean): void;
  /** ms before connecting again after the stream ended or failed; default 2000. */
  retryMs?: number;
  /** ms of silence (no byte, heartbeats included; connecting counts) before the stream is dropped as dead; default CALLS_SILENCE_MS. */
  silenceMs?: number;
}

/** The calls stream as a background service, with the latest calls kept (newest first). */
export class HallCallsFollower {
  readonly name = 'queue.hallCalls';
  private stopping = new AbortController();
  private lastSeq: number | null = null;
  private recent: QueueCall[] = [];
  private running: Promise<void> | null = null;
  private connected = false;
  private tried = false;
  /** Each window's latest call followed (a window quiet for long is not in `recent`). */
  private lastByWindow = new Map<number, QueueCall>();
  /** The seq up to which calls came on a first connection's board (announced before this PC listened), or null. */
  private boardUpTo: number | null = null;
  /** Set once the server refused the clock parameters (refusesClockParameters): never sent again by this follower. */
  private clockRefused = false;

  constructor(private readonly options: CallsFollowerOptions) {}

  start(): void {
    this.stopping = new AbortController();
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
    this.running = null;
  }

  /** The latest calls followed, newest first (at most RECENT_CALLS). */
  calls(): QueueCall[] {
    return [...this.recent];
  }

  isConnected(): boolean {
    return this.connected;
  }

  /** Each window's latest call followed, by window number. */
  windows(): QueueCall[] {
    return [...this.lastByWindow.values()].sort((a, b) => a.window - b.window);
  }

  /** The stream now: before its first attempt ended `connecting`, then `open` or `lost`. */
  streamState(): 'connecting' | 'open' | 'lost' {
    return this.connected ? 'open' : this.tried ? 'lost' : 'connecting';
  }

  /** Calls up to this seq were on the hall's board when this PC first connected: shown, never spoken (null before). */
  shownBefore(): number | null {
    return this.boardUpTo;
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.options.onConnected?.(connected);
  }

  private async loop(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        await this.follow(signal);
      } catch (err) {
        if (signal.aborted) break;
        this.options.log.warn('hall calls stream lost', { error: err instanceof Error ? err.message : String(err) });
      }
      if (!this.tried && !this.connected && !signal.aborted) {
        this.tried = true;
        this.options.onConnected?.(false);
      }
      this.tried = true;
      this.setConnected(false);
      if (signal.aborted) break;
      await new Promise<void>((resolve) => {
        // The listener goes with the wait: a long outage retries thousands of times on one signal.
        const onAbort = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        }, this.options.retryMs ?? 2000);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    }
  }

  /**
   * One connection: reads events until the stream ends; throws on a failure, and on silence
   * longer than `silenceMs` (the connection aborted: a half-open socket never ends by itself).
   */
  private async follow(stopping: AbortSignal): Promise<void> {
    const silenceMs = this.options.silenceMs ?? CALLS_SILENCE_MS;
    // This connection's own abort: the follower's stop, or the silence timer.
    const connection = new AbortController();
    const onStop = () => connection.abort();
    stopping.addEventListener('abort', onStop, { once: true });
    let silent = false;
    let timer: NodeJS.Timeout | null = null;
    const heard = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        silent = true;
        connection.abort();
      }, silenceMs);
    };
    heard();
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (this.lastSeq !== null) headers['last-event-id'] = String(this.lastSeq);
      const open = () => fetch(syncEndpoint(this.options.baseUrl, this.callsPath()), { headers, signal: connection.signal });
      let res = await open();
      // An older server (upgraded after this PC, or a province's) refuses the clock parameters
      // with a 400 on every try: asked again at once without them, and they are not sent again.
      // It sends no board either; the stream is followed as before the board (its bare `id:`).
      if (res.status === 400 && this.clockParameters() !== null && refusesClockParameters(await res.text())) {
        this.clockRefused = true;
        this.options.log.warn('hall calls stream: the server refused the hall clock parameters (a server from before the board); following without them', {
          hall: this.options.hall,
        });
        heard();
        res = await open();
      }
      if (res.status !== 200 || res.body === null) throw new Error(`calls stream answered HTTP ${res.status}`);
      heard();
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      // A CR ending a chunk may be the first half of a CRLF: held until the next chunk shows.
      let heldCR = false;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        heard();
        let text: string = (heldCR ? '\r' : '') + decoder.decode(value, { stream: true });
        heldCR = text.endsWith('\r');
        if (heldCR) text = text.slice(0, -1);
        // SSE lines may end in CRLF, LF or CR (the WHATWG rules): read them as LF.
        buffer += text.replace(/\r\n?/g, '\n');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const opened = this.event(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          // Connected once the stream's opening event (its id: line, or a first connection's
          // board) is in, not at its `retry:` line: a board is kept before anyone told
          // "connected" reads the calls.
          if (opened) this.setConnected(true);
        }
      }
    } catch (err) {
      if (silent && !stopping.aborted) throw new Error(`calls stream silent for ${silenceMs} ms (no heartbeat): taken as dead`);
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
      stopping.removeEventListener('abort', onStop);
      // Frees the socket of a stream left behind (ended, failed or silent).
      connection.abort();
    }
  }

  /** The clock parameters to send (timeZone, resetHour), or null: none set, the server's default, or refused. */
  private clockParameters(): { timeZone: string; resetHour: number } | null {
    const clock = this.options.clock;
    if (clock === undefined || this.clockRefused) return null;
    // The server's default clock needs no parameters: a server of any age opens the same board.
    if (clock.timeZone === HALL_TIME_ZONE_DEFAULT && clock.resetHour === 0) return null;
    return clock;
  }

  /** The stream's path and query: the hall, and the clock when it is to be sent. */
  private callsPath(): string {
    const query = new URLSearchParams({ hall: this.options.hall });
    const clock = this.clockParameters();
    if (clock !== null) {
      query.set('timeZone', clock.timeZone);
      query.set('resetHour', String(clock.resetHour));
    }
    return `${QUEUE_PATHS.calls}?${query.toString()}`;
  }

  /** Takes one SSE block; true when it was an event (an id, a name or data), not a comment or `retry:`. */
  private event(block: string): boolean {
    let name = 'message';
    let id: string | null = null;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
    // The server opens each stream with a bare `id:` of the seq it starts after (the hall's last
    // call on a first connection). Taken as where this display stands, a reconnection after a
    // quiet start resumes from there instead of "from now", so a call made while away is shown.
    // A first connection's board carries the same id and comes before it (board() takes it
    // first); the bare one is still sent for display PCs from before the board.
    if (data.length === 0 && id !== null && this.lastSeq === null && /^\d{1,15}$/.test(id)) this.lastSeq = Number(id);
    const isEvent = id !== null || data.length > 0 || name !== 'message';
    if (name === CALLS_BOARD_EVENT_NAME && data.length > 0) {
      this.board(data.join('\n'));
      return true;
    }
    if (name !== CALL_EVENT_NAME || data.length === 0) return isEvent;
    let json: unknown;
    try {
      json = JSON.parse(data.join('\n'));
    } catch {
      json = null;
    }
    const parsed = CallEventSchema.safeParse(json);
    if (!parsed.success) {
      this.options.log.warn('hall calls stream: a call not as the wire says', { issues: parsed.error.issues.length });
      return true;
    }
    const call = parsed.data;
    if (this.lastSeq !== null && call.seq <= this.lastSeq) return true;
    this.lastSeq = call.seq;
    this.recent.unshift(call);
    if (this.recent.length > RECENT_CALLS) this.recent.length = RECENT_CALLS;
    this.lastByWindow.set(call.window, call);
    this.options.onCall(call);
    return true;
  }

  /**
   * A first connection's board (hall-wire.ts CallsBoard): the hall's calls of the day so far, kept
   * as the latest calls and each window's, and not handed on (they were announced before this PC
   * listened). The stream goes on after its `after`.
   */
  private board(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const parsed = CallsBoardSchema.safeParse(json);
    if (!parsed.success) {
      this.options.log.warn('hall calls stream: a board not as the wire says', { issues: parsed.error.issues.length });
      return;
    }
    const board = parsed.data;
    if (this.lastSeq === null) this.lastSeq = board.after;
    this.boardUpTo = Math.max(this.boardUpTo ?? 0, board.after);
    const bySeq = new Map<number, QueueCall>(this.recent.map((c) => [c.seq, c]));
    for (const call of board.recent) bySeq.set(call.seq, call);
    this.recent = [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, RECENT_CALLS);
    for (const call of [...board.windows, ...board.recent]) {
      const held = this.lastByWindow.get(call.window);
      if (held === undefined || held.seq < call.seq) this.lastByWindow.set(call.window, call);
    }
  }
}
