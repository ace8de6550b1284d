import { CALL_EVENT_NAME, CALLS_HEARTBEAT_SECONDS, CallEventSchema, QUEUE_PATHS, RECENT_CALLS, type QueueCall } from '../../contract/queue';
import type { Logger } from '../logging/logger';
import { syncEndpoint } from '../sync/sync-http';

// A hall display PC (config `role: 'display'`) follows the hall server's calls stream
// (GET /v1/queue/calls, Server-Sent Events, hall-wire.ts) and hands each call on, in order, as
// `queue.called` for the browser shell's display page. After a disconnect or a server restart it
// connects again by itself with `Last-Event-ID`, so no call is missed: nobody presses F5 in a hall.
// A connection that dies silently (a cable pulled at a switch, a NAT entry dropped) brings no
// error at all, only silence; the server sends `: ping` every CALLS_HEARTBEAT_SECONDS, so silence
// for CALLS_SILENCE_MS (2.5 heartbeats) is taken as a dead stream: aborted and connected again.

/** ms without a byte on the calls stream (not even a heartbeat) after which it counts as dead. */
export const CALLS_SILENCE_MS = Math.round(2.5 * CALLS_HEARTBEAT_SECONDS * 1000);

export interface CallsFollowerOptions {
  baseUrl: string;
  hall: string;
  log: Logger;
  /** Each call as it arrives (in seq order; a call already seen is not handed on again). */
  onCall(call: QueueCall): void;
  /** Told when the stream connects (true) or is lost (false). */
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
      const query = new URLSearchParams({ hall: this.options.hall });
      const res = await fetch(syncEndpoint(this.options.baseUrl, `${QUEUE_PATHS.calls}?${query.toString()}`), { headers, signal: connection.signal });
      if (res.status !== 200 || res.body === null) throw new Error(`calls stream answered HTTP ${res.status}`);
      this.setConnected(true);
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
          this.event(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
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

  private event(block: string): void {
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
    if (data.length === 0 && id !== null && this.lastSeq === null && /^\d{1,15}$/.test(id)) this.lastSeq = Number(id);
    if (name !== CALL_EVENT_NAME || data.length === 0) return;
    let json: unknown;
    try {
      json = JSON.parse(data.join('\n'));
    } catch {
      json = null;
    }
    const parsed = CallEventSchema.safeParse(json);
    if (!parsed.success) {
      this.options.log.warn('hall calls stream: a call not as the wire says', { issues: parsed.error.issues.length });
      return;
    }
    const call = parsed.data;
    if (this.lastSeq !== null && call.seq <= this.lastSeq) return;
    this.lastSeq = call.seq;
    this.recent.unshift(call);
    if (this.recent.length > RECENT_CALLS) this.recent.length = RECENT_CALLS;
    this.options.onCall(call);
  }
}
