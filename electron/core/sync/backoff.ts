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
 * The batch size after an accepted push: back towards `max` by a quarter at a time (at least one
 * more), so after a 413 the size creeps back instead of doubling straight to the size that was
 * refused (a backlog of large events would otherwise alternate between a refused multi-MB upload
 * and an accepted one, doubling the traffic on a slow link). Pure.
 */
export function grownBatch(size: number, max: number): number {
  return Math.min(max, Math.max(1, size + Math.max(1, Math.ceil(size / 4))));
}

/** The share of the server's body limit a push body may take: headroom for a proxy's own limit or headers. */
export const BODY_BUDGET_SHARE = 0.8;

/** The body limit assumed of a server that publishes none (older servers): the server's default, server/http/app.ts. */
export const ASSUMED_MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The most bytes a push body may have: 80 % of the limit the server published in `/health`
 * (ASSUMED_MAX_BODY_BYTES when it published none), and 80 % of the smallest body actually
 * refused with 413 (a proxy in front may cut lower than the server says). Pure.
 */
export function bodyCeilingBytes(maxBodyBytes: number | null, smallestRefusedBytes: number | null): number {
  const published = Math.floor((maxBodyBytes ?? ASSUMED_MAX_BODY_BYTES) * BODY_BUDGET_SHARE);
  return smallestRefusedBytes === null ? published : Math.min(published, Math.floor(smallestRefusedBytes * BODY_BUDGET_SHARE));
}

/** The body budget after an accepted push: up by a quarter, never over `ceiling` (bytes). Pure. */
export function grownBudget(bytes: number, ceiling: number): number {
  return Math.min(ceiling, Math.ceil(bytes * 1.25));
}
