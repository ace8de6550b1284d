import type { StatusReport, StatusSource } from '../devices/device';

/** What the status bar says when the device reused an event id for another coin (review of issue 15, #5). */
export const REUSED_EVENT_ID_WORDS = '评价器事件编号重复，请联系厂家';

/**
 * A rating driver's status source with an alarm the core can raise on it: the drivers report
 * the link and the device's flags, but only the core sees what the stored votes say (a reused
 * event id). While raised, a `connected` report is shown as `error` with the alarm's words (an
 * offline or faulty device keeps its own words: they say what to do first). The alarm stays
 * until this source is replaced (the settings saved again, or a restart): a device that reuses
 * ids needs the vendor, not a retry.
 */
export interface AlarmedSource extends StatusSource {
  raise(words: string, at: string): void;
}

export function withAlarm(source: StatusSource): AlarmedSource {
  let alarm: { words: string; at: string } | null = null;
  const listeners = new Set<(report: StatusReport) => void>();
  const shown = (report: StatusReport): StatusReport =>
    alarm !== null && report.state === 'connected' ? { ...report, state: 'error', detail: alarm.words, since: alarm.at } : report;
  source.onStatus((report) => {
    for (const listener of listeners) listener(shown(report));
  });
  return {
    id: source.id,
    label: source.label,
    status: () => shown(source.status()),
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    raise(words, at) {
      if (alarm?.words === words) return;
      alarm = { words, at };
      const report = shown(source.status());
      for (const listener of listeners) listener(report);
    },
  };
}
