import http from 'node:http';
import https from 'node:https';
import type { z } from 'zod';
import { ENROLMENT_TOKEN_HEADER, SYNC_PATHS, SyncErrorBodySchema, UpstreamHealthSchema, type SyncErrorBody } from '../../contract/sync';
import { errorCode, ioFailure } from '../devices/io-failure';

/** How long one request may take before it counts as a network failure (ms). */
export const SYNC_REQUEST_TIMEOUT_MS = 60_000;

/**
 * What one request to the upstream came to:
 * - `ok`: a 2xx whose body the wire schema accepted;
 * - `http`: the server answered with an error status (its SyncErrorBody when it sent one);
 * - `network`: no usable answer (refused, reset, timed out, a body that is not the wire's), in words.
 * `sentAtMs` / `receivedAtMs`: this PC's clock around the request (the clock-offset estimate).
 */
export type SyncHttpResult<T> =
  | { kind: 'ok'; body: T; sentAtMs: number; receivedAtMs: number }
  | { kind: 'http'; status: number; error: SyncErrorBody | null }
  | { kind: 'network'; reason: string; offline: boolean };

/** The upstream's address with a wire path appended (`https://up/counter` + `/v1/push`). */
export function syncEndpoint(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

/**
 * POSTs `body` as JSON to the upstream and reads the answer through `schema`. Never throws for
 * anything the network or the server does; an `aborted` signal (the core stopping) rejects.
 */
export async function postSync<S extends z.ZodType>(
  options: SyncRequestOptions,
  body: unknown,
  schema: S,
): Promise<SyncHttpResult<z.output<S>>> {
  return postSyncText(options, JSON.stringify(body), schema);
}

/** The options of one request to the upstream (the base address, a wire path, the window's token). */
export interface SyncRequestOptions {
  baseUrl: string;
  path: string;
  token: string | null;
  signal: AbortSignal;
  now: () => number;
  /** ms; default SYNC_REQUEST_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Words for a 2xx whose body is not the wire's, given its HTTP status; default: the sync address's. */
  malformedWords?: (status: number) => string;
  /** Extra request headers (e.g. QUEUE_FEATURES_HEADER); the token's and content-type win over them. */
  headers?: Readonly<Record<string, string>>;
}

/** postSync with the body already serialised (the caller wanted its size): JSON text, or its UTF-8 bytes. */
export async function postSyncText<S extends z.ZodType>(
  options: SyncRequestOptions,
  bodyText: string | Uint8Array<ArrayBuffer>,
  schema: S,
): Promise<SyncHttpResult<z.output<S>>> {
  // As UTF-8 bytes, encoded once here (a lone surrogate becomes U+FFFD).
  const body = typeof bodyText === 'string' ? Buffer.from(bodyText) : bodyText;
  return requestSync(options, { method: 'POST', headers: { 'content-type': 'application/json' }, body }, schema);
}

/** GETs `options.path` (with its query) with the token and reads the answer through `schema`; the same outcomes as postSync. */
export async function getSync<S extends z.ZodType>(options: SyncRequestOptions, schema: S): Promise<SyncHttpResult<z.output<S>>> {
  return requestSync(options, { method: 'GET', headers: {} }, schema);
}

async function requestSync<S extends z.ZodType>(
  options: SyncRequestOptions,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: Uint8Array<ArrayBuffer> },
  schema: S,
): Promise<SyncHttpResult<z.output<S>>> {
  const headers = { ...options.headers, ...init.headers };
  if (options.token !== null) headers[ENROLMENT_TOKEN_HEADER] = options.token;
  const sentAtMs = options.now();
  const timeout = AbortSignal.timeout(options.timeoutMs ?? SYNC_REQUEST_TIMEOUT_MS);
  let answer: PlainAnswer;
  try {
    answer = await exchange(new URL(syncEndpoint(options.baseUrl, options.path)), init.method, headers, init.body, AbortSignal.any([options.signal, timeout]));
  } catch (err) {
    if (options.signal.aborted) throw err;
    if (timeout.aborted) return { kind: 'network', reason: '连接超时', offline: true };
    if (err instanceof AnswerTooLarge) return { kind: 'network', reason: err.message, offline: false };
    const failure = ioFailure(err);
    return { kind: 'network', reason: failure.reason, offline: failure.state === 'offline' };
  }
  const receivedAtMs = options.now();
  let json: unknown = null;
  try {
    json = answer.text.length > 0 ? JSON.parse(answer.text) : null;
  } catch {
    json = null;
  }
  if (answer.status >= 300 && answer.status <= 399) {
    // A redirect exchange() did not follow (another host, or a POST turned into a GET): IT's to mend.
    const where = answer.location === null ? '' : `到 ${answer.location.slice(0, 200)}`;
    return { kind: 'network', reason: `上级平台把请求重定向${where}（HTTP ${answer.status}），请把同步地址改为重定向后的地址`, offline: false };
  }
  if (answer.status < 200 || answer.status > 299) {
    const error = SyncErrorBodySchema.safeParse(json);
    return { kind: 'http', status: answer.status, error: error.success ? error.data : null };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const words = options.malformedWords?.(answer.status) ?? `上级平台的应答格式不对（HTTP ${answer.status}），请确认同步地址指向本系统的上级平台`;
    return { kind: 'network', reason: words, offline: false };
  }
  return { kind: 'ok', body: parsed.data as z.output<S>, sentAtMs, receivedAtMs };
}

