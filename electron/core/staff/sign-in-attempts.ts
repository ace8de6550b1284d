import { z } from 'zod';
import { readMeta, writeMeta } from '../storage/app-meta';
import type { Db } from '../storage/database';

/** Wrong PINs in a row before a staff number is locked. */
export const MAX_FAILED_ATTEMPTS = 5;
/** How long a lock lasts, in minutes. */
export const LOCK_MINUTES = 5;

/** The failure count of one staff number: `lockedUntil` is an ISO instant or null. */
export interface AttemptState {
  failedAttempts: number;
  lockedUntil: string | null;
}

/** The state after one more wrong PIN at `now`; `locked` when this attempt set the lock. */
export function afterFailedAttempt(state: AttemptState, now: Date): AttemptState & { locked: boolean } {
  const at = now.toISOString();
  // A lock that has run out starts a fresh count.
  const previous = state.lockedUntil && state.lockedUntil <= at ? 0 : state.failedAttempts;
  const attempts = previous + 1;
  const locked = attempts >= MAX_FAILED_ATTEMPTS;
  return {
    failedAttempts: locked ? 0 : attempts,
    lockedUntil: locked ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null,
    locked,
  };
}

/** The lock in force at `now`, if any. */
export function activeLock(state: AttemptState, now: Date): Date | null {
  return state.lockedUntil && state.lockedUntil > now.toISOString() ? new Date(state.lockedUntil) : null;
}

/**
 * Staff numbers that are not registered (or are disabled) are counted and locked exactly like
 * registered ones, so that the answers to a series of guesses — "还可尝试 N 次", then the lock
 * and its minutes — cannot tell which numbers exist. The counts live in app_meta, like a
 * registered number's live in its row, so a restart does not tell them apart either.
 */
const KEY = 'sign_in_attempts_unregistered';

/**
 * At most this many numbers are remembered. Beyond it the oldest entry goes: someone would have
 * to guess hundreds of numbers at the window to make one forget, and all it would reveal is
 * that a count restarted.
 */
const MAX_REMEMBERED = 500;

const StoredSchema = z.record(
  z.string(),
  z.object({ failedAttempts: z.number().int().nonnegative(), lockedUntil: z.string().nullable(), at: z.string() }),
);
type Stored = z.infer<typeof StoredSchema>;

function readAll(db: Db): Stored {
  const raw = readMeta(db, KEY);
  if (raw === null) return {};
  try {
    return StoredSchema.parse(JSON.parse(raw));
  } catch {
    // Damaged by hand: start the counts afresh rather than refuse every sign-in.
    return {};
  }
}

/** The count for a staff number that is not registered or not active. */
export function unregisteredAttempts(db: Db, staffNumber: string): AttemptState {
  const all = readAll(db);
  // Own entries only: `constructor`, `toString` … are valid staff numbers, and read through the
  // object's prototype they would count as NaN and never lock, unlike every other number.
  const entry = Object.hasOwn(all, staffNumber) ? all[staffNumber] : undefined;
  return entry ? { failedAttempts: entry.failedAttempts, lockedUntil: entry.lockedUntil } : { failedAttempts: 0, lockedUntil: null };
}

/** Stores the count for an unregistered number; call inside the caller's transaction. */
export function recordUnregisteredAttempts(db: Db, staffNumber: string, state: AttemptState, at: string): void {
  const all = readAll(db);
  all[staffNumber] = { failedAttempts: state.failedAttempts, lockedUntil: state.lockedUntil, at };
  const entries = Object.entries(all)
    // Nothing left to remember: no count and no lock still running.
    .filter(([, e]) => e.failedAttempts > 0 || (e.lockedUntil !== null && e.lockedUntil > at))
    .sort(([, a], [, b]) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, MAX_REMEMBERED);
  writeMeta(db, KEY, entries.length === 0 ? null : JSON.stringify(Object.fromEntries(entries)));
}
