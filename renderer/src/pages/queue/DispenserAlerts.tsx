import { Alert } from 'antd';
import { useEffect, useState } from 'react';
import type { DispenserStatus } from '../../../../electron/contract';
import { useCounter } from '../../api/hooks';
import { dispenserAlerts, dispenserRefusalAlerts } from './dispenser-alerts';

/** ms between this page's own reads of the panel for the dispensers' reports (they report every 30 s). */
const REFRESH_MS = 30_000;
/** ms between re-checks of the reports' age (a silent dispenser shows without any new answer). */
const TICK_MS = 10_000;

/**
 * The hall's dispensers that cannot issue (缺纸 …) or have gone silent, one warning each, and
 * the offline tickets a dispenser issued that the hall refused (one error per dispenser, a line
 * per ticket: the clerk arranges those citizens by hand), above the window's 叫号 panel; nothing
 * when all are fine. `dispensers` is the panel's list; the page's
 * panel changes only on a press or an event, so this reads `queue.state` again every REFRESH_MS
 * and shows whichever list came last.
 */
export function DispenserAlerts({ dispensers }: { dispensers: readonly DispenserStatus[] }) {
  const client = useCounter();
  const [shown, setShown] = useState<readonly DispenserStatus[]>(dispensers);
  const [now, setNow] = useState(() => Date.now());

  // By content: the page re-renders for many reasons, and the same panel must not undo a newer refresh.
  const given = JSON.stringify(dispensers);
  useEffect(() => setShown(JSON.parse(given) as DispenserStatus[]), [given]);

  useEffect(() => {
    let live = true;
    const tick = setInterval(() => setNow(Date.now()), TICK_MS);
    const refresh = setInterval(() => {
      client.call('queue.state', {}).then(
        (panel) => {
          if (!live) return;
          setShown(panel.dispensers ?? []);
          setNow(Date.now());
        },
        // The page's own read shows the queue's trouble; a missed refresh only keeps the last list.
        () => undefined,
      );
    }, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(tick);
      clearInterval(refresh);
    };
  }, [client]);

  const alerts = dispenserAlerts(shown, now);
  const refusals = dispenserRefusalAlerts(shown);
  if (alerts.length === 0 && refusals.length === 0) return null;
  return (
    <div className="queue-dispensers" role="alert" style={{ display: 'grid', gap: 8, marginBottom: 12 }}>
      {alerts.map((a) => (
        <Alert key={a.device} type={a.kind === 'stopped' ? 'error' : 'warning'} showIcon message={a.words} />
      ))}
      {refusals.map((r) => (
        <Alert
          key={`refused-${r.device}`}
          className="queue-dispenser-refusals"
          type="error"
          showIcon
          message={r.lines.map((line, i) => (
            <div key={i}>{line}</div>
          ))}
        />
      ))}
    </div>
  );
}
