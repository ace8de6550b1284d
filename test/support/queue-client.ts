import { v7 as uuidv7 } from 'uuid';
import {
  CallEventSchema,
  categoriesServedBy,
  QUEUE_PATHS,
  QueueStateResponseSchema,
  type CallEvent,
  type IssueTicketResponse,
  type QueueRules,
  type QueueStateResponse,
  type WindowAction,
  type WindowOutcome,
  type WindowPress,
} from '../../electron/contract/queue';
import { ENROLMENT_TOKEN_HEADER, SYNC_PATHS } from '../../electron/contract/sync';
import { enrolRequest } from './enrol-request';
import type { SyncServer } from './sync-server';

// A hall's devices speaking the queue wire (contract/queue/hall-wire.ts) to a real server in a
// child process (test/support/sync-server.ts), for the queue's tests and bench/queue.ts.

/** Enrols each window number of the hall (dispensers are windows like 91) and returns its token by number. */
export async function enrolDevices(server: SyncServer, hall: string, windows: readonly number[]): Promise<Map<number, string>> {
  const tokens = new Map<number, string>();
  for (const window of windows) {
    const { token, body } = enrolRequest(await server.enrol(hall, window), hall, window);
    const answer = await fetch(`${server.url}${SYNC_PATHS.enrol}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (answer.status !== 200) throw new Error(`enrol ${window}: ${answer.status} ${await answer.text()}`);
    tokens.set(window, token);
  }
  return tokens;
}

/** POSTs a JSON body with the token; the status and the parsed answer. */
export async function postQueue(url: string, token: string, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const answer = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [ENROLMENT_TOKEN_HEADER]: token },
    body: JSON.stringify(body),
  });
  return { status: answer.status, body: await answer.json() };
}

/** A dispenser's issue (the same issueId again is a retried request). Throws on a non-200. */
export async function issue(url: string, token: string, rules: QueueRules, letter: string, lane: 'ordinary' | 'priority', issueId: string = uuidv7()): Promise<IssueTicketResponse> {
  const answer = await postQueue(url, token, QUEUE_PATHS.tickets, { issueId, letter, lane, rules });
  if (answer.status !== 200) throw new Error(`issue: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as IssueTicketResponse;
}

/** A window's press (resend `press` to repeat it). Throws on a non-200. */
export async function press(url: string, token: string, rules: QueueRules, categories: readonly string[], sent: WindowPress): Promise<WindowOutcome> {
  const answer = await postQueue(url, token, QUEUE_PATHS.press, { press: sent, categories, rules });
  if (answer.status !== 200) throw new Error(`press: ${answer.status} ${JSON.stringify(answer.body)}`);
  return (answer.body as { outcome: WindowOutcome }).outcome;
}

/** A new press of `action` at `window`. */
export function newPress(window: number, action: WindowAction): WindowPress {
  return { pressId: uuidv7(), window, action };
}

/** A window's panel as the server answers it (GET state). Throws on a non-200. */
export async function panelOf(url: string, token: string, rules: QueueRules): Promise<QueueStateResponse> {
  const query = new URLSearchParams({ timeZone: rules.timeZone, resetHour: String(rules.resetHour) });
  const answer = await fetch(`${url}${QUEUE_PATHS.state}?${query.toString()}`, { headers: { [ENROLMENT_TOKEN_HEADER]: token } });
  if (answer.status !== 200) throw new Error(`state: ${answer.status} ${await answer.text()}`);
  return QueueStateResponseSchema.parse(await answer.json());
}

/**
 * A test hall's rules on the strict policy, 8 minutes a service, in Asia/Shanghai with the daily
 * reset twelve hours from now: the service day does not turn over while a test runs.
 */
export function testHallRules(categories: QueueRules['categories']): QueueRules {
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
  return { timeZone: 'Asia/Shanghai', resetHour: (hour + 12) % 24, policy: { kind: 'strict' }, categories, defaultServiceMinutes: 8 };
}

/** The enrolled devices of one hall on a server, by window number: a dispenser's issue, a window's press and panel. */
export interface HallDevices {
  /** The dispenser issues a ticket (the same issueId again is a retried request). */
  issue(letter: string, lane?: 'ordinary' | 'priority', issueId?: string): Promise<IssueTicketResponse>;
  /** `window` presses `action`, calling the categories the rules list it for (resend a pressId to repeat a press). */
  press(window: number, action: WindowAction, pressId?: string): Promise<WindowOutcome>;
  /** `window`'s panel. */
  panel(window: number): Promise<QueueStateResponse>;
}

/**
 * The devices of a hall at `url` with their tokens by window number (enrolDevices, or the server
 * tests' enrolledToken); `dispenser` is the number that issues. Each request throws on a non-200.
 */
export function hallDevices(url: string, tokens: ReadonlyMap<number, string>, rules: QueueRules, dispenser: number): HallDevices {
  const tokenOf = (window: number): string => {
    const token = tokens.get(window);
    if (token === undefined) throw new Error(`no token for window ${window}`);
    return token;
  };
  return {
    issue: (letter, lane = 'ordinary', issueId = uuidv7()) => issue(url, tokenOf(dispenser), rules, letter, lane, issueId),
    press: (window, action, pressId = uuidv7()) => press(url, tokenOf(window), rules, categoriesServedBy(rules.categories, window), { pressId, window, action }),
    panel: (window) => panelOf(url, tokenOf(window), rules),
  };
}

/**
 * Reads the hall's calls stream as a display does, handing each call to `onCall`, until `signal`
 * aborts (resolves then) or the stream ends. `lastEventId` resumes after that seq.
 */
export async function readCalls(url: string, hall: string, lastEventId: number | null, onCall: (call: CallEvent) => void, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (lastEventId !== null) headers['last-event-id'] = String(lastEventId);
  let answer: Response;
  try {
    answer = await fetch(`${url}${QUEUE_PATHS.calls}?hall=${hall}`, { headers, signal });
  } catch (err) {
    if (signal.aborted) return;
    throw err;
  }
  if (answer.status !== 200 || answer.body === null) throw new Error(`calls: ${answer.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    const reader = answer.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (block.includes('event: call') && data) onCall(CallEventSchema.parse(JSON.parse(data.slice(6))));
      }
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  }
}
