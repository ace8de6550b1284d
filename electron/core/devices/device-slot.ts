import type { BackgroundService } from '../assembly/capability-module';
import type { Logger } from '../logging/logger';
import type { StatusReport, StatusSource } from './device';

/**
 * What fills a device's slot: the source reporting the device (its driver — the ratings module's
 * rating driver —, or a `not_configured` report) and the service to start and stop with it (the
 * driver itself; null for a device the settings leave out).
 */
export interface SlotContent {
  readonly source: StatusSource;
  readonly service: BackgroundService | null;
}

/**
 * A device's place in the status bar that keeps its id while what fills it changes: health
 * collects the status sources once, at start, so a device reconfigured on the 设置 page must
 * report under the same source. The slot forwards its current content's reports and, on
 * `replace`, stops the old driver, starts the new one (when the slot is running) and tells its
 * listeners the new content's report at once.
 *
 * Start, stop and replace run one after the other, in the order called: a `stop` (the core
 * closing) during a `replace` waits for it and then stops the new watch, and a `replace` after
 * `stop` only swaps (nothing is started on a closed core). Whatever the old content still had
 * under way when it stopped is its own to drop (polling-watch.ts and the rating drivers do).
 */
export class DeviceSlot implements StatusSource, BackgroundService {
  readonly name: string;
  private content: SlotContent;
  private unsubscribeContent: () => void;
  private readonly listeners = new Set<(report: StatusReport) => void>();
  private running = false;
  /** The last start, stop or replace; the next waits for it. Never rejects. */
  private queue: Promise<void> = Promise.resolve();

  /**
   * @param id the status source's id (`ratingDevice`); its service is `devices.<id>`.
   * @param content what fills the slot at start.
   */
  constructor(
    readonly id: string,
    readonly label: string,
    content: SlotContent,
    private readonly log: Logger,
  ) {
    this.name = `devices.${id}`;
    this.content = content;
    this.unsubscribeContent = this.follow(content);
  }

  status(): StatusReport {
    return this.content.source.status();
  }

  onStatus(listener: (report: StatusReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the current content's service, if any. */
  start(): Promise<void> {
    return this.inTurn(async () => {
      this.running = true;
      await this.content.service?.start();
    });
  }

  /** Stops the current content's service; safe before start and twice. */
  stop(): Promise<void> {
    return this.inTurn(async () => {
      this.running = false;
      await this.content.service?.stop();
    });
  }

  /**
   * Puts `next` in the slot: the old service is stopped (waiting for its look under way, as its
   * `stop` does), the new one started if the slot runs, and listeners hear the new report.
   * Resolves once done. A failing stop of the old service is logged; the swap still happens.
   */
  replace(next: SlotContent): Promise<void> {
    return this.inTurn(async () => {
      const old = this.content;
      this.unsubscribeContent();
      try {
        if (this.running) await old.service?.stop();
      } catch (err) {
        this.log.error('closing step failed', { step: `stop ${this.name}`, error: err instanceof Error ? err.message : String(err) });
      }
      this.content = next;
      this.unsubscribeContent = this.follow(next);
      if (this.running) await next.service?.start();
      this.tell(next.source.status());
    });
  }

  private follow(content: SlotContent): () => void {
    return content.source.onStatus((report) => this.tell(report));
  }

  private tell(report: StatusReport): void {
    for (const listener of this.listeners) {
      try {
        listener(report);
      } catch (err) {
        // As StatusPublisher: a failing listener must not keep the others uninformed.
        this.log.warn('status listener failed', { source: this.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  private inTurn(step: () => Promise<void>): Promise<void> {
    const done = this.queue.then(step);
    this.queue = done.catch(() => undefined);
    return done;
  }
}
