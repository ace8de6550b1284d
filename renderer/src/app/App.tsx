import { Button, Result, Spin } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { HashRouter } from 'react-router';
import { CounterCallError, type Health, type Session, type WindowInfo } from '../../../electron/contract';
import { useConnectionState, useCoreEvent, useCounter, useSessionRefused, useShell } from '../api/hooks';
import { clearDraft } from '../pages/intake/intake-draft';
import { errorMessage, isCallError } from '../shared/call-error';
import { AppFrame } from './AppFrame';
import { ErrorBoundary } from './ErrorBoundary';
import { FrameContext, type FrameState } from './frame-context';
import { SignInScreen } from './SignInScreen';

interface Boot {
  windowInfo: WindowInfo;
  session: Session;
  health: Health;
}

/**
 * Loads what the whole app stands on (the window, who is signed in, the health of its parts),
 * keeps it live from core events, and loads it again whenever the event socket comes back,
 * because events sent while it was down are lost.
 */
function useBoot() {
  const client = useCounter();
  const connection = useConnectionState();
  const [boot, setBoot] = useState<Boot>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const [reconnects, setReconnects] = useState(0);

  useEffect(() => {
    let live = true;
    Promise.all([client.call('app.windowInfo', {}), client.call('session.current', {}), client.call('app.health', {})]).then(
      ([windowInfo, session, health]) => {
        if (!live) return;
        setBoot({ windowInfo, session, health });
        setError(undefined);
      },
      (err: unknown) => {
        if (live) setError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [client, attempt]);

  const previous = useRef(connection);
  useEffect(() => {
    if (connection === 'open' && (previous.current === 'lost' || previous.current === 'refused')) {
      setAttempt((n) => n + 1);
      setReconnects((n) => n + 1);
    }
    previous.current = connection;
  }, [connection]);

  useCoreEvent('session.changed', (session) => setBoot((b) => (b ? { ...b, session } : b)));
  useSessionRefused(() => {
    client.call('session.current', {}).then(
      (session) => setBoot((b) => (b ? { ...b, session } : b)),
      // The shell is unreachable as well: the reload after the socket reconnects puts it right.
      () => undefined,
    );
  });
  // A shell restarted with another token refuses the socket at once; say so now, not in a minute.
  useEffect(() => {
    if (connection !== 'refused') return;
    setError(new CounterCallError({ code: 'unauthorized', message: '访问令牌无效：本机服务已用新的令牌重新启动' }));
    setBoot(undefined);
  }, [connection]);
  useCoreEvent('health.changed', (health) => setBoot((b) => (b ? { ...b, health } : b)));

  // `today` comes from the core in the hall's time zone; asking again each minute carries the
  // header and the date presets over midnight without trusting this PC's clock or zone. It also
  // notices a browser shell restarted with a new token (its event socket just keeps retrying):
  // the page can then do nothing more and must say so instead of showing a dead frame.
  useEffect(() => {
    const timer = setInterval(() => {
      client.call('app.windowInfo', {}).then(
        (windowInfo) => setBoot((b) => (b && b.windowInfo.today !== windowInfo.today ? { ...b, windowInfo } : b)),
        (err: unknown) => {
          if (!isCallError(err, 'unauthorized')) return;
          setError(err);
          setBoot(undefined);
        },
      );
    }, 60_000);
    return () => clearInterval(timer);
  }, [client]);

  const setSession = useCallback((session: Session) => setBoot((b) => (b ? { ...b, session } : b)), []);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { boot, error, setSession, retry, reconnects };
}

function BootFailure({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const shell = useShell();
  if (isCallError(error, 'unauthorized')) {
    return (
      <Result
        status="403"
        title="访问令牌无效"
        subTitle={
          shell === 'browser'
            ? '请使用本机服务启动时打印的完整网址（含 token 参数）重新打开本页面。'
            : '界面与本机服务的认证失败，请重新启动程序。'
        }
      />
    );
  }
  return (
    <Result
      status="error"
      title="无法连接本机服务"
      subTitle={errorMessage(error)}
      extra={
        <Button type="primary" onClick={onRetry}>
          重试
        </Button>
      }
    />
  );
}

export function App() {
  const { boot, error, setSession, retry, reconnects } = useBoot();
  const frame = useMemo<FrameState | null>(
    () => (boot ? { windowInfo: boot.windowInfo, session: boot.session, health: boot.health, setSession, reconnects } : null),
    [boot, setSession, reconnects],
  );

  // Whoever signs in next must not be handed the previous clerk's applicant; however the session
  // ended (退出, 切换工作人员, the core's own sign-out), the page's copy of the unsent form goes
  // with it. The core keeps its own copy for that clerk alone (drafts.get), for their next sign-in.
  const signedOut = boot?.session.state === 'signed_out';
  useEffect(() => {
    if (signedOut) clearDraft();
  }, [signedOut]);

  if (!frame) {
    return (
      <div className="boot-screen">
        {error ? (
          <BootFailure error={error} onRetry={retry} />
        ) : (
          <div className="boot-wait">
            <Spin size="large" />
            <div className="muted">正在连接本机服务…</div>
          </div>
        )}
      </div>
    );
  }
  return (
    // Buttons read as written (取消, not 取 消): set once for everything in main.tsx.
    <ErrorBoundary what="程序界面">
      <FrameContext.Provider value={frame}>
        <HashRouter>{frame.session.state === 'signed_out' ? <SignInScreen /> : <AppFrame />}</HashRouter>
      </FrameContext.Provider>
    </ErrorBoundary>
  );
}
