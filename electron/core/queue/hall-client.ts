import {
  DISPENSER_REFUSALS_FEATURE,
  IssueTicketResponseSchema,
  QUEUE_FEATURES_HEADER,
  QUEUE_PATHS,
  QueueHistoryResponseSchema,
  QueueFiguresResponseSchema,
  QueuePressResponseSchema,
  QueueStateResponseSchema,
  type QueueFiguresResponse,
  type IssueTicketRequest,
  type IssueTicketResponse,
  type QueueHistoryRequest,
  type QueueHistoryResponse,
  type QueuePressRequest,
  type QueuePressResponse,
  type QueueRules,
  type QueueStateResponse,
} from '../../contract/queue';
import { getSync, postSync, type SyncHttpResult } from '../sync/sync-http';

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
  return getSync(
    {
      ...options(target, `${QUEUE_PATHS.state}?${query.toString()}`),
      malformedWords: (status) => `排队服务器的应答格式不对（HTTP ${status}）`,
      // This window reads the dispensers' refused tickets; an older server ignores the header.
      headers: { [QUEUE_FEATURES_HEADER]: DISPENSER_REFUSALS_FEATURE },
    },
    QueueStateResponseSchema,
  );
}


/** The hall's figures per window of today's service day (GET figures with the rules' zone and reset hour). */
export function hallFigures(target: HallTarget, rules: Pick<QueueRules, 'timeZone' | 'resetHour'>): Promise<SyncHttpResult<QueueFiguresResponse>> {
  const query = new URLSearchParams({ timeZone: rules.timeZone, resetHour: String(rules.resetHour) });
  return getSync(
    { ...options(target, `${QUEUE_PATHS.figures}?${query.toString()}`), malformedWords: (status) => `排队服务器的统计应答格式不对（HTTP ${status}）` },
    QueueFiguresResponseSchema,
  );
}
