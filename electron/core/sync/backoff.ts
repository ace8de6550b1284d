/** The first wait after a failed round (ms). */
export const BACKOFF_FIRST_MS = 1000;
/** The longest wait between retries (ms): a server down for hours is asked every 5 minutes. */
export const BACKOFF_MAX_MS = 5 * 60_000;

/**
 * How long to wait before retrying after `failures` failed rounds in a row (1 = the first
 * failure): 1 s, 2 s, 4 s … up to 5 minutes, each drawn at random between half of that and all of
 * it ("equal jitter", https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/),
 * so the windows of a hall whose network came back do not all call the server in the same second.
 * Never below BACKOFF_FIRST_MS / 2. Pure; `random` returns [0, 1).
 */
export function backoffDelayMs(failures: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(failures - 1, 30));
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}

/**
 * The batch size after a push answered 413 (body over the server's limit): half, down to 1.
 * Returns null when the batch was already a single event: that event alone is too large and
 * can never be sent as it is (the caller reports it in words and does not retry it in a loop).
 */
export function halvedBatch(size: number): number | null {
  if (size <= 1) return null;
  return Math.max(1, Math.floor(size / 2));
}

/**
 * The batch size after an accepted push: back towards `max` by doubling, so one large event
 * costs a few small batches, not a day of them. Pure.
 */
export function grownBatch(size: number, max: number): number {
  return Math.min(max, Math.max(1, size * 2));
}
