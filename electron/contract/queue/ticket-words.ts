import { NO_HALL_SERVER_WORDS, type QueueModeInfo } from './methods-queue';

// What a citizen reads of their wait (issue 17; trial F3, F11): the kiosk's screen and the printed
// ticket say the same words, made here once. The minutes are the estimate's own (whole minutes,
// rounded up, core/queue/wait-estimate.ts): nothing rounds them again on the way to paper.

/**
 * Said instead of people ahead and minutes for a ticket issued while the hall's server is set up
 * but away: its number comes from the dispenser's own range, which the windows can call only once
 * the server is back and the dispenser's history has reached it. Citizen's words: no 排队服务器.
 */
export const HALL_DOWN_TICKET_WORDS = '叫号系统网络中断，叫号可能延迟，请留意叫号屏';
/** The second line of such a ticket: no count or estimate is honest then. */
export const HALL_DOWN_WAIT_WORDS = '暂无法估计等候人数和时间';
/** The wait line for a ticket with nobody ahead. */
export const NOBODY_AHEAD_WAIT_WORDS = '即将叫号，请留意叫号屏';
/** What a skipped citizen can do (README 叫号: skipped numbers are recallable at the window). */
export const SKIPPED_TICKET_WORDS = '过号后请留意叫号屏或到窗口请求重呼';

/** The facts the wait words are made from. */
export interface TicketWaitFacts {
  /** The tickets the policy calls before this one (people-ahead.ts). */
  readonly ahead: number;
  /** The estimated wait in whole minutes as the estimate gives it, or null when unknown. */
  readonly waitMinutes: number | null;
  /** The queue's mode and its words when the ticket was issued (ticketHallAway reads them). */
  readonly mode: TicketQueueMode;
}

/** The part of the queue's mode the ticket's words depend on (QueueModeInfo's mode and words). */
export type TicketQueueMode = Pick<QueueModeInfo, 'mode' | 'words'>;

/**
 * Whether a ticket issued in this mode was issued with the hall's server set up but away (not
 * reachable, refused the token, this PC not enrolled yet): true for every mode but `hall`, except
 * a PC configured with no server at all (NO_HALL_SERVER_WORDS) — its own queue is the whole queue,
 * so its count and estimate are exact and are printed.
 */
export function ticketHallAway(mode: TicketQueueMode): boolean {
  return mode.mode !== 'hall' && mode.words !== NO_HALL_SERVER_WORDS;
}

/**
 * The ticket's wait in words, in reading order: `ahead` (bold on paper, large on screen) and
 * `wait` (null: no second line). In `hall` mode, and on a PC with no hall server at all (its
 * queue is the whole queue): 前面还有 N 人 and 预计等候约 M 分钟 (or NOBODY_AHEAD_WAIT_WORDS with
 * nobody ahead; no line when the estimate is unknown). With the hall's server set up but away
 * (ticketHallAway) the count and estimate are this PC's alone, so HALL_DOWN_TICKET_WORDS and
 * HALL_DOWN_WAIT_WORDS are said instead.
 */
export function ticketWaitWords(facts: TicketWaitFacts): { ahead: string; wait: string | null } {
  if (ticketHallAway(facts.mode)) return { ahead: HALL_DOWN_TICKET_WORDS, wait: HALL_DOWN_WAIT_WORDS };
  const ahead = `前面还有 ${facts.ahead} 人`;
  if (facts.ahead === 0) return { ahead, wait: NOBODY_AHEAD_WAIT_WORDS };
  return { ahead, wait: facts.waitMinutes === null ? null : `预计等候约 ${facts.waitMinutes} 分钟` };
}