/** An HTTP answer as read: its status, its body as UTF-8 text, and its Location header (a redirect's). */
interface PlainAnswer {
  status: number;
  text: string;
  location: string | null;
}

/** The most an answer's body may be (bytes): a pull answer is a few MiB at most; more is not the upstream speaking. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** Redirects followed for one request (an http:// address sent on to https:// by the hall's proxy). */
const MAX_REDIRECTS = 3;

/** Sent with every request: some firewalls in front of an upstream refuse a request without them. */
const FIXED_HEADERS = { 'user-agent': 'counter-window', accept: 'application/json' } as const;

class AnswerTooLarge extends Error {}

/**
 * One request over node:http(s) (keep-alive: the global agent's), the body written as given and
 * never copied. Why not fetch: fetch copies a body given as bytes into a new ArrayBuffer before
 * sending it, and such buffers outside V8's heap wait for a full collection, so a catch-up of
 * hundreds of pushes held tens of MiB more than it needed (issue 16, client RSS); the push's body
 * buffers are reused (outbox.ts BodyBuffer), which needs a transport that does not keep them.
 * What fetch did that matters here is done here:
 * - a redirect to the same host (http:// → https://, another port or path) is followed, at most
 *   MAX_REDIRECTS times: 307/308 with the same method and body, 301/302/303 for a GET; any other
 *   comes back as the 3xx answer (requestSync words it);
 * - a request that fails on a kept-alive connection before any answer (ECONNRESET, EPIPE: the
 *   server, a proxy or a NAT closed it while it was idle, or a restarted server) is sent once more
 *   on a new connection. Safe for every caller: each request is idempotent by its own ids — a
 *   push (event ids), a queue press (pressId), a ticket (issueId), the hall history (ticket ids
 *   and pressIds), the dispenser's report (its latest state), a pull (a cursor), the enrolment
 *   (the same code and token hash are accepted again).
 * An answer that ends before its request body was all written (a 401 or 413 sent before the body
 * was read) destroys the request: the rest of the body is not sent, and the buffer is free.
 * Rejects with the socket's system error (ECONNREFUSED, ECONNRESET — also for an answer cut off —
 * read by ioFailure; TLS and parser errors name their code), an abort, or AnswerTooLarge.
 */
