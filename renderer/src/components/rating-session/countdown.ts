/**
 * Whole seconds left until `expiresAt` (ISO instant) at `nowMs` (ms since the epoch), never
 * below 0. Rounded up, so the panel shows 1 until the session really ends. The renderer runs on
 * the same PC as the core, so its clock is the one the core used for `expiresAt`.
 */
export function secondsLeft(expiresAt: string, nowMs: number): number {
  const end = Date.parse(expiresAt);
  if (Number.isNaN(end)) return 0;
  return Math.max(0, Math.ceil((end - nowMs) / 1000));
}

/** `0:59`, `1:30`: minutes and seconds, as a countdown reads. */
export function countdownText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
