/**
 * The rating drivers' times, in milliseconds. The protocol's own numbers (v1: 200 ms per attempt,
 * 3 resends, a POLL at least every 500 ms; protocols/rating-device.md, Exchange and host rule 3)
 * are the defaults; tests inject shorter ones where the protocol allows (back-off, bounds).
 */
export interface RatingDriverTiming {
  /** v1: how long one attempt waits for the reply with the same SEQ (protocol: 200 ms). */
  replyTimeoutMs: number;
  /** v1: resends of the same bytes after the first attempt before the exchange counts as missed (protocol: 3). */
  resends: number;
  /**
   * v1: the pause between the end of one POLL exchange and the next (the protocol asks for a POLL
   * at least every 500 ms; 250 ms leaves room for the exchange itself and a resend's wait).
   */
  pollIdleMs: number;
  /** v1: missed exchanges in a row that make the device offline (protocol: 3). */
  missedForOffline: number;
  /**
   * v1: how long the device may leave every send unanswered before it counts as offline, ms. Three
   * missed exchanges counted by time: the heartbeat is a POLL at least every 500 ms (host rule 3),
   * so three heartbeats with no answer — 1500 ms from the last answer — are three missed exchanges
   * of the heartbeat, reached before three exchanges of 4 sends × 200 ms (2.4 s). Issue 15 asks a
   * lost device to show offline within 2 s; the per-exchange resend rule (same bytes, same SEQ,
   * 200 ms apart) is kept unchanged.
   */
  silentOfflineMs: number;
  /** Bound on one write + drain: a pulled USB adapter's write may neither fail nor drain. */
  writeTimeoutMs: number;
  /** Bound on a close; a hung close abandons the handle. */
  closeTimeoutMs: number;
  /** Bound on an open. */
  openTimeoutMs: number;
  /** First wait before reopening after a failure; doubles up to reopenMaxMs. */
  reopenFirstMs: number;
  reopenMaxMs: number;
  /**
   * How often an open port's presence is checked (its path still exists / still listed): the only
   * sign of a pulled adapter on the legacy bus, which has no heartbeat, and a quicker one than three
   * missed exchanges on v1.
   */
  presenceCheckMs: number;
  /**
   * Legacy bus: a repeat of the same (address, score) within this long after our last ack of it is
   * the device resending because our ack was lost (see legacy-bus-driver.ts for what that costs).
   */
  legacyRepeatWindowMs: number;
  /** Bound on one SerialPort.list() (a hung udev/SetupAPI call must not stop reconnection). */
  listTimeoutMs: number;
  /**
   * Failures in a row of the same kind (an event whose commit throws, a POLL the device refuses)
   * before the status says `error` with words: until then it may be a passing hiccup.
   */
  failuresBeforeError: number;
  /** After its first line, a failure that repeats is logged at most this often, with a count. */
  repeatedFailureLogMs: number;
}

export const DEFAULT_RATING_DRIVER_TIMING: RatingDriverTiming = {
  replyTimeoutMs: 200,
  resends: 3,
  pollIdleMs: 250,
  missedForOffline: 3,
  silentOfflineMs: 1500,
  writeTimeoutMs: 300,
  closeTimeoutMs: 300,
  openTimeoutMs: 2000,
  reopenFirstMs: 250,
  reopenMaxMs: 5000,
  presenceCheckMs: 500,
  legacyRepeatWindowMs: 2000,
  listTimeoutMs: 1000,
  failuresBeforeError: 8,
  repeatedFailureLogMs: 60_000,
};

/** The defaults with the given overrides. */
export function ratingDriverTiming(overrides: Partial<RatingDriverTiming> = {}): RatingDriverTiming {
  return { ...DEFAULT_RATING_DRIVER_TIMING, ...overrides };
}

/**
 * The wait before reopening after `failures` failed attempts in a row (1 = the first): reopenFirstMs
 * doubling, capped at reopenMaxMs (250, 500, 1000, 2000, 4000, 5000, 5000 … by default).
 */
export function reopenDelayMs(failures: number, timing: Pick<RatingDriverTiming, 'reopenFirstMs' | 'reopenMaxMs'>): number {
  const n = Math.max(1, Math.floor(failures));
  return Math.min(timing.reopenMaxMs, timing.reopenFirstMs * 2 ** Math.min(n - 1, 30));
}