function exchange(url: URL, method: 'GET' | 'POST', headers: Record<string, string>, body: Uint8Array | undefined, signal: AbortSignal, attempt: { retried: boolean; redirects: number } = { retried: false, redirects: 0 }): Promise<PlainAnswer> {
  return new Promise<PlainAnswer>((resolve, reject) => {
    const send = url.protocol === 'https:' ? https.request : http.request;
    let answered = false;
    const allHeaders: Record<string, string> = { ...FIXED_HEADERS, ...headers };
    if (body !== undefined) allHeaders['content-length'] = String(body.byteLength);
    // The retry goes on a connection of its own: after a server restart every pooled one is dead.
    const request = send(url, { method, headers: allHeaders, signal, ...(attempt.retried ? { agent: false } : {}) }, (response) => {
      answered = true;
      const status = response.statusCode ?? 0;
      const location = typeof response.headers.location === 'string' ? response.headers.location : null;
      const next = location === null ? null : redirectTarget(url, location, status, method, attempt.redirects);
      if (next !== null) {
        response.resume();
        if (!request.writableFinished) request.destroy();
        resolve(exchange(next, method, headers, body, signal, { retried: attempt.retried, redirects: attempt.redirects + 1 }));
        return;
      }
      const chunks: Buffer[] = [];
      let bytes = 0;
      let ended = false;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > MAX_ANSWER_BYTES) {
          response.destroy(new AnswerTooLarge(`上级平台的应答超过 ${MAX_ANSWER_BYTES / 1048576} MiB，不是本系统的应答，请确认同步地址`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        ended = true;
        if (!request.writableFinished) request.destroy();
        resolve({ status, text: Buffer.concat(chunks, bytes).toString('utf8'), location });
      });
      response.on('error', reject);
      // The connection closed mid-answer without an error of its own (the server killed).
      response.on('close', () => {
        if (!ended) reject(Object.assign(new Error('answer cut off'), { code: 'ECONNRESET' }));
      });
    });
    request.on('error', (err) => {
      const code = errorCode(err);
      if (!attempt.retried && !answered && request.reusedSocket && !signal.aborted && (code === 'ECONNRESET' || code === 'EPIPE')) {
        resolve(exchange(url, method, headers, body, signal, { retried: true, redirects: attempt.redirects }));
        return;
      }
      reject(err);
    });
    request.end(body);
  });
}

/** Where a redirect answer sends the request, when exchange() follows it (see there); null otherwise. */
function redirectTarget(from: URL, location: string, status: number, method: 'GET' | 'POST', redirects: number): URL | null {
  if (redirects >= MAX_REDIRECTS) return null;
  const keepsMethod = status === 307 || status === 308;
  const getOnly = status === 301 || status === 302 || status === 303;
  if (!keepsMethod && !(getOnly && method === 'GET')) return null;
  let to: URL;
  try {
    to = new URL(location, from);
  } catch {
    return null;
  }
  // The window's token goes only to the host it was given for.
  if (to.hostname !== from.hostname || (to.protocol !== 'http:' && to.protocol !== 'https:')) return null;
  return to;
}

/**
 * The largest push body the upstream accepts (bytes), as its `GET /health` publishes it
 * (UpstreamHealthSchema); null when it cannot be read now (unreachable, an older server that does
 * not say, an answer not the wire's). Within 5 s. The window keeps its pushes under about 80 % of
 * it (sync-client.ts), so an oversize body is not the way it learns the limit.
 */
export async function upstreamBodyLimit(baseUrl: string, signal: AbortSignal): Promise<number | null> {
  try {
    const answer = await exchange(new URL(syncEndpoint(baseUrl, SYNC_PATHS.health)), 'GET', {}, undefined, AbortSignal.any([signal, AbortSignal.timeout(5000)]));
    if (answer.status !== 200) return null;
    const parsed = UpstreamHealthSchema.safeParse(JSON.parse(answer.text));
    return parsed.success ? (parsed.data.maxBodyBytes ?? null) : null;
  } catch {
    return null;
  }
}
