import { useEffect, useRef } from 'react';
import type { FollowUp } from '../../../../electron/contract/ratings';
import { useCoreEvent, useQuery, type Query } from '../../api/hooks';
import { useOnReconnect } from '../../app/frame-context';

/**
 * The open or the closed follow-ups as `ratings.followUps` orders them (open: overdue first,
 * then by due date; closed: latest first), asked again shortly after any follow-up changes or a
 * rating arrives (a 差评 opens one), and when the event socket comes back.
 */
export function useFollowUps(state: 'open' | 'closed'): Query<FollowUp[]> {
  const query = useQuery('ratings.followUps', { state });
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const reloadSoon = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(query.reload, 300);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  useCoreEvent('ratings.followUpChanged', reloadSoon);
  useCoreEvent('ratings.received', reloadSoon);
  useOnReconnect(query.reload);
  return query;
}
