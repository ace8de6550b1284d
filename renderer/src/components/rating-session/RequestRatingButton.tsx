import { StarOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useCounter } from '../../api/hooks';
import { useSession } from '../../app/frame-context';
import { useHotkey } from '../../app/shortcuts';
import { mayCall } from '../../app/role-access';
import { errorMessage, isCallError } from '../../shared/call-error';
import { isRequestRatingKey, REQUEST_RATING_KEY } from './rating-keys';
import './rating-session.css';

/**
 * 请评价 by hand (ratings.requestRating): opens the rating device for one coin for this case —
 * e.g. a 承诺件 just accepted, the applicant about to leave — or for the window (`caseId` null).
 * The 请评价 panel then shows (ratings.sessionChanged). It only opens the device: the citizen
 * alone chooses the slot, so there is nothing here to pick. Alt+K while mounted; shown only to
 * roles that may call it. When the core refuses — the service is already rated (`conflict`, 一次
 * 一评), no rating device at this window (`unavailable`) — its own words stand beside the button
 * until the next try: they say why, which a passing toast would not leave time to read.
 */
export function RequestRatingButton({ caseId, size = 'large' }: { caseId: string | null; size?: 'large' | 'middle' | 'small' }) {
  const client = useCounter();
  const role = useSession().staff?.role;
  const allowed = role !== undefined && mayCall(role, 'ratings.requestRating');
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(() => setRefusal(null), [caseId]);

  const request = async () => {
    // A held key repeats: one session is enough.
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setRefusal(null);
    try {
      await client.call('ratings.requestRating', { caseId });
    } catch (err) {
      // The core's refusal is already the sentence to read (「该办件已评价」, 「本窗口未配置评价器」);
      // anything else (the link down) is said as a failure to open.
      setRefusal(isCallError(err) ? err.message : `请评价未能开启：${errorMessage(err)}`);
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };
  useHotkey(isRequestRatingKey, () => void request(), { enabled: allowed });

  if (!allowed) return null;
  return (
    <span className="request-rating-wrap">
      <Button size={size} icon={<StarOutlined />} loading={busy} onClick={() => void request()} className="request-rating">
        请评价{' '}
        <kbd className="button-key" aria-hidden>
          {REQUEST_RATING_KEY.label}
        </kbd>
      </Button>
      {refusal !== null ? (
        <span role="alert" className="request-rating-refusal">
          {refusal}
        </span>
      ) : null}
    </span>
  );
}
