import type { CategoryLetter, QueueRules, Ticket } from '../../contract/queue';
import { windowStatus, type QueueState } from './queue-state';

/** How many of the category's latest finished services the mean is taken over. */
export const RECENT_SERVICES = 10;

export interface WaitEstimate {
  /**
   * The people ahead the estimate is for: the count given (people-ahead.ts, the policy's order at
   * the category's windows), else the tickets in the category's own line (waiting or transferred
   * to it; not skipped, not reserved for one window).
   */
  readonly peopleAhead: number;
  /** Mean service time used, in milliseconds (the day's recent services, or the hall's default). */
  readonly serviceMs: number;
  /** True when no service of the category has finished today and the default was used. */
  readonly defaulted: boolean;
  /** Windows counted as serving the category (open ones; all listed ones before any is open). */
  readonly windowsServing: number;
  /**
   * The estimated wait in whole minutes, rounded up and at least 1 with anybody ahead; 0 with
   * nobody ahead. The one rounding rule: the kiosk and the paper print this number as it is
   * (contract/queue/ticket-words.ts).
   */
  readonly minutes: number;
}

/**
 * The wait for a ticket taken now in `category`: people ahead × mean service time / windows
 * serving. The service time of a ticket is from its (last) call to its finish, over the
 * category's RECENT_SERVICES latest finished tickets of the day (the queue holds one service
 * day); before any has finished, `rules.defaultServiceMinutes`. Windows serving are the
 * category's windows that have acted today and are not paused; when none has, all the windows
 * listed for it (a dispenser issues before the windows open). Preferred lanes of other categories
 * are not counted by the rule itself: pass `ahead` (people-ahead.ts) to count the tickets the
 * policy calls first. An estimate, printed as 约 N 分钟. Null for a category not in the rules.
 */
export function estimateWait(queue: QueueState, rules: QueueRules, category: CategoryLetter, ahead?: number): WaitEstimate | null {
  const definition = rules.categories.find((c) => c.letter === category);
  if (!definition) return null;
  let inLine = 0;
  const served: Ticket[] = [];
  for (const ticket of Object.values(queue.tickets)) {
    if (ticket.category !== category) continue;
    if ((ticket.state === 'waiting' || ticket.state === 'transferred') && ticket.forWindow === null) inLine += 1;
    if (ticket.state === 'done' && ticket.calledAt !== null && ticket.finishedAt !== null) served.push(ticket);
  }
  served.sort((a, b) => Date.parse(b.finishedAt ?? '') - Date.parse(a.finishedAt ?? ''));
  const recent = served.slice(0, RECENT_SERVICES).map((t) => Math.max(0, Date.parse(t.finishedAt ?? '') - Date.parse(t.calledAt ?? '')));
  const defaulted = recent.length === 0;
  const serviceMs = defaulted ? rules.defaultServiceMinutes * 60_000 : recent.reduce((sum, ms) => sum + ms, 0) / recent.length;
  const open = definition.windows.filter((w) => queue.windows[String(w)] !== undefined && windowStatus(queue, w).paused === null).length;
  const windowsServing = open > 0 ? open : definition.windows.length;
  const peopleAhead = ahead ?? inLine;
  // Rounded up, and never 0 with anybody ahead (a day of 0 ms services must not print 约 0 分钟).
  const minutes = peopleAhead === 0 ? 0 : Math.max(1, Math.ceil((peopleAhead * serviceMs) / windowsServing / 60_000));
  return { peopleAhead, serviceMs, defaulted, windowsServing, minutes };
}
