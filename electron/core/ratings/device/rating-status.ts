import type { DeviceState } from '../../../contract/health';
import { DEVICE_FAULT_LABELS, type RatingDeviceFlags } from '../../../contract/ratings';
import type { Clock } from '../../clock';
import type { StatusReport, StatusSource } from '../../devices/device';
import { StatusPublisher } from '../../devices/status-publisher';
import type { Logger } from '../../logging/logger';

/**
 * The rating device's StatusSource: the shared StatusPublisher (state, detail, endpoint, `since`)
 * plus `ratingFlags`, the status bits of the last POLL. Listeners hear of a change of either; a
 * report that changed nothing says nothing.
 */
export class RatingStatus implements StatusSource {
  readonly id = 'ratingDevice';
  readonly label = '评价器';
  private readonly publisher: StatusPublisher;
  private ratingFlags: RatingDeviceFlags | null = null;
  private readonly listeners = new Set<(report: StatusReport) => void>();

  constructor(endpoint: string, clock: Clock, private readonly log: Logger) {
    this.publisher = new StatusPublisher(this.id, this.label, { state: 'offline', endpoint, detail: '正在连接评价器' }, clock, log);
    this.publisher.onStatus(() => this.tell());
  }

  status(): StatusReport {
    return { ...this.publisher.status(), ratingFlags: this.ratingFlags };
  }

  onStatus(listener: (report: StatusReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The last polled bits (null: not known, or a protocol without them). */
  flags(): RatingDeviceFlags | null {
    return this.ratingFlags;
  }

  /**
   * Records what the driver knows now. `flags` undefined keeps the last ones; a state change is
   * logged (offline is recorded, protocols/rating-device.md host rule 3).
   */
  publish(state: DeviceState, detail: string | null, options: { endpoint?: string; flags?: RatingDeviceFlags | null } = {}): void {
    const before = this.status();
    if (before.state !== state) {
      const fields = { from: before.state, to: state, detail, endpoint: options.endpoint ?? before.endpoint };
      if (state === 'connected') this.log.info('rating device connected', fields);
      else this.log.warn('rating device not connected', fields);
    }
    const flagsChanged = options.flags !== undefined && !sameFlags(options.flags, this.ratingFlags);
    if (options.flags !== undefined) this.ratingFlags = options.flags;
    const reportBefore = this.publisher.status();
    this.publisher.publish(state, detail, options.endpoint ?? reportBefore.endpoint);
    // The publisher told the listeners if its part changed; a change of the bits alone is told here.
    if (flagsChanged && this.publisher.status() === reportBefore) this.tell();
  }

  private tell(): void {
    const report = this.status();
    for (const listener of this.listeners) {
      try {
        listener(report);
      } catch (err) {
        this.log.warn('status listener failed', { source: this.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
}

/** Whether two sets of status bits are the same (null only equals null). */
export function sameFlags(a: RatingDeviceFlags | null, b: RatingDeviceFlags | null): boolean {
  if (a === null || b === null) return a === b;
  return a.armed === b.armed && a.boxFull === b.boxFull && a.coinJam === b.coinJam && a.coverOpen === b.coverOpen && a.sensorFault === b.sensorFault;
}

/**
 * Words for the faults the status bits show (币箱已满、投币口卡币 …), joined with `、`; null when
 * none. The status bar shows them beside 评价器.
 */
export function faultWords(flags: RatingDeviceFlags | null): string | null {
  if (!flags) return null;
  const words: string[] = [];
  if (flags.coinJam) words.push(DEVICE_FAULT_LABELS.coin_jam);
  if (flags.boxFull) words.push(DEVICE_FAULT_LABELS.box_full);
  if (flags.coverOpen) words.push(DEVICE_FAULT_LABELS.cover_opened);
  if (flags.sensorFault) words.push(DEVICE_FAULT_LABELS.sensor_fault);
  return words.length === 0 ? null : words.join('、');
}
