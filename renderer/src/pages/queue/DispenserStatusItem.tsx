import { Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import type { DispenserStatus } from '../../../../electron/contract';
import { useCoreEvent, useCounter } from '../../api/hooks';
import { dispenserAlerts, staffWords, type DispenserAlert } from './dispenser-alerts';

/** ms between the status bar's reads of the panel for the dispensers' reports (they report every 30 s). */
const REFRESH_MS = 30_000;
/** ms between re-checks of the reports' age (a silent dispenser shows without any new answer). */
const TICK_MS = 10_000;

/** The status bar's short words for one warning: "91 号取号机缺纸", "91 号取号机无消息". */
export function shortDispenserWords(alert: DispenserAlert, dispenser: DispenserStatus | undefined): string {
  if (alert.kind === 'silent') return `${alert.device} 号取号机无消息`;
  const first = staffWords(dispenser?.words ?? null).split(/[，,]/)[0] ?? '';
  return `${alert.device} 号取号机${first}`;
}

/**
 * The hall's dispenser warnings in the status bar, on every page (trial finding F10: the clerk
 * mostly sits on 受理, and the warning showed only on 叫号): short words (91 号取号机缺纸), the
 * full sentence in the tooltip; nothing when all dispensers are fine or there is no hall queue.
 * Fed by `queue.changed` and a passive read of the panel every REFRESH_MS. (The reports carry the
 * dispenser's number only, not its configured name.)
 */
export function DispenserStatusItem() {
  const client = useCounter();
  const [dispensers, setDispensers] = useState<readonly DispenserStatus[]>([]);
  const [now, setNow] = useState(() => Date.now());
  useCoreEvent('queue.changed', (panel) => setDispensers(panel.dispensers ?? []));
  useEffect(() => {
    let live = true;
    const read = () =>
      // Passive: the status bar is on every page, and must not keep the window's 3 s watch of the
      // hall going all day (review F14); only the 叫号 page and the 受理 header's reads do.
      client.call('queue.state', { passive: true }).then(
        (panel) => {
          if (!live) return;
          setDispensers(panel.dispensers ?? []);
          setNow(Date.now());
        },
        // No queue here, or no right to read it: nothing to warn of; the 叫号 page says why.
        () => undefined,
      );
    void read();
    const refresh = setInterval(read, REFRESH_MS);
    const tick = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => {
      live = false;
      clearInterval(refresh);
      clearInterval(tick);
    };
  }, [client]);
  const alerts = dispenserAlerts(dispensers, now);
  if (alerts.length === 0) return null;
  const stopped = alerts.some((a) => a.kind === 'stopped');
  return (
    <Tooltip title={<div className="status-tip">{alerts.map((a) => <div key={a.device}>{a.words}</div>)}</div>} placement="topLeft">
      <span className={`status-item ${stopped ? 'status-bad' : 'status-warn'}`} tabIndex={0} role="status" aria-label="取号机">
        <span className="status-dot" aria-hidden />
        {alerts.map((a) => shortDispenserWords(a, dispensers.find((d) => d.device === a.device))).join('、')}
      </span>
    </Tooltip>
  );
}
