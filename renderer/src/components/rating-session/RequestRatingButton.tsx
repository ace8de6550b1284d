import { StarOutlined } from '@ant-design/icons';
import { App as AntApp, Button } from 'antd';
import { useRef, useState } from 'react';
import { useCounter } from '../../api/hooks';
import { useSession } from '../../app/frame-context';
import { useHotkey } from '../../app/shortcuts';
import { mayCall } from '../../app/role-access';
import { errorMessage } from '../../shared/call-error';
import { isRequestRatingKey, REQUEST_RATING_KEY } from './rating-keys';

/**
 * 请评价 by hand (ratings.requestRating): opens the rating device for one coin for this case —
 * e.g. a 承诺件 just accepted, the applicant about to leave — or for the window (`caseId` null).
 * The 请评价 panel then shows (ratings.sessionChanged). It only opens the device: the citizen
 * alone chooses the slot, so there is nothing here to pick. Alt+K while mounted; shown only to
 * roles that may call it.
 */
export function RequestRatingButton({ caseId, size = 'large' }: { caseId: string | null; size?: 'large' | 'middle' | 'small' }) {
  const client = useCounter();
  const { message } = AntApp.useApp();
  const role = useSession().staff?.role;
  const allowed = role !== undefined && mayCall(role, 'ratings.requestRating');
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);

  const request = async () => {
    // A held key repeats: one session is enough.
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    try {
      await client.call('ratings.requestRating', { caseId });
    } catch (err) {
      void message.error(`请评价未能开启：${errorMessage(err)}`);
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };
  useHotkey(isRequestRatingKey, () => void request(), { enabled: allowed });

  if (!allowed) return null;
  return (
    <Button size={size} icon={<StarOutlined />} loading={busy} onClick={() => void request()} className="request-rating">
      请评价{' '}
      <kbd className="button-key" aria-hidden>
        {REQUEST_RATING_KEY.label}
      </kbd>
    </Button>
  );
}
