import { Alert, Button } from 'antd';
import { useState } from 'react';
import type { HallRefusalNotice, QueuePanel } from '../../../../electron/contract';
import { useCounter } from '../../api/hooks';
import { errorMessage } from '../../shared/call-error';
import { hallRefusalsWords } from './hall-refusals';

/**
 * Above the window's 叫号 panel: this PC's local tickets the hall did not take (review finding
 * M2), until the clerk presses 已知晓 (`queue.acknowledgeRefusals`, the panel after it handed to
 * `onPanel`) or the service day ends. Nothing when there are none.
 */
export function HallRefusals({ notices, onPanel }: { notices: readonly HallRefusalNotice[]; onPanel: (panel: QueuePanel) => void }) {
  const client = useCounter();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const words = hallRefusalsWords(notices);
  if (words === null) return null;
  const acknowledge = async () => {
    setBusy(true);
    setFailed(null);
    try {
      onPanel(await client.call('queue.acknowledgeRefusals', { ticketIds: notices.map((n) => n.ticketId) }));
    } catch (err) {
      setFailed(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Alert
      className="queue-hall-refusals"
      role="alert"
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      message={words}
      description={failed ?? undefined}
      action={
        <Button size="small" disabled={busy} onClick={() => void acknowledge()}>
          已知晓
        </Button>
      }
    />
  );
}
