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
 * `pending` is counted by health from the outbox.
 */
export function syncHealth(report: StatusReport | null, pending: number): Health['sync'] {
  if (report === null) return { state: 'not_configured', endpoint: null, pending, detail: null };
  return { state: SYNC_STATE_OF[report.state], endpoint: report.endpoint, pending, detail: report.detail };
}
