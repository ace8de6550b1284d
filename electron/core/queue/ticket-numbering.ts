import type { CategoryLetter, TicketNumber } from '../../contract/queue';

// Ticket numbers (`A012`): per category letter, per service day, never repeated within a day.
//
// The rule that keeps numbers unique without the network: the sequences of a (letter, day) are
// split into disjoint ranges. The hall server issues 1–4999 (A001 … A4999). A device that issues
// tickets while it cannot reach the server (a dispenser, or a window's own local queue) uses the
// range of its fallback slot, 1–5, configured per device and unique in the hall:
// slot s issues s×1000+4000 … s×1000+4999, so slot 1 = A5000–A5999, …, slot 5 = A9000–A9999.
// A local number is thus always four digits from 5 up: staff can tell it at a glance, and when
// the server returns and the local history is synced, no number meets one the server gave.
// Within a range, numbers only go up (a counter per letter and day; a clock set back never
// reopens a day), so none repeats.

/** A sequence range, both ends included. */
export interface NumberRange {
  readonly first: number;
  readonly last: number;
}

/** The hall server's range. */
export const SERVER_NUMBER_RANGE: NumberRange = { first: 1, last: 4999 };

/** How many devices in a hall may issue their own numbers while offline. */
export const FALLBACK_SLOTS = 5;

/** The range of a device's fallback slot (1–FALLBACK_SLOTS). Throws RangeError for any other slot. */
export function fallbackNumberRange(slot: number): NumberRange {
  if (!Number.isInteger(slot) || slot < 1 || slot > FALLBACK_SLOTS) throw new RangeError(`fallback slot must be 1–${FALLBACK_SLOTS}, got ${slot}`);
  const first = 4000 + slot * 1000;
  return { first, last: first + 999 };
}

/** A number's text: the letter and the sequence, padded to 3 digits (`A012`, `A5012`). */
export function formatTicketNumber(letter: CategoryLetter, sequence: number): TicketNumber {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9999) throw new RangeError(`sequence must be 1–9999, got ${sequence}`);
  return `${letter}${String(sequence).padStart(3, '0')}`;
}

/** The fallback slot whose range a number comes from, or null for the server's range. */
export function fallbackSlotOf(number: TicketNumber): number | null {
  const sequence = Number(number.slice(1));
  return sequence >= 5000 ? Math.floor(sequence / 1000) - 4 : null;
}

/**
 * The last sequence issued per letter in one service day. Kept by whatever issues numbers (the
 * server in its database, a dispenser in its store); a new day starts every letter afresh.
 */
export interface NumberCounters {
  readonly serviceDay: string;
  readonly last: Readonly<Record<string, number>>;
}

export type Allocation =
  | { readonly ok: true; readonly number: TicketNumber; readonly sequence: number; readonly serviceDay: string; readonly counters: NumberCounters }
  | { readonly ok: false; readonly reason: 'rangeExhausted' };

/**
 * The next number for `letter` on `serviceDay` within `range`, and the counters after it.
 * A `serviceDay` earlier than the counters' (the PC's clock was set back across the reset hour)
 * issues on the counters' day instead, so a day once left is never numbered again.
 * `rangeExhausted` when the range is used up for the day (the dispenser says 今日号码已取完).
 */
export function allocateTicketNumber(counters: NumberCounters | null, letter: CategoryLetter, serviceDay: string, range: NumberRange): Allocation {
  const day = counters && counters.serviceDay > serviceDay ? counters.serviceDay : serviceDay;
  const last = counters && counters.serviceDay === day ? counters.last : {};
  const previous = last[letter];
  const sequence = previous === undefined || previous < range.first ? range.first : previous + 1;
  if (sequence > range.last) return { ok: false, reason: 'rangeExhausted' };
  return { ok: true, number: formatTicketNumber(letter, sequence), sequence, serviceDay: day, counters: { serviceDay: day, last: { ...last, [letter]: sequence } } };
}
