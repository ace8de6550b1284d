import { useCallback, useContext, useEffect, useReducer, useRef, useState, type MouseEvent } from 'react';
import type { RatingSession } from '../../../../electron/contract/ratings';
import { useCoreEvent, useCounter } from '../../api/hooks';
import { useHealth, useOnReconnect } from '../../app/frame-context';
import { isDialogOpen, ShortcutsEnabledContext } from '../../app/shortcuts';
import { nextPanelState, NO_PANEL, type PanelState } from './panel-state';
import { SATISFACTION_COLORS } from '../../shared/rating-words';
import { SatisfactionTag } from '../../shared/satisfaction-tag';
import { countdownText, secondsLeft } from './countdown';
import { deviceReadiness, type DeviceReadiness } from './device-readiness';
import { RatingScale } from './RatingScale';
import './rating-session.css';

/** Seconds left, read again every second while `expiresAt` is set; a timer of its own, so only the countdown re-renders. */
function useSecondsLeft(expiresAt: string | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (expiresAt === null) return;
    setNow(Date.now());
    let timer: ReturnType<typeof setTimeout>;
    // On the second boundary of the deadline, so 0:59 follows 1:00 a second later, not up to 2 s.
    const tick = () => {
      setNow(Date.now());
      const msToNext = (Date.parse(expiresAt) - Date.now()) % 1000;
      timer = setTimeout(tick, (msToNext > 0 ? msToNext : 1000 + msToNext) + 5);
    };
    timer = setTimeout(tick, 200);
    return () => clearTimeout(timer);
  }, [expiresAt]);
  return expiresAt === null ? 0 : secondsLeft(expiresAt, now);
}

function Countdown({ session, compact }: { session: RatingSession; compact?: boolean }) {
  const left = useSecondsLeft(session.expiresAt);
  return (
    // role=timer is not announced every second (its aria-live is off), unlike a status region.
    <span role="timer" className={compact ? 'rating-countdown-compact' : 'rating-countdown'} aria-label={`剩余 ${left} 秒`} data-seconds={left}>
      {countdownText(left)}
    </span>
  );
}

/** An unmodified Esc the page may give up: no dialog is up and no open list would close on it. */
function isFreeEscape(e: KeyboardEvent): boolean {
  if (e.key !== 'Escape' || e.ctrlKey || e.altKey || e.metaKey || e.shiftKey) return false;
  if (e.isComposing || e.keyCode === 229 || e.defaultPrevented) return false;
  if (isDialogOpen()) return false;
  const target = e.target;
  return !(target instanceof HTMLElement && target.getAttribute('aria-expanded') === 'true');
}

/**
 * 请评价 (一次一评, protocols/rating-device.md rule 2): while a session is armed at this window —
 * armed when a service was finished or by 请评价 by hand — a large, calm panel says what the
 * rating is for, how long the device stays open, and what the device's health says when it
 * cannot take the coin now (offline: it will be opened as soon as it is back; a fault flag:
 * 「评价器故障：卡币，暂不能评价」). A window with no rating device shows no panel at all. When the coin comes, a short thank-you with the level's name,
 * then nothing. It never takes the focus (not a dialog; nothing in it is focusable by Tab): the
 * clerk goes on with the next applicant meanwhile. Esc folds it into a small reminder; nothing
 * here ends the session or chooses a level — staff cannot steer a rating (GB/T 39734).
 * Mounted once in the frame, for the roles that work at the window.
 */
