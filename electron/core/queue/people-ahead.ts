import { isPreferredLane, type CategoryLetter, type QueuePolicy, type QueueRules, type Ticket } from '../../contract/queue';
import { comesBefore } from './next-ticket';
import type { QueueState } from './queue-state';

// "前面还有 N 人" (issue 17, trial F2): the people a citizen is told are ahead are the tickets the
// policy will call before theirs at the windows that serve their category — not only their own
// letter's line. Under strict priority a 绿色通道 ticket of another category, called by the same
// window, goes first; a count per letter would tell an ordinary citizen "0" while it jumps ahead.
// Pure, shared with the server (server/queue/estimate.ts counts the same classes in SQL).

/** The lines a category's tickets stand in: the windows that call it and every category those windows call. */
export interface SharedLines {
  /** The windows listed for the category. */
  readonly windows: readonly number[];
  /** The categories called by at least one of those windows (the category itself included). */
  readonly letters: readonly CategoryLetter[];
}

/**
 * The lines `category` shares (its windows, and the categories any of them calls), from the
 * hall's rules; null for a category not in the rules.
 */
export function sharedLines(rules: QueueRules, category: CategoryLetter): SharedLines | null {
  const definition = rules.categories.find((c) => c.letter === category);
  if (!definition) return null;
  const windows = definition.windows;
  const letters = rules.categories.filter((c) => c.windows.some((w) => windows.includes(w))).map((c) => c.letter);
  return { windows, letters };
}

/**
 * The tickets standing in the shared lines with a ticket (waiting or transferred; for no window in
 * particular and of a shared category, or sent to one of the category's windows), the ticket
 * itself not counted, by class (preferred: 绿色通道 and 预约; ordinary) and whether they come
 * before it in line order (comesBefore).
 */
export interface LineCounts {
  /** Preferred tickets issued before it. */
  readonly preferredBefore: number;
  /** All preferred tickets in the lines. */
  readonly preferredAll: number;
  /** Ordinary tickets issued before it. */
  readonly ordinaryBefore: number;
  /** All ordinary tickets in the lines. */
  readonly ordinaryAll: number;
  /** Ordinary tickets that have waited more than the interleaved policy's maxOrdinaryWaitMinutes at `now` (0 under strict). */
  readonly ordinaryOverdue: number;
}

/**
 * How many tickets `policy` calls before a ticket of class `preferred`, from the counts of its
 * shared lines. The windows are taken together (one line of the hall's windows for the category);
 * an approximation, documented so that the number printed can be explained:
 * - strict: a preferred ticket has the preferred ones issued before it ahead; an ordinary ticket
 *   has the ordinary ones before it and every preferred ticket waiting (they all go first).
 * - interleaved (p = priorityPerOrdinary): an ordinary ticket with k ordinary ones before it has
 *   those k and up to p × (k + 1) preferred ones ahead (p preferred before each ordinary call,
 *   its own included) — the max-wait rule, which only moves ordinary tickets earlier, is left out;
 *   a preferred ticket with j preferred ones before it has those j, the overdue ordinary ones
 *   (they go first) and one ordinary ticket per p preferred calls, at most the ordinary ones waiting.
 * The windows' current preferred streaks are not read (each window's streak differs), nor tickets
 * issued later (a preferred one may still come before an ordinary ticket under strict).
 */
export function aheadUnderPolicy(counts: LineCounts, policy: QueuePolicy, preferred: boolean): number {
  if (policy.kind === 'strict') return preferred ? counts.preferredBefore : counts.ordinaryBefore + counts.preferredAll;
  const p = policy.priorityPerOrdinary;
  if (!preferred) return counts.ordinaryBefore + Math.min(counts.preferredAll, p * (counts.ordinaryBefore + 1));
  const ordinaryFirst = Math.min(counts.ordinaryAll, counts.ordinaryOverdue + Math.floor(counts.preferredBefore / p));
  return counts.preferredBefore + ordinaryFirst;
}

/** The counts of `ticket`'s shared lines in a queue at `now` (see LineCounts); null for a category not in the rules. */
export function lineCountsOf(queue: QueueState, rules: QueueRules, ticket: Ticket, now: Date): LineCounts | null {
  const lines = sharedLines(rules, ticket.category);
  if (!lines) return null;
  const overdueBefore = rules.policy.kind === 'interleaved' ? now.getTime() - rules.policy.maxOrdinaryWaitMinutes * 60_000 : null;
  let preferredBefore = 0;
  let preferredAll = 0;
  let ordinaryBefore = 0;
  let ordinaryAll = 0;
  let ordinaryOverdue = 0;
  for (const other of Object.values(queue.tickets)) {
    if (other.id === ticket.id) continue;
    if (other.state !== 'waiting' && other.state !== 'transferred') continue;
    const inLines = other.forWindow === null ? lines.letters.includes(other.category) : lines.windows.includes(other.forWindow);
    if (!inLines) continue;
    const before = comesBefore(other, ticket);
    if (isPreferredLane(other.lane)) {
      preferredAll += 1;
      if (before) preferredBefore += 1;
    } else {
      ordinaryAll += 1;
      if (before) ordinaryBefore += 1;
      if (overdueBefore !== null && Date.parse(other.issuedAt) < overdueBefore) ordinaryOverdue += 1;
    }
  }
  return { preferredBefore, preferredAll, ordinaryBefore, ordinaryAll, ordinaryOverdue };
}

/**
 * The people ahead of `ticket` (in the queue or about to be added to it) under the rules' policy
 * at the windows that serve its category, as aheadUnderPolicy counts them; 0 for a category not in
 * the rules.
 */
export function peopleAhead(queue: QueueState, rules: QueueRules, ticket: Ticket, now: Date): number {
  const counts = lineCountsOf(queue, rules, ticket, now);
  return counts === null ? 0 : aheadUnderPolicy(counts, rules.policy, isPreferredLane(ticket.lane));
}
