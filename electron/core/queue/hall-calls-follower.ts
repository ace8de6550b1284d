import { CALL_EVENT_NAME, CallEventSchema, QUEUE_PATHS, RECENT_CALLS, type QueueCall } from '../../contract/queue';
import type { Logger } from '../logging/logger';
import { syncEndpoint } from '../sync/sync-http';

// A hall display PC (config `role: 'display'`) follows the hall server's calls stream
// (GET /v1/queue/calls, Server-Sent Events, hall-wire.ts) and hands each call on, in order, as
// `queue.called` for the browser shell's display page. After a disconnect or a server restart it
// connects again by itself with `Last-Event-ID`, so no call is missed: nobody presses F5 in a hall.

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
        const timer = setTimeout(resolve, this.options.retryMs ?? 2000);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        }, { once: true });
      });
    }
  }

  /** One connection: reads events until the stream ends; throws on a failure. */
  private async follow(signal: AbortSignal): Promise<void> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (this.lastSeq !== null) headers['last-event-id'] = String(this.lastSeq);
    const query = new URLSearchParams({ hall: this.options.hall });
    const res = await fetch(syncEndpoint(this.options.baseUrl, `${QUEUE_PATHS.calls}?${query.toString()}`), { headers, signal });
    if (res.status !== 200 || res.body === null) throw new Error(`calls stream answered HTTP ${res.status}`);
    this.setConnected(true);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      // SSE lines may end in CRLF, LF or CR (the WHATWG rules): read them as LF.
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        this.event(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  private event(block: string): void {
    let name = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
    }
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
