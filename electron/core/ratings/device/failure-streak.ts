import type { Logger } from '../../logging/logger';

/**
 * A failure that repeats at the device's pace — an event whose commit always throws (the device
 * delivers it again every POLL), a device that NAKs every POLL, a legacy evaluator resending a
 * vote that cannot be stored — seen as one streak (review of issue 15 #6):
 * - the log gets the first failure at once, then at most one line every `logEveryMs` with the
 *   count since the last line (not 100k lines a day), and one line when it ends;
 * - after `threshold` failures in a row `alarmed` turns true: the driver then publishes `error`
 *   with the words it gives (the status bar shows that someone must act).
 * Times are given (ms, any monotonic clock), so it is pure but for the logger.
 */
export class FailureStreak {
  private count = 0;
  private sinceLogged = 0;
  private loggedAt = 0;

  /**
   * @param what the log message (English, as the log's other lines)
   * @param threshold failures in a row before `alarmed`
   * @param logEveryMs least time between two log lines of one streak
   */
  constructor(
    private readonly log: Logger,
    private readonly what: string,
    private readonly threshold: number,
    private readonly logEveryMs: number,
  ) {}

  /** Failures in the current streak (0: none). */
  get failures(): number {
    return this.count;
  }

  /** Whether the streak is long enough to tell the clerk. */
  get alarmed(): boolean {
    return this.count >= this.threshold;
  }

  /**
   * One more failure at `nowMs`. @returns whether it made the streak reach the threshold just now
   * (the driver publishes `error` once, not on every failure).
   */
  failed(nowMs: number, fields: Record<string, unknown>): boolean {
    this.count++;
    this.sinceLogged++;
    if (this.count === 1 || nowMs - this.loggedAt >= this.logEveryMs) {
      this.log.error(this.what, { ...fields, failuresInRow: this.count, sinceLastLine: this.sinceLogged });
      this.loggedAt = nowMs;
      this.sinceLogged = 0;
    }
    return this.count === this.threshold;
  }

  /** It worked: the streak ends. @returns whether there was an alarm to take back. */
  succeeded(): boolean {
    const was = this.alarmed;
    if (this.count > 0) this.log.info(`${this.what}: recovered`, { failuresInRow: this.count });
    this.count = 0;
    this.sinceLogged = 0;
    return was;
  }
}
