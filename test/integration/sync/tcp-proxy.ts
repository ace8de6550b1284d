import net from 'node:net';

/**
 * What the proxy does with a connection:
 * - `pass`: both ways, as a network would;
 * - `down`: closes every connection at once (the upstream unreachable: the window sees a reset);
 * - `dropAnswer`: passes the request on, and when the server's answer to a write (a push or an
 *   enrolment) starts coming back, drops it and cuts the window's connection: the server
 *   committed, the window never learns it. Other answers (a pull, a `/health` look) pass.
 * - `slowReads`: the answer to a hall queue panel read (`GET /v1/queue/state`, or the paths of
 *   the options' `slowPaths`) is held back
 *   `readDelayMs`, past the client's time-out (save the first `fastReads` of them); every other
 *   request and answer passes: the server slow to read, not down.
 */
export type ProxyMode = 'pass' | 'down' | 'dropAnswer' | 'slowReads';

/** Options of a proxy. */
export interface TcpProxyOptions {
  /** ms a read's answer is held back in `slowReads` mode; default 3 s. */
  readDelayMs?: number;
  /** The GET paths whose answers `slowReads` holds back (matched at the path's start); default the panel read, /v1/queue/state. */
  slowPaths?: readonly string[];
}

/** A real TCP relay on 127.0.0.1 in front of the upstream server, for the network faults of the field. */
export interface TcpProxy {
  readonly url: string;
  mode: ProxyMode;
  /** Where it relays to (the server may restart on another port). */
  targetPort: number;
  /** HTTP requests seen (`POST ` at the start of a request on any connection). */
  requests(): number;
  /** Answers dropped in `dropAnswer` mode. */
  dropped(): number;
  /** HTTP answers relayed or dropped (a chunk from the server starting `HTTP/`). */
  answers(): number;
  /** Requests sent on to the server whose answer has not come back yet, on connections still open. */
  inFlight(): number;
  /** Called as each request (`POST /…`) has been passed on to the server. */
  onRequest: (() => void) | null;
  /** In `slowReads` mode, how many reads still pass at once before the rest are held back; counts down as they pass (0 at the start). */
  fastReads: number;
  /** Answers held back in `slowReads` mode and not sent on yet. */
  held(): number;
  /** Sends on every answer held back, now, and holds no more until `mode` is set again. */
  release(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, mode: ProxyMode = 'pass', options: TcpProxyOptions = {}): Promise<TcpProxy> {
  const readDelayMs = options.readDelayMs ?? 3000;
  const slowPaths = options.slowPaths ?? ['/v1/queue/state'];
  /** Chunks held back, in the order they came, each sent by its timer or by release(). */
  const heldChunks: { client: net.Socket; chunk: Buffer; first: boolean; timer: NodeJS.Timeout }[] = [];
  let heldAnswers = 0;
  let released = false;
  const sendHeld = (entry: (typeof heldChunks)[number]): void => {
    const at = heldChunks.indexOf(entry);
    if (at < 0) return;
    heldChunks.splice(at, 1);
    clearTimeout(entry.timer);
    if (entry.first) heldAnswers -= 1;
    if (!entry.client.destroyed) entry.client.write(entry.chunk as unknown as Uint8Array);
  };
  let requests = 0;
  let dropped = 0;
  let answers = 0;
  const sockets = new Set<net.Socket>();
  /** Requests awaiting their answer, per client connection. */
  const waiting = new Map<net.Socket, number>();
  const state: { mode: ProxyMode; targetPort: number; onRequest: (() => void) | null; fastReads: number } = { mode, targetPort, onRequest: null, fastReads: 0 };
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => {
      sockets.delete(client);
      waiting.delete(client);
    });
    client.on('error', () => undefined);
    if (state.mode === 'down') {
      client.resetAndDestroy();
      return;
    }
    const connMode = state.mode;
    let sawWrite = false;
    // A queue state read sent whose answer has not begun; whether the answer coming now is held back.
    let readPending = false;
    let holding = false;
    const upstream = net.connect(state.targetPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      const posts = (text.match(/(^|\r\n)POST \//g) ?? []).length;
      requests += posts;
      if (slowPaths.some((p) => text.startsWith(`GET ${p}`) || text.includes(`\r\nGET ${p}`))) readPending = true;
      if (posts > 0) {
        if (/POST \/v1\/(push|enrol)/.test(text)) sawWrite = true;
        waiting.set(client, (waiting.get(client) ?? 0) + posts);
      }
      upstream.write(chunk as unknown as Uint8Array);
      if (posts > 0) state.onRequest?.();
    });
    upstream.on('data', (chunk: Buffer) => {
      let first = false;
      if (chunk.subarray(0, 5).toString('latin1') === 'HTTP/') {
        answers += 1;
        waiting.set(client, Math.max(0, (waiting.get(client) ?? 0) - 1));
        holding = readPending && state.mode === 'slowReads' && state.fastReads <= 0 && !released;
        first = holding;
        if (holding) heldAnswers += 1;
        if (readPending && state.mode === 'slowReads' && !holding) state.fastReads -= 1;
        readPending = false;
      }
      if (holding && (!released || heldChunks.some((h) => h.client === client))) {
        const entry = { client, chunk, first, timer: setTimeout(() => sendHeld(entry), readDelayMs) };
        heldChunks.push(entry);
        if (released) sendHeld(entry);
        return;
      }
      if ((connMode === 'dropAnswer' || state.mode === 'dropAnswer') && sawWrite) {
        dropped += 1;
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      client.write(chunk as unknown as Uint8Array);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return state.mode;
    },
    set mode(next: ProxyMode) {
      state.mode = next;
      released = false;
      // A kept-alive connection opened in another mode must not outlive the change.
      for (const s of sockets) s.destroy();
    },
    get targetPort() {
      return state.targetPort;
    },
    set targetPort(port: number) {
      state.targetPort = port;
    },
    get onRequest() {
      return state.onRequest;
    },
    set onRequest(listener: (() => void) | null) {
      state.onRequest = listener;
    },
    get fastReads() {
      return state.fastReads;
    },
    set fastReads(count: number) {
      state.fastReads = count;
    },
    held: () => heldAnswers,
    release: () => {
      released = true;
      for (const entry of [...heldChunks]) sendHeld(entry);
    },
    requests: () => requests,
    dropped: () => dropped,
    answers: () => answers,
    inFlight: () => [...waiting.values()].reduce((a, b) => a + b, 0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const entry of heldChunks) clearTimeout(entry.timer);
        heldChunks.length = 0;
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
