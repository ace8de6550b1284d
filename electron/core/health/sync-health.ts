import type { Health } from '../../contract/health';
import type { StatusReport } from '../devices/device';

/**
 * The sync side's report in the contract's words: `connected` is `online`; `offline` and `error`
 * are both `offline` to the status bar (the detail says which and why); no report (nothing
 * reports under `sync`) is `not_configured`. `pending` is counted by health from the outbox.
 */
export function syncHealth(report: StatusReport | null, pending: number): Health['sync'] {
  if (report === null) return { state: 'not_configured', endpoint: null, pending, detail: null };
  const state = report.state === 'connected' ? 'online' : report.state === 'not_configured' ? 'not_configured' : 'offline';
  return { state, endpoint: report.endpoint, pending, detail: report.detail };
}
