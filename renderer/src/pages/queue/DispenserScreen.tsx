import { useCallback, useEffect, useRef, useState } from 'react';
import { LANE_WORDS, ticketWaitWords, type DispenserState, type Health, type Lane, type QueueIssueResult } from '../../../../electron/contract';
import { useCoreEvent, useCounter } from '../../api/hooks';
import { errorMessage, isCallError } from '../../shared/call-error';
import { kioskStop } from './dispenser-state';
import './dispenser.css';

/** How long the issued ticket stays on screen before the kiosk is ready for the next person. */
const TICKET_SHOWN_MS = 12_000;

/** A touch the answer to which was lost: the same issueId again cannot issue a second number. */
interface Pending {
  letter: string;
  lane: Lane;
  bookingCode?: string;
  issueId: string;
}

const KEYPAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', '0', 'B'] as const;

/**
 * 取号机: the hall's name, then large touch buttons filling the screen, one per category (its
 * letter and lane beside its name); a category of the appointment lane (预约) asks its booking
 * code on an on-screen keypad (no 预约 at all when the hall has no such category); the ticket
 * issued shown large with the same wait words as its paper (ticketWaitWords: people ahead and
 * minutes, or that the hall server is away). Before a touch is taken the ticket printer's state
 * (DLE EOT) is on screen: with paper out or the cover open nothing is issued, and the screen says so.
 */
