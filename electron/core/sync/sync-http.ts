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
  options: { baseUrl: string; path: string; token: string | null; signal: AbortSignal; now: () => number; timeoutMs?: number },
  body: unknown,
  schema: S,
): Promise<SyncHttpResult<z.output<S>>> {
  return postSyncText(options, JSON.stringify(body), schema);
}

/** postSync with the body already serialised (the caller wanted its size): JSON text, or its UTF-8 bytes. */
export async function postSyncText<S extends z.ZodType>(
  options: { baseUrl: string; path: string; token: string | null; signal: AbortSignal; now: () => number; timeoutMs?: number },
  bodyText: string | Uint8Array<ArrayBuffer>,
  schema: S,
): Promise<SyncHttpResult<z.output<S>>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token !== null) headers[ENROLMENT_TOKEN_HEADER] = options.token;
  const sentAtMs = options.now();
  let res: Response;
  let text: string;
  try {
    res = await fetch(syncEndpoint(options.baseUrl, options.path), {
      method: 'POST',
      headers,
      // As UTF-8 bytes, encoded once here: given a string, fetch scans it for lone surrogates
      // first (toUSVString), a second pass over a push body of megabytes (issue 16, push speed).
      // The bytes are the same: a lone surrogate becomes U+FFFD either way.
      body: typeof bodyText === 'string' ? Buffer.from(bodyText) : bodyText,
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
  if (!parsed.success) return { kind: 'network', reason: `上级平台的应答格式不对（HTTP ${res.status}），请确认同步地址指向本系统的上级平台`, offline: false };
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