export function RatingSessionPanel() {
  const client = useCounter();
  const [state, dispatch] = useReducer(nextPanelState, NO_PANEL);
  const enabled = useContext(ShortcutsEnabledContext);
  const devices = useHealth().devices;
  // Events heard since a load was asked for: that load's answer is older than they are.
  const heard = useRef(0);

  const load = useCallback(() => {
    const asked = heard.current;
    client.call('ratings.session', {}).then(
      (session) => {
        if (heard.current === asked) dispatch({ type: 'session', session, nowMs: Date.now() });
      },
      // No session shown is the safe side: the device still takes the coin, the panel only asks.
      () => undefined,
    );
  }, [client]);
  useEffect(load, [load]);
  useOnReconnect(load);

  useCoreEvent('ratings.sessionChanged', (session) => {
    heard.current++;
    dispatch({ type: 'session', session, nowMs: Date.now() });
  });
  useCoreEvent('ratings.received', (rating) => {
    heard.current++;
    dispatch({ type: 'received', rating, nowMs: Date.now() });
  });

  const untilMs = state.kind === 'thanks' ? state.untilMs : null;
  useEffect(() => {
    if (untilMs === null) return;
    const timer = setTimeout(() => dispatch({ type: 'thanksOver', nowMs: Date.now() }), Math.max(0, untilMs - Date.now()));
    return () => clearTimeout(timer);
  }, [untilMs]);

  // Esc folds the panel, in the capture phase so the page behind does not also take it (the case
  // page would go back to the list): the first Esc is the panel's, the next the page's.
  const readiness = deviceReadiness(devices, state.kind === 'asking' && state.session.deviceArmed);
  const folds = enabled && state.kind === 'asking' && !state.hidden && readiness.kind !== 'none';
  useEffect(() => {
    if (!folds) return;
    const onKey = (e: KeyboardEvent) => {
      if (!isFreeEscape(e)) return;
      e.preventDefault();
      e.stopPropagation();
      dispatch({ type: 'hide' });
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [folds]);

  return <PanelView state={state} readiness={readiness} onShow={() => dispatch({ type: 'show' })} onHide={() => dispatch({ type: 'hide' })} />;
}

/** A mouse press that does not move the focus away from the clerk's field. */
const keepFocus = (e: MouseEvent) => e.preventDefault();

function PanelView({
  state,
  readiness,
  onShow,
  onHide,
}: {
  state: PanelState;
  readiness: DeviceReadiness;
  onShow: () => void;
  onHide: () => void;
}) {
  if (state.kind === 'none') return null;
  if (state.kind === 'thanks') {
    const s = state.satisfaction;
    return (
      <aside className="rating-panel rating-thanks" style={s ? { borderLeftColor: SATISFACTION_COLORS[s] } : undefined} role="status" aria-label="评价结果">
        <div className="rating-thanks-title">谢谢您的评价</div>
        {s ? (
          <div className="rating-thanks-level">
            <RatingScale satisfaction={s} />
            <SatisfactionTag satisfaction={s} className="rating-level-tag" />
          </div>
        ) : (
          <div className="rating-thanks-level muted">已收到</div>
        )}
      </aside>
    );
  }
  // No rating device at this window: nothing for the citizen to rate with, so nothing to ask.
  if (readiness.kind === 'none') return null;
  const { session } = state;
  if (state.hidden) {
    return (
      <button type="button" tabIndex={-1} className="rating-reminder" onMouseDown={keepFocus} onClick={onShow} aria-label="请评价进行中，点击展开">
        <span>请评价进行中</span>
        <Countdown session={session} compact />
      </button>
    );
  }
  return (
    <aside className={`rating-panel rating-asking${readiness.kind === 'ready' ? '' : ` rating-${readiness.kind}`}`} aria-label="请评价">
      <div className="rating-panel-head">
        <span className="rating-title">请评价</span>
        <button type="button" tabIndex={-1} className="rating-fold" onMouseDown={keepFocus} onClick={onHide} title="收起（评价仍开启）">
          收起 <kbd>Esc</kbd>
        </button>
      </div>
      <div className="rating-service" data-testid="rating-service">
        {session.serviceLabel}
      </div>
      {readiness.kind === 'ready' ? (
        <div className="rating-hint" role="status">
          请群众在评价器上投币，为本次服务评价
        </div>
      ) : (
        <div className={`rating-hint rating-hint-${readiness.kind}`} role="status">
          {readiness.words}
        </div>
      )}
      <div className="rating-time">
        <span className="muted">剩余</span>
        <Countdown session={session} />
      </div>
    </aside>
  );
}
