import type { z } from 'zod';
import {
  IssueTicketResponseSchema,
  QUEUE_PATHS,
  QueueHistoryResponseSchema,
  QueuePressResponseSchema,
  QueueStateResponseSchema,
  type IssueTicketRequest,
  type IssueTicketResponse,
  type QueueHistoryRequest,
  type QueueHistoryResponse,
  type QueuePressRequest,
  type QueuePressResponse,
  type QueueRules,
  type QueueStateResponse,
} from '../../contract/queue';
import { ENROLMENT_TOKEN_HEADER, SyncErrorBodySchema } from '../../contract/sync';
import { ioFailure } from '../devices/io-failure';
import { postSync, syncEndpoint, type SyncHttpResult } from '../sync/sync-http';

// The window's side of the hall queue's wire (contract/queue/hall-wire.ts): one function per
// request, each answering a SyncHttpResult (never throwing for what the network or the server
// does), with the enrolment token as for /v1/push. The module decides what a failure means.

/** How long a queue request may take before the hall server counts as unreachable (ms): a clerk is waiting. */
export const QUEUE_REQUEST_TIMEOUT_MS = 5000;

export interface HallTarget {
  /** The server's address (config `sync.url`). */
  readonly baseUrl: string;
  readonly token: string;
  readonly signal: AbortSignal;
  readonly now: () => number;
  readonly timeoutMs: number;
}

function options(target: HallTarget, path: string) {
  return { baseUrl: target.baseUrl, path, token: target.token, signal: target.signal, now: target.now, timeoutMs: target.timeoutMs };
}

export function issueTicket(target: HallTarget, request: IssueTicketRequest): Promise<SyncHttpResult<IssueTicketResponse>> {
  return postSync(options(target, QUEUE_PATHS.tickets), request, IssueTicketResponseSchema);
}

export function pressAtHall(target: HallTarget, request: QueuePressRequest): Promise<SyncHttpResult<QueuePressResponse>> {
  return postSync(options(target, QUEUE_PATHS.press), request, QueuePressResponseSchema);
}

export function sendHistory(target: HallTarget, request: QueueHistoryRequest): Promise<SyncHttpResult<QueueHistoryResponse>> {
  return postSync(options(target, QUEUE_PATHS.history), request, QueueHistoryResponseSchema);
}

/** The asking window's panel (GET state with the rules' zone and reset hour). */
export function hallState(target: HallTarget, rules: Pick<QueueRules, 'timeZone' | 'resetHour'>): Promise<SyncHttpResult<QueueStateResponse>> {
  const query = new URLSearchParams({ timeZone: rules.timeZone, resetHour: String(rules.resetHour) });
  return getSync(target, `${QUEUE_PATHS.state}?${query.toString()}`, QueueStateResponseSchema);
}

/** GET with the token, read through `schema`; the same outcomes as postSync. */
async function getSync<S extends z.ZodType>(target: HallTarget, path: string, schema: S): Promise<SyncHttpResult<z.output<S>>> {
  const sentAtMs = target.now();
  let res: Response;
  let text: string;
  try {
    res = await fetch(syncEndpoint(target.baseUrl, path), {
      headers: { [ENROLMENT_TOKEN_HEADER]: target.token },
      signal: AbortSignal.any([target.signal, AbortSignal.timeout(target.timeoutMs)]),
    });
    text = await res.text();
  } catch (err) {
    if (target.signal.aborted) throw err;
    if (err instanceof Error && err.name === 'TimeoutError') return { kind: 'network', reason: '连接超时', offline: true };
    const failure = ioFailure(err);
    return { kind: 'network', reason: failure.reason, offline: failure.state === 'offline' };
  }
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
  if (!parsed.success) return { kind: 'network', reason: `排队服务器的应答格式不对（HTTP ${res.status}）`, offline: false };
  return { kind: 'ok', body: parsed.data as z.output<S>, sentAtMs, receivedAtMs: target.now() };
}
