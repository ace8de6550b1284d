import type { DeviceState } from '../../contract/health';
import type { Clock } from '../clock';
import type { Logger } from '../logging/logger';
import type { StatusReport, StatusSource } from './device';

/**
 * The reporting half of a StatusSource, shared by every driver and the sync client: holds the
 * latest report, stamps `since` when the state changes, and tells listeners only when the report
 * changed (a poll that finds the same state says nothing, so the status bar is not redrawn).
 */
export class StatusPublisher implements StatusSource {
  private report: StatusReport;
  private readonly listeners = new Set<(report: StatusReport) => void>();

  constructor(
    readonly id: string,
    readonly label: string,
    initial: Omit<StatusReport, 'since'>,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.report = { ...initial, since: clock.now().toISOString() };
  }

  status(): StatusReport {
    return this.report;
  }

  onStatus(listener: (report: StatusReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Records what the driver now knows. `since` moves only with `state`: a printer that stays
   * offline for another reason (refused, then timed out) has been offline since the first.
   */
  publish(state: DeviceState, detail: string | null, endpoint: string | null = this.report.endpoint): void {
    const before = this.report;
    if (before.state === state && before.detail === detail && before.endpoint === endpoint) return;
    this.report = { state, endpoint, detail, since: before.state === state ? before.since : this.clock.now().toISOString() };
    for (const listener of this.listeners) {
      try {
        listener(this.report);
      } catch (err) {
        // A failing listener must not stop the driver, nor keep the other listeners uninformed.
        this.log.warn('status listener failed', { source: this.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
}
