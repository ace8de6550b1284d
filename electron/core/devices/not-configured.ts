import type { StatusReport, StatusSource } from './device';

/**
 * A device the config file does not set up: the status bar still shows it (as 未配置), so staff
 * see that the window has a place for it. It never changes while the core runs.
 */
export function notConfigured(id: string, label: string, since: string): StatusSource {
  const report: StatusReport = { state: 'not_configured', endpoint: null, detail: null, since };
  return {
    id,
    label,
    status: () => report,
    onStatus: () => () => undefined,
  };
}
