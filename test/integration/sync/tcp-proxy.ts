import net from 'node:net';

/**
 * What the proxy does with a connection:
 * - `pass`: both ways, as a network would;
 * - `down`: closes every connection at once (the upstream unreachable: the window sees a reset);
 * - `dropAnswer`: passes the request on, and when the server's answer starts coming back, drops
 *   it and cuts the window's connection: the server committed, the window never learns it.
 */
export type ProxyMode = 'pass' | 'down' | 'dropAnswer';

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
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, mode: ProxyMode = 'pass'): Promise<TcpProxy> {
  let requests = 0;
  let dropped = 0;
  const sockets = new Set<net.Socket>();
  const state = { mode, targetPort };
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (state.mode === 'down') {
      client.resetAndDestroy();
      return;
    }
    const connMode = state.mode;
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
      requests += (text.match(/(^|\r\n)POST \//g) ?? []).length;
      upstream.write(chunk as unknown as Uint8Array);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (connMode === 'dropAnswer' || state.mode === 'dropAnswer') {
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
      // A kept-alive connection opened in another mode must not outlive the change.
      for (const s of sockets) s.destroy();
    },
    get targetPort() {
      return state.targetPort;
    },
    set targetPort(port: number) {
      state.targetPort = port;
    },
    requests: () => requests,
    dropped: () => dropped,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
