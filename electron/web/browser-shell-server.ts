import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { asHeardByDisplay, asSeenByDisplay, DISPLAY_ONLY_MESSAGE, displayMayCall } from '../contract/display';
import { failure } from '../contract/envelope';
import { MAX_METHOD_LENGTH } from '../contract/ipc';
import type { Core } from '../core';
import { bearerToken, tokensMatch } from './access-token';
import { hostHeaderAllowed, isLoopbackPeer } from './host-check';
import { httpStatusOf } from './http-status';
import { APP_CONTENT_SECURITY_POLICY, FONTS_URL_PREFIX, contentTypeFor } from '../shell-shared/static-assets';
import { resolveStaticFile } from './static-files';

export interface BrowserShellOptions {
  core: Pick<Core, 'invoke' | 'subscribe'>;
  rendererDir: string;
  /** The shipped fonts (resources/fonts), served at /fonts/; null or absent: none. */
  fontsDir?: string | null;
  host: string;
  /** 0: any free port. */
  port: number;
  token: string;
  allowRemote: boolean;
}

export interface BrowserShell {
  /** `http://127.0.0.1:PORT/` */
  origin: string;
  /** The origin plus the token, to open in a browser. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `/api/<method>`: a method name as the contract spells them, no longer than any transport passes on. */
const API_PATH = new RegExp(`^/api/([A-Za-z0-9_.]{1,${MAX_METHOD_LENGTH}})$`);
const MAX_BODY_BYTES = 1024 * 1024;
const AUTH_TIMEOUT_MS = 5000;
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function logError(context: string, err: unknown): void {
  process.stderr.write(`browser shell: ${context}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
}

/** The request's path, or null when the request line's target is not a URL at all (`GET http://[/`). */
function pathnameOf(target: string | undefined): string | null {
  try {
    return new URL(target ?? '/', 'http://localhost').pathname;
  } catch {
    return null;
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Stop reading but keep the socket: the 413 must still reach the client.
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The browser shell: the built renderer and the core's API on one loopback port. Static files
 * are the app's public code; every call and every event needs the per-run token.
 */
export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const { core, token } = options;
  let port = options.port;
  const pendingSignIns = new Set<NodeJS.Timeout>();

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    if (!tokensMatch(token, bearerToken(req.headers.authorization))) {
      sendJson(res, 401, failure('unauthorized', '缺少或错误的访问令牌'));
      return;
    }
    // Another computer is a hall screen: it gets the contract's `display` calls, nothing else.
    if (!isLoopbackPeer(req.socket.remoteAddress) && !displayMayCall(method)) {
      sendJson(res, 403, failure('unauthorized', DISPLAY_ONLY_MESSAGE));
      return;
    }
    if (req.method !== 'POST') {
      sendJson(res, 404, failure('unknown_method', '请使用 POST 调用接口'));
      return;
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      sendJson(res, 400, failure('invalid_arguments', '请求体须为 JSON'));
      return;
    }
    const body = await readBody(req);
    if (body === null) {
      res.setHeader('Connection', 'close');
      sendJson(res, 413, failure('invalid_arguments', '请求体过大'));
      req.socket.end();
      return;
    }
    let args: unknown;
    try {
      args = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as unknown);
    } catch {
      sendJson(res, 400, failure('invalid_arguments', '请求体不是有效的 JSON'));
      return;
    }
    const envelope = await core.invoke(method, args);
    sendJson(res, httpStatusOf(envelope), isLoopbackPeer(req.socket.remoteAddress) ? envelope : asSeenByDisplay(method, envelope));
  }

  function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
    const file = req.method === 'GET' || req.method === 'HEAD' ? resolveStaticFile(options.rendererDir, pathname, options.fontsDir ?? null) : null;
    if (!file) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('未找到');
      return;
    }
    const hashed = pathname.startsWith('/assets/');
    // The shipped fonts are tens of MB and change only with a new build: not fetched on every load.
    const font = pathname.startsWith(FONTS_URL_PREFIX);
    const headers = {
      ...SECURITY_HEADERS,
      'Content-Type': contentTypeFor(file),
      'Content-Security-Policy': APP_CONTENT_SECURITY_POLICY,
      'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : font ? 'public, max-age=86400' : 'no-cache',
    };
    if (req.method === 'HEAD') {
      res.writeHead(200, headers);
      res.end();
      return;
    }
    // The file was there a moment ago but may be gone or unreadable now; a failed read must cost
    // this one response, never the process.
    const stream = fs.createReadStream(file);
    stream.on('error', (err) => {
      logError(`reading ${file}`, err);
      if (!res.headersSent) {
        res.writeHead(500, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('本机服务读取界面文件失败');
      } else {
        res.destroy();
      }
    });
    // Headers wait for the open, so a file that cannot be opened still gets an honest 500.
    stream.once('open', () => {
      res.writeHead(200, headers);
      stream.pipe(res);
    });
    // A client that goes away mid-file must not leave the file open.
    res.once('close', () => stream.destroy());
  }

  const server = http.createServer((req, res) => {
    if (!hostHeaderAllowed(req.headers.host, port, options.allowRemote, options.host)) {
      sendJson(res, 401, failure('unauthorized', '不允许的主机名'));
      return;
    }
    const pathname = pathnameOf(req.url);
    if (pathname === null) {
      sendJson(res, 400, failure('invalid_arguments', '请求地址无效'));
      return;
    }
    const api = API_PATH.exec(pathname);
    if (api?.[1]) {
      handleApi(req, res, api[1]).catch((err: unknown) => {
        // The detail stays here: an exception's text is for the log, not for the page.
        logError(`/api/${api[1]}`, err);
        if (!res.headersSent) sendJson(res, 500, failure('internal', '本机服务内部错误，本次操作未完成'));
      });
      return;
    }
    if (pathname.startsWith('/api/')) {
      const authorised = tokensMatch(token, bearerToken(req.headers.authorization));
      sendJson(
        res,
        authorised ? 404 : 401,
        authorised ? failure('unknown_method', '未知的调用') : failure('unauthorized', '缺少或错误的访问令牌'),
      );
      return;
    }
    handleStatic(req, res, pathname);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  wss.on('error', (err) => logError('websocket server', err));
  server.on('upgrade', (req, socket, head) => {
    // Node takes its own error listener off a socket it hands over for an upgrade; without one, a
    // peer resetting the connection now would take the process down.
    socket.on('error', () => socket.destroy());
    const refuse = (status: string) => {
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    // Host first, as for plain requests: nothing about a request from a rebound name is looked at.
    if (!hostHeaderAllowed(req.headers.host, port, options.allowRemote, options.host)) {
      refuse('401 Unauthorized');
      return;
    }
    const pathname = pathnameOf(req.url);
    if (pathname === null) {
      refuse('400 Bad Request');
      return;
    }
    const origin = req.headers.origin;
    const sameOrigin = origin === undefined || origin === `http://${req.headers.host ?? ''}`;
    if (pathname !== '/ws' || !sameOrigin) {
      refuse('401 Unauthorized');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => acceptSocket(ws, !isLoopbackPeer(req.socket.remoteAddress)));
  });

  /** The first message must carry the token; until then the socket hears nothing. */
  function acceptSocket(ws: WebSocket, remote: boolean): void {
    // ws reports a peer's protocol errors (an oversized or malformed frame) as 'error' events, and
    // an unheard 'error' ends the process. Such a peer gets no polite close handshake.
    ws.on('error', (err) => {
      logError('websocket', err);
      ws.terminate();
    });
    let unsubscribe: (() => void) | null = null;
    const timer = setTimeout(() => ws.close(4401, 'auth timeout'), AUTH_TIMEOUT_MS);
    pendingSignIns.add(timer);
    ws.once('message', (data) => {
      clearTimeout(timer);
      pendingSignIns.delete(timer);
      let message: unknown;
      try {
        message = JSON.parse(data.toString()) as unknown;
      } catch {
        message = null;
      }
      const given =
        typeof message === 'object' && message !== null && 'type' in message && message.type === 'auth' && 'token' in message
          ? message.token
          : null;
      if (typeof given !== 'string' || !tokensMatch(token, given)) {
        ws.close(4401, 'unauthorized');
        return;
      }
      unsubscribe = core.subscribe((event) => {
        // A hall screen hears only `display` events, and those in their display form (no paths).
        const heard = remote ? asHeardByDisplay(event.name, event.payload) : { payload: event.payload };
        if (heard === null) return;
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'event', name: event.name, payload: heard.payload }));
      });
      ws.send(JSON.stringify({ type: 'ready' }));
      ws.on('message', () => ws.close(4400, 'the event socket takes no further messages'));
    });
    ws.on('close', () => {
      clearTimeout(timer);
      pendingSignIns.delete(timer);
      unsubscribe?.();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  const origin = `http://${shownHost}:${port}/`;
  return {
    origin,
    url: `${origin}?token=${token}`,
    port,
    async close() {
      for (const timer of pendingSignIns) clearTimeout(timer);
      pendingSignIns.clear();
      // Every socket, signed in or not, and without waiting for the peer's close frame: a peer
      // that never answers would otherwise hold the shutdown (and the database) for ws's 30 s.
      for (const ws of wss.clients) {
        ws.close(1001, 'shutting down');
        ws.terminate();
      }
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
