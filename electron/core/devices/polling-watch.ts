import type { BackgroundService } from '../assembly/capability-module';
import type { Clock } from '../clock';
import type { Logger } from '../logging/logger';
import type { StatusReport, StatusSource } from './device';
import { StatusPublisher } from './status-publisher';

/** What one look at a device found. */
export interface Observation {
  state: 'connected' | 'offline' | 'error';
  /** Words for the status bar's tooltip (`串口已就绪`, `对方拒绝连接…`). */
  detail: string;
}

/** The detail of a configured device before its first look has answered. */
export const CHECKING_DETAIL = '正在检测…';

/**
 * How long `stop` waits for the look under way to settle after its abort. A look that honours
 * the signal (the upstream's fetch) settles well within it; one that cannot be aborted (a system
 * call that takes no signal) is left to finish by itself, its answer dropped, so closing the core
 * never waits for the slowest system call.
 */
export const STOP_WAIT_MS = 200;

export interface PollingWatchOptions {
  /** Service name for the log: `sync.upstream`. */
  name: string;
  /** StatusSource id and label (device.ts). */
  id: string;
  label: string;
  /** Where the watched thing is: an URL, `192.168.1.50:9100`, `/dev/ttyUSB0`. */
  endpoint: string;
  /**
   * One look at the device. It should settle soon after `signal` aborts (on stop): `stop` waits
   * for it at most STOP_WAIT_MS. A rejection is a bug in the check, logged and reported as `error`.
   */
  check(signal: AbortSignal): Promise<Observation>;
  /** Milliseconds between looks while the device answers, and before the first retry. */
  intervalMs: number;
  /**
   * Longest wait between looks while the device stays away: each failed look doubles the wait up
   * to this (back-off), the first good one brings it back to `intervalMs`. Default `intervalMs`
   * (no back-off), right for a cheap local check.
   */
  maxIntervalMs?: number;
  clock: Clock;
  log: Logger;
}

/**
 * A watch that finds out by itself: it looks at its endpoint every `intervalMs` (one look at a
 * time, the next scheduled after the last answered), publishes what it found, and notices a loss
 * and a return without being asked. The upstream watch (sync/upstream-watch.ts) is built on it;
 * the devices are not (their protocol drivers, printing and ratings, hold their ports open and
 * report what the port tells them, behind the same StatusSource).
 */
export class PollingWatch implements StatusSource, BackgroundService {
  readonly name: string;
  readonly id: string;
  readonly label: string;
  private readonly publisher: StatusPublisher;
  private timer: NodeJS.Timeout | null = null;
  private looking: Promise<void> | null = null;
  private abort: AbortController | null = null;
  private running = false;
  /** Bumped by each start and stop: an answer from before belongs to a run that is over. */
  private run = 0;
  /** Looks in a row that did not find the device connected (for the back-off). */
  private misses = 0;

  constructor(private readonly options: PollingWatchOptions) {
    this.name = options.name;
    this.id = options.id;
    this.label = options.label;
    this.publisher = new StatusPublisher(
      options.id,
      options.label,
      { state: 'offline', endpoint: options.endpoint, detail: CHECKING_DETAIL },
      options.clock,
      options.log,
    );
  }

  status(): StatusReport {
    return this.publisher.status();
  }

  onStatus(listener: (report: StatusReport) => void): () => void {
    return this.publisher.onStatus(listener);
  }

  /** Looks at once (not awaited: start-up does not wait for a printer's timeout), then on the interval. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.run += 1;
    this.misses = 0;
    this.look(this.run);
  }

  /**
   * Stops looking; an answer still on its way is dropped. Waits for the look under way to settle,
   * at most STOP_WAIT_MS. Safe before start and twice.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.run += 1;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort?.abort();
    const looking = this.looking;
    if (!looking) return;
    let waited: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<'gave up'>((resolve) => {
      waited = setTimeout(() => resolve('gave up'), STOP_WAIT_MS);
    });
    try {
      if ((await Promise.race([looking, gaveUp])) === 'gave up') {
        this.options.log.warn('device check still running at stop, left to finish', { source: this.id });
      }
    } finally {
      clearTimeout(waited);
    }
  }

  private look(run: number): void {
    this.timer = null;
    const abort = new AbortController();
    this.abort = abort;
    const looking = this.options
      .check(abort.signal)
      .catch((err: unknown): Observation => {
        this.options.log.error('device check failed', { source: this.id, error: err instanceof Error ? err.message : String(err) });
        return { state: 'error', detail: '状态检测出错，请查看日志' };
      })
      .then((found) => {
        if (run !== this.run) return;
        this.publisher.publish(found.state, found.detail);
        this.misses = found.state === 'connected' ? 0 : this.misses + 1;
        this.timer = setTimeout(() => this.look(run), this.nextDelay());
        // A watch never keeps the process alive on its own: closing the core stops it anyway.
        this.timer.unref();
      })
      .finally(() => {
        if (this.looking === looking) this.looking = null;
      });
    this.looking = looking;
  }

  private nextDelay(): number {
    const { intervalMs, maxIntervalMs = intervalMs } = this.options;
    if (this.misses <= 1) return intervalMs;
    return Math.min(intervalMs * 2 ** Math.min(this.misses - 1, 30), Math.max(maxIntervalMs, intervalMs));
  }
}
