// The window's HTTP transport to the upstream (electron/core/sync/sync-http.ts), against small
// local HTTP servers: what fetch used to do for us and now `exchange` does — a kept-alive
// connection closed while idle, redirects, time-outs, an abort, an answer cut off, an answer
// sent before the body was read.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { postSync, postSyncText, type SyncRequestOptions } from '../../../electron/core/sync/sync-http';

const OkSchema = z.object({ ok: z.literal(true), got: z.number() }).strict();
const servers: http.Server[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

/** A server on 127.0.0.1 whose handler sees each request with its whole body. */
async function serve(handler: (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => void, options: { readBody?: boolean } = {}): Promise<{ url: string; port: number; server: http.Server }> {
  const server = http.createServer((req, res) => {
    if (options.readBody === false) {
      handler(req, Buffer.alloc(0), res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks), res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, server };
}

function options(baseUrl: string, extra: Partial<SyncRequestOptions> = {}): SyncRequestOptions {
  return { baseUrl, path: '/v1/push', token: 'T', signal: new AbortController().signal, now: () => Date.now(), ...extra };
}

const answerGot = (body: Buffer, res: http.ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, got: body.length }));

describe('the upstream transport', () => {
  it('sends a request again on a new connection when the kept-alive one was closed while idle, the body whole', async () => {
    let requests = 0;
    const seen = new Set<Socket>();
    const { url } = await serve((req, body, res) => {
      requests += 1;
      // The second request on a connection already used: the server "had closed it" — it drops it unanswered.
      if (seen.has(req.socket)) {
        req.socket.destroy();
        return;
      }
      seen.add(req.socket);
      answerGot(body, res);
    });
    const body = Buffer.from(JSON.stringify({ events: ['张'.repeat(50_000)] }));
    const first = await postSyncText(options(url), body, OkSchema);
    expect(first).toMatchObject({ kind: 'ok', body: { got: body.length } });
    const second = await postSyncText(options(url), body, OkSchema);
    expect(second).toMatchObject({ kind: 'ok', body: { got: body.length } });
    expect(requests).toBe(3);
  });

  it('follows a 308 to the same host with the same body, and names a redirect to another host instead of sending the token there', async () => {
    const target = await serve((_req, body, res) => answerGot(body, res));
    const same = await serve((req, _body, res) => res.writeHead(308, { location: `${target.url}${req.url ?? ''}` }).end());
    const body = Buffer.from('{"events":[1,2,3]}');
    expect(await postSyncText(options(same.url), body, OkSchema)).toMatchObject({ kind: 'ok', body: { got: body.length } });
    const elsewhere = await serve((req, _body, res) => res.writeHead(308, { location: `http://localhost:${target.port}${req.url ?? ''}` }).end());
    const refused = await postSyncText(options(elsewhere.url), body, OkSchema);
    expect(refused).toMatchObject({ kind: 'network', offline: false });
    expect(refused.kind === 'network' && refused.reason).toMatch(/重定向到 http:\/\/localhost:\d+\/v1\/push.*请把同步地址改为重定向后的地址/);
  });

  it('says 连接超时 when the answer does not come in time, and rejects when the core stops', async () => {
    const { url } = await serve(() => undefined);
    expect(await postSync(options(url, { timeoutMs: 200 }), {}, OkSchema)).toEqual({ kind: 'network', reason: '连接超时', offline: true });
    const stop = new AbortController();
    const pending = postSync(options(url, { signal: stop.signal }), {}, OkSchema);
    setTimeout(() => stop.abort(), 100);
    await expect(pending).rejects.toThrow();
  });

  it('takes an answer cut off mid-body as the connection lost, not as an answer', async () => {
    const { url } = await serve((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"ok":true,');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    expect(await postSync(options(url), {}, OkSchema)).toEqual({ kind: 'network', reason: '连接被对方断开', offline: true });
  });

  it('reads a 413 sent before the body was read, and stops sending the rest of the body', async () => {
    let received = 0;
    const { url } = await serve(
      (req, _body, res) => {
        req.on('data', (c: Buffer) => (received += c.length));
        res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'too_large', reason: '请求体过大' }));
      },
      { readBody: false },
    );
    const big = Buffer.alloc(32 * 1024 * 1024, 0x20);
    const result = await postSyncText(options(url), big, OkSchema);
    expect(result).toMatchObject({ kind: 'http', status: 413, error: { error: 'too_large' } });
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toBeLessThan(big.length);
  });
});