export function DispenserScreen() {
  const client = useCounter();
  const [state, setState] = useState<DispenserState>();
  const [health, setHealth] = useState<Health>();
  const [loadError, setLoadError] = useState<string>();
  const [issued, setIssued] = useState<QueueIssueResult>();
  const [failure, setFailure] = useState<{ words: string; retry: Pending | null }>();
  const [busy, setBusy] = useState(false);
  const [booking, setBooking] = useState<{ code: string } | null>(null);
  const [hallName, setHallName] = useState<string>();
  const busyRef = useRef(false);

  // The hall's name heads the kiosk (app.windowInfo); until it answers, none.
  useEffect(() => {
    let live = true;
    client.call('app.windowInfo', {}).then(
      (info) => {
        if (live) setHallName(info.hallName);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client]);

  const load = useCallback(() => {
    Promise.all([client.call('queue.dispenserState', {}), client.call('app.health', {})]).then(
      ([s, h]) => {
        setState(s);
        setHealth(h);
        setLoadError(undefined);
      },
      (err: unknown) => setLoadError(errorMessage(err)),
    );
  }, [client]);
  useEffect(load, [load]);
  // The core reads the printer afresh for dispenserState: asked again whenever its status moves.
  const refreshPrinter = useCallback(() => {
    client.call('queue.dispenserState', {}).then(setState, () => undefined);
  }, [client]);
  useCoreEvent('health.changed', (h) => {
    setHealth(h);
    refreshPrinter();
  });
  useCoreEvent('queue.modeChanged', (mode) => setState((s) => (s ? { ...s, mode } : s)));

  // The ticket goes after a while, or at the next touch.
  useEffect(() => {
    if (!issued) return;
    const timer = setTimeout(() => setIssued(undefined), TICKET_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [issued]);

  const stop = kioskStop(state, health);

  const issue = useCallback(
    async (pending: Pending) => {
      if (busyRef.current) return;
      busyRef.current = true;
      setBusy(true);
      setFailure(undefined);
      try {
        const result = await client.call('queue.issue', {
          letter: pending.letter,
          lane: pending.lane,
          issueId: pending.issueId,
          ...(pending.bookingCode !== undefined ? { bookingCode: pending.bookingCode } : {}),
        });
        setIssued(result);
        setBooking(null);
      } catch (err) {
        setFailure({ words: errorMessage(err), retry: isCallError(err, 'unavailable') && !/不能取号|已取完/.test(errorMessage(err)) ? pending : null });
      } finally {
        busyRef.current = false;
        setBusy(false);
        // The printer may have run out on this ticket (or refused it): read its state again.
        client.call('app.health', {}).then(setHealth, () => undefined);
        refreshPrinter();
      }
    },
    [client, refreshPrinter],
  );

  const take = (letter: string, lane: Lane, bookingCode?: string) => {
    if (stop !== null) return;
    setIssued(undefined);
    void issue({ letter, lane, issueId: crypto.randomUUID(), ...(bookingCode !== undefined ? { bookingCode } : {}) });
  };

  if (!state) {
    return (
      <div className="kiosk">
        <div className="kiosk-message">{loadError ? `取号机暂不可用：${loadError}` : '正在启动…'}</div>
        {loadError && (
          <button type="button" className="kiosk-button small" onClick={load}>
            重试
          </button>
        )}
      </div>
    );
  }

  const bookingValid = booking !== null && /^[0-9A-Za-z-]{4,32}$/.test(booking.code);
  const appointments = state.categories.filter((c) => c.lane === 'appointment');
  const wait = issued ? ticketWaitWords({ ahead: issued.ahead, waitMinutes: issued.estimate?.minutes ?? null, mode: issued.mode }) : null;

  return (
    <div className="kiosk" data-printer={stop === null ? 'ready' : 'stopped'}>
      <header className="kiosk-head">
        <div className="kiosk-title">
          {hallName && <div className="kiosk-hall">{hallName}</div>}
          <h1>取号</h1>
        </div>
        {state.mode.mode === 'local' && <span className="kiosk-mode">{state.mode.words ?? '使用本机号段'}</span>}
      </header>
      {stop !== null && (
        <div className="kiosk-stop" role="alert">
          {stop}
        </div>
      )}
      {issued ? (
        <section className="kiosk-ticket" aria-label="您的号码" onClick={() => setIssued(undefined)}>
          <div className="kiosk-ticket-category">{issued.categoryName}</div>
          <div className="kiosk-ticket-number">{issued.ticket.number}</div>
          {wait && (
            <div className={`kiosk-ticket-ahead${issued.mode.mode === 'hall' ? '' : ' hall-down'}`}>
              <div className="kiosk-ticket-ahead-line">{wait.ahead}</div>
              {wait.wait !== null && <div className="kiosk-ticket-wait-line">{wait.wait}</div>}
            </div>
          )}
          <div className="kiosk-ticket-note">请取走号票，留意叫号与语音提示</div>
        </section>
      ) : booking !== null ? (
        <section className="kiosk-booking" aria-label="预约取号">
          <h2>请输入预约码</h2>
          <div className="kiosk-booking-code" aria-live="polite">
            {booking.code || '\u00a0'}
          </div>
          <div className="kiosk-keypad">
            {KEYPAD.map((k) => (
              <button key={k} type="button" className="kiosk-key" onClick={() => setBooking((b) => (b && b.code.length < 32 ? { code: b.code + k } : b))}>
                {k}
              </button>
            ))}
            <button type="button" className="kiosk-key" onClick={() => setBooking((b) => (b ? { code: b.code.slice(0, -1) } : b))}>
              退格
            </button>
            <button type="button" className="kiosk-key" onClick={() => setBooking(null)}>
              返回
            </button>
          </div>
          <h2>选择预约的业务</h2>
          <div className="kiosk-categories">
            {appointments.map((c) => (
              <button
                key={c.letter}
                type="button"
                className="kiosk-button"
                disabled={busy || stop !== null || !bookingValid}
                onClick={() => take(c.letter, 'appointment', booking.code)}
              >
                <span className="kiosk-button-name">{c.name}</span>
              </button>
            ))}
          </div>
        </section>
      ) : (
        <section className={`kiosk-categories kiosk-choices${state.categories.length > 4 ? ' many' : ''}`} aria-label="业务类别">
          {state.categories.map((c) => (
            <button key={c.letter} type="button" className={`kiosk-button lane-${c.lane}`} disabled={busy || stop !== null} onClick={() => (c.lane === 'appointment' ? setBooking({ code: '' }) : take(c.letter, c.lane))}>
              <span className="kiosk-button-name">{c.name}</span>
              {/* The lane beside the name (README): which line the number queues in. */}
              <span className="kiosk-button-lane">
                {c.letter} 类 · {LANE_WORDS[c.lane]}
                {c.lane === 'appointment' ? '（输入预约码）' : ''}
              </span>
            </button>
          ))}
        </section>
      )}
      {failure && (
        <div className="kiosk-failure" role="alert">
          <span>未能取号：{failure.words}</span>
          {failure.retry && (
            <button type="button" className="kiosk-button small" disabled={busy || stop !== null} onClick={() => failure.retry && void issue(failure.retry)}>
              重试
            </button>
          )}
        </div>
      )}
    </div>
  );
}
