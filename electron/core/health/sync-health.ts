import type { DeviceState, Health, SyncState } from '../../contract/health';
import type { StatusReport } from '../devices/device';

/** Each state a status source reports, as the sync line of the status bar says it. */
const SYNC_STATE_OF: Record<DeviceState, SyncState> = {
  connected: 'online',
  offline: 'offline',
  error: 'error',
  not_configured: 'not_configured',
};

/**
 * The sync side's report in the contract's words: `connected` is `online`, `offline` and `error`
 * stay what they are (away and expected back, or there but unusable until someone acts: the
 * status bar says 故障 for it), and no report (nothing reports under `sync`) is `not_configured`.
 * `pending` is counted by health from the outbox; the sync client's last success, last error and
 * catch-up progress are passed on as it reports them.
 */
export function syncHealth(report: StatusReport | null, pending: number): Health['sync'] {
  if (report === null) return { state: 'not_configured', endpoint: null, pending, detail: null };
  const extras = report.sync ? { lastSuccessAt: report.sync.lastSuccessAt, lastError: report.sync.lastError, progress: report.sync.progress } : {};
  return { state: SYNC_STATE_OF[report.state], endpoint: report.endpoint, pending, detail: report.detail, ...extras };
}
