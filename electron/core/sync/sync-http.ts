import type { z } from 'zod';
import { ENROLMENT_TOKEN_HEADER, SYNC_PATHS, SyncErrorBodySchema, UpstreamHealthSchema, type SyncErrorBody } from '../../contract/sync';
import { ioFailure } from '../devices/io-failure';

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
  // As UTF-8 bytes, encoded once here: given a string, fetch scans it for lone surrogates
  // first (toUSVString), a second pass over a push body of megabytes (issue 16, push speed).
  // The bytes are the same: a lone surrogate becomes U+FFFD either way.
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
  let res: Response;
  let text: string;
  try {
    res = await fetch(syncEndpoint(options.baseUrl, options.path), {
      method: init.method,
      headers,
      ...(init.body === undefined ? {} : { body: init.body }),
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs ?? SYNC_REQUEST_TIMEOUT_MS)]),
    });
    text = await res.text();
  } catch (err) {
    if (options.signal.aborted) throw err;
    if (err instanceof Error && err.name === 'TimeoutError') return { kind: 'network', reason: '连接超时', offline: true };
    const failure = ioFailure(err);
    return { kind: 'network', reason: failure.reason, offline: failure.state === 'offline' };
  }
  const receivedAtMs = options.now();
  let json: unknown = null;
  try {
    json = text.length > 0 ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const error = SyncErrorBodySchema.safeParse(json);
    return { kind: 'http', status: res.status, error: error.success ? error.data : null };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const words = options.malformedWords?.(res.status) ?? `上级平台的应答格式不对（HTTP ${res.status}），请确认同步地址指向本系统的上级平台`;
    return { kind: 'network', reason: words, offline: false };
  }
  return { kind: 'ok', body: parsed.data as z.output<S>, sentAtMs, receivedAtMs };
}

/**
 * The largest push body the upstream accepts (bytes), as its `GET /health` publishes it
 * (UpstreamHealthSchema); null when it cannot be read now (unreachable, an older server that does
 * not say, an answer not the wire's). Within 5 s. The window keeps its pushes under about 80 % of
 * it (sync-client.ts), so an oversize body is not the way it learns the limit.
 */
export async function upstreamBodyLimit(baseUrl: string, signal: AbortSignal): Promise<number | null> {
  try {
    const res = await fetch(syncEndpoint(baseUrl, SYNC_PATHS.health), { signal: AbortSignal.any([signal, AbortSignal.timeout(5000)]) });
    const text = await res.text();
    if (!res.ok) return null;
    const parsed = UpstreamHealthSchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data.maxBodyBytes ?? null) : null;
  } catch {
    return null;
  }
}
