import { EnvelopeSchema, failure, type CounterBridge, type Envelope, type Transport } from '../../../electron/contract';

/** `refused`: the shell answered but did not take our token (it was restarted with a new one). */
export type ConnectionState = 'connecting' | 'open' | 'lost' | 'refused';

export interface ObservableTransport extends Transport {
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

/** Electron: the preload's bridge; there is no connection to lose. */
export function ipcTransport(bridge: CounterBridge): ObservableTransport {
  return {
    invoke: (method, args) => bridge.invoke(method, args),
    subscribe: (listener) => bridge.subscribe(listener),
    connection: () => 'open',
    onConnection: () => () => undefined,
  };
}

function lost(message: string): Envelope {
  return failure('unavailable', message);
}

/**
 * A call the shell has not answered by then is given up: a hung shell must not leave the form
 * disabled under a spinner all day. Long enough for a slow disk's fsync, and every call that
 * makes a case carries a clientRequestId, so a retry after giving up cannot make a second one.
 */
const CALL_TIMEOUT_MS = 30_000;

/**
 * The browser shell: calls are POST /api/<method> with the token; events arrive on one
 * WebSocket that reconnects by itself, so a restarted shell is picked up without a reload.
 */
export function httpTransport(origin: string, token: string): ObservableTransport {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let retry = 0;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const l of connectionListeners) l(next);
  };

  const connect = () => {
    const url = new URL('/ws', origin);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token }));
    socket.onmessage = (message) => {
      let data: unknown;
      try {
        data = JSON.parse(String(message.data)) as unknown;
      } catch {
        return;
      }
      if (typeof data !== 'object' || data === null || !('type' in data)) return;
      if (data.type === 'ready') {
        retry = 0;
        setState('open');
      } else if (data.type === 'event' && 'name' in data && typeof data.name === 'string') {
        const payload = 'payload' in data ? data.payload : undefined;
        for (const l of listeners) l(data.name, payload);
      }
    };
    socket.onclose = (event) => {
      // 4401: the shell is up but refuses this token; retrying with it cannot help, but the
      // shell may be restarted with --token, so keep trying slowly.
      const refused = event.code === 4401;
      setState(refused ? 'refused' : 'lost');
      const delay = refused ? 10_000 : Math.min(10_000, 500 * 2 ** retry++);
      setTimeout(connect, delay);
    };
  };
  connect();

  return {
    async invoke(method, args) {
      let response: Response;
      try {
        response = await fetch(new URL(`/api/${encodeURIComponent(method)}`, origin), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(args ?? {}),
          signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
        });
      } catch (err) {
        if (err instanceof DOMException && err.name === 'TimeoutError') {
          return lost(`本机服务 ${CALL_TIMEOUT_MS / 1000} 秒内没有应答，操作可能未完成，请稍候重试`);
        }
        return lost('与本机服务的连接已断开，请稍候重试');
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch (err) {
        if (err instanceof DOMException && err.name === 'TimeoutError') {
          return lost(`本机服务 ${CALL_TIMEOUT_MS / 1000} 秒内没有应答完毕，操作可能未完成，请稍候重试`);
        }
        return lost(`本机服务返回了无法识别的应答（HTTP ${response.status}）`);
      }
      // Whatever answers on this port (a proxy's error page, another program) is not trusted to be the core.
      const parsed = EnvelopeSchema.safeParse(body);
      return parsed.success ? parsed.data : lost(`本机服务返回了无法识别的应答（HTTP ${response.status}）`);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connection: () => state,
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
  };
}
