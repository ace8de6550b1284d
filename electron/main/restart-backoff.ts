/**
 * How long to wait before starting the core again after it died. Short at first (a one-off
 * native fault should cost the clerk a second), growing so that a core that dies at once does
 * not spin the CPU of the counter PC, and capped so the window comes back by itself once the
 * cause (a full disk, a locked file) goes away.
 */
export const RESTART_DELAYS_MS: readonly number[] = [1_000, 2_000, 5_000, 10_000, 30_000];

/** A core that stayed up this long after becoming ready is considered healthy again. */
export const STABLE_RUN_MS = 60_000;

/**
 * Starts in a row that ended before the core ever said ready. Past this the cause is not
 * transient (a broken install, a native module built for the wrong ABI) and restarting only
 * hides it, so the host gives up and main shows the error.
 */
export const MAX_STARTS_WITHOUT_READY = 5;

/** Delay before the restart after `attempt` failures in a row (0 = the first). */
export function restartDelayMs(attempt: number, delays: readonly number[] = RESTART_DELAYS_MS): number {
  if (delays.length === 0) throw new Error('restart delays must not be empty');
  const index = Math.min(Math.max(0, Math.floor(attempt)), delays.length - 1);
  // The index is clamped into range above.
  return delays[index] as number;
}

export interface RestartBackoffOptions {
  delays?: readonly number[];
  stableAfterMs?: number;
  maxStartsWithoutReady?: number;
}

export type RestartVerdict =
  | { restart: true; delayMs: number; attempt: number }
  | { restart: false; startsWithoutReady: number };

export class RestartBackoff {
  private readonly delays: readonly number[];
  private readonly stableAfterMs: number;
  private readonly maxStartsWithoutReady: number;
  private failures = 0;
  private startsWithoutReady = 0;
  private readySince: number | null = null;

  constructor(options: RestartBackoffOptions = {}) {
    this.delays = options.delays ?? RESTART_DELAYS_MS;
    this.stableAfterMs = options.stableAfterMs ?? STABLE_RUN_MS;
    this.maxStartsWithoutReady = options.maxStartsWithoutReady ?? MAX_STARTS_WITHOUT_READY;
    restartDelayMs(0, this.delays);
  }

  /** The core said ready at `now`. */
  recordReady(now: number): void {
    this.readySince = now;
    this.startsWithoutReady = 0;
  }

  /** The core exited unexpectedly at `now`: restart after the returned delay, or give up. */
  onUnexpectedExit(now: number): RestartVerdict {
    const wasReady = this.readySince !== null;
    if (this.readySince !== null && now - this.readySince >= this.stableAfterMs) this.failures = 0;
    this.readySince = null;
    if (!wasReady) {
      this.startsWithoutReady += 1;
      if (this.startsWithoutReady >= this.maxStartsWithoutReady) {
        return { restart: false, startsWithoutReady: this.startsWithoutReady };
      }
    }
    const attempt = this.failures;
    this.failures += 1;
    return { restart: true, delayMs: restartDelayMs(attempt, this.delays), attempt };
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}
