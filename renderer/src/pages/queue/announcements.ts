// The hall display's announcements (叫号播报, issue 17): every call the hall hears, in order, each
// once. Pure: no timers, no speech, no I/O — the speaker (speaker.ts) drains it and the display
// page feeds it from whichever source it listens to (the server's SSE, the browser shell's events).

/**
 * One call as the display hears it: the hall server's `event: call` data (hall-wire.ts), or the
 * browser shell's `display` event. `seq` is the call's number in the hall (a bigserial on the
 * server), increasing; `recall` is a 重呼 of a ticket already called.
 */
export interface HeardCall {
  seq: number;
  window: number;
  /** The ticket's number as printed, e.g. `A012`. */
  number: string;
  recall: boolean;
}

/** What is written on screen (and in the log) for a call: 请 A012 号到 12 号窗口办理. */
export function callSentence(call: Pick<HeardCall, 'window' | 'number' | 'recall'>): string {
  const sentence = `请 ${call.number} 号到 ${call.window} 号窗口办理`;
  return call.recall ? `再次呼叫，${sentence}` : sentence;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

function digit(d: number): string {
  return DIGITS[d] ?? String(d);
}

/**
 * A whole number 0–9999 in Chinese numerals as it is said (12 → 十二, 101 → 一百零一, 110 → 一百一十,
 * 1005 → 一千零五): a speech engine given "12" may say 一二 or "twelve"; given 十二 it cannot.
 * Numbers outside 0–9999 (never a window number) are left as digits.
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) return String(n);
  if (n === 0) return DIGITS[0];
  const units = ['千', '百', '十', ''];
  const parts = [Math.floor(n / 1000), Math.floor(n / 100) % 10, Math.floor(n / 10) % 10, n % 10];
  let out = '';
  let pendingZero = false;
  parts.forEach((d, i) => {
    if (d === 0) {
      if (out !== '') pendingZero = true;
      return;
    }
    if (pendingZero) out += DIGITS[0];
    pendingZero = false;
    // 10–19 are said 十, 十一 …, not 一十, 一十一.
    out += d === 1 && units[i] === '十' && out === '' ? '十' : `${digit(d)}${units[i] ?? ''}`;
  });
  return out;
}

/**
 * What the speech engine is given: the ticket's digits one by one (A012 → A零一二, as a hall
 * reads a ticket aloud, so 012 is never "twelve") and the window as a number (12 → 十二).
 */
export function spokenSentence(call: Pick<HeardCall, 'window' | 'number' | 'recall'>): string {
  const letter = call.number.replace(/\d/g, '');
  const digits = [...call.number.replace(/\D/g, '')].map((d) => digit(Number(d))).join('');
  const sentence = `请${letter}${digits}号到${chineseNumeral(call.window)}号窗口办理`;
  return call.recall ? `再次呼叫，${sentence}` : sentence;
}

/** One announcement waiting to be spoken. */
export interface Announcement {
  seq: number;
  /** For the screen: 请 A012 号到 12 号窗口办理. */
  text: string;
  /** For the speech engine: 请A零一二号到十二号窗口办理. */
  spoken: string;
}

/**
 * How many seqs are remembered as heard. A reconnecting source replays at most what the display
 * missed while it was away (Last-Event-ID), well under this; the oldest are forgotten first, and
 * anything at or below the lowest remembered seq counts as heard (seqs only grow).
 */
const REMEMBERED_SEQS = 2_000;

/** The announcements still to speak and which calls were already heard. Immutable. */
export interface AnnouncementQueue {
  /** Waiting to be spoken, lowest seq first. */
  pending: readonly Announcement[];
  /** The seqs heard (pending, spoken or being spoken), ascending, at most REMEMBERED_SEQS. */
  heard: readonly number[];
}

export const EMPTY_ANNOUNCEMENTS: AnnouncementQueue = { pending: [], heard: [] };

function insertSorted<T>(list: readonly T[], item: T, key: (t: T) => number): T[] {
  const out = [...list];
  let i = out.length;
  while (i > 0 && key(out[i - 1] as T) > key(item)) i--;
  out.splice(i, 0, item);
  return out;
}

/**
 * The queue after hearing `calls` (one, or a batch that arrived together, in any order): each
 * call not heard before is queued in seq order; a call heard before — a reconnect replaying
 * what was already spoken, the same call from two sources — is dropped. A recall has a seq of
 * its own, so it is spoken again.
 */
export function hear(queue: AnnouncementQueue, calls: readonly HeardCall[]): AnnouncementQueue {
  let { pending, heard } = queue;
  for (const call of [...calls].sort((a, b) => a.seq - b.seq)) {
    if (wasHeard(heard, call.seq)) continue;
    heard = insertSorted(heard, call.seq, (s) => s);
    pending = insertSorted(pending, { seq: call.seq, text: callSentence(call), spoken: spokenSentence(call) }, (a) => a.seq);
  }
  if (heard.length > REMEMBERED_SEQS) heard = heard.slice(heard.length - REMEMBERED_SEQS);
  return { pending, heard };
}

function wasHeard(heard: readonly number[], seq: number): boolean {
  const lowest = heard[0];
  // Forgotten seqs are all below the lowest remembered one: heard long ago.
  if (heard.length >= REMEMBERED_SEQS && lowest !== undefined && seq <= lowest) return true;
  return heard.includes(seq);
}

/**
 * The queue after taking note of `calls` without speaking them: the calls already on the hall's
 * screen when the display starts (they were announced before it was there), so that a later
 * replay of them is not spoken either.
 */
export function remember(queue: AnnouncementQueue, calls: readonly Pick<HeardCall, 'seq'>[]): AnnouncementQueue {
  let heard = queue.heard;
  for (const { seq } of calls) if (!wasHeard(heard, seq)) heard = insertSorted(heard, seq, (s) => s);
  if (heard.length > REMEMBERED_SEQS) heard = heard.slice(heard.length - REMEMBERED_SEQS);
  return { pending: queue.pending, heard };
}

/** The next announcement and the queue without it, or null when nothing waits. */
export function takeNext(queue: AnnouncementQueue): { next: Announcement; rest: AnnouncementQueue } | null {
  const [next, ...pending] = queue.pending;
  if (next === undefined) return null;
  return { next, rest: { pending, heard: queue.heard } };
}

/** The highest seq heard, for resuming a source after it (Last-Event-ID); null before any. */
export function lastHeardSeq(queue: AnnouncementQueue): number | null {
  return queue.heard[queue.heard.length - 1] ?? null;
}
