import { App as AntApp, Button, Result } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { HashRouter } from 'react-router';
import { CounterCallError, type Health, type MethodResult, type Session, type SetupStatus, type WindowInfo } from '../../../electron/contract';
import { useConnectionState, useCoreEvent, useCounter, useSessionRefused, useShell } from '../api/hooks';
import { clearDraft } from '../pages/intake/intake-draft';
import { DispenserScreen } from '../pages/queue/DispenserScreen';
import { ShellDisplay } from '../pages/queue/ShellDisplay';
import { SetupScreen } from '../pages/setup/SetupScreen';
import { errorMessage, isCallError } from '../shared/call-error';
import { AppFrame } from './AppFrame';
import { BootWait } from './BootWait';
import { ChangePinScreen } from './ChangePinScreen';
import { ErrorBoundary } from './ErrorBoundary';
import { useQueueRole } from './queue-role';
import { FrameContext, type FrameState } from './frame-context';
import { RestartingOverlay, type Restarting } from './RestartingOverlay';
import { SignInScreen } from './SignInScreen';

interface Boot {
  windowInfo: WindowInfo;
  session: Session;
  health: Health;
  /** Whether this data folder still needs its first-run setup, and what it starts from. */
  setup: SetupStatus;
}

/** How long to wait before asking a restarting core again. */
const RESTART_RETRY_MS = 1_000;

/**
 * Loads what the whole app stands on (the window, who is signed in, the health of its parts,
 * whether the first-run setup is still to do), keeps it live from core events, and loads it
 * again whenever the event socket comes back, because events sent while it was down are lost,
 * and when the core has restarted (`app.restarted`: new settings, and everyone signed out).
 * While the core restarts (`app.restarting`, or the setup just completed) `restarting` says so;
 * it ends with the first load after the core is back.
 */
function useBoot() {
  const client = useCounter();
  const connection = useConnectionState();
  const [boot, setBoot] = useState<Boot>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const [reconnects, setReconnects] = useState(0);
  const [restarting, setRestarting] = useState<Restarting | null>(null);
  // Set once the core is back (app.restarted, or the socket reconnected) while `restarting`:
  // the next load that succeeds ends the overlay. A load before that is still the old core's.
  const back = useRef(false);
  const restartingNow = useRef(false);
  restartingNow.current = restarting?.kind === 'restarting';

  useEffect(() => {
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    Promise.all([
      client.call('app.windowInfo', {}),
      client.call('session.current', {}),
      client.call('app.health', {}),
      client.call('setup.status', {}),
    ]).then(
      ([windowInfo, session, health, setup]) => {
        if (!live) return;
        setBoot({ windowInfo, session, health, setup });
        setError(undefined);
        if (back.current) {
          back.current = false;
          setRestarting(null);
        } else if (restartingNow.current) {
          // Still the old core's answer (or the new one's before app.restarted): ask again, so a
          // restart that fails is heard even though no event says so.
          retry = setTimeout(() => setAttempt((n) => n + 1), RESTART_RETRY_MS);
        }
      },
      (err: unknown) => {
        if (!live) return;
        if (isRestartFailure(err)) {
          // Nothing will come back until the program is started again: say why, stop asking.
          back.current = false;
          setRestarting(null);
          setBoot(undefined);
          setError(err);
          return;
        }
        // A restarting core answers nothing for a moment: ask again rather than show a failure.
        if (restartingNow.current) retry = setTimeout(() => setAttempt((n) => n + 1), RESTART_RETRY_MS);
        else setError(err);
      },
    );
    return () => {
      live = false;
      if (retry !== undefined) clearTimeout(retry);
    };
  }, [client, attempt]);

  useCoreEvent('app.restarting', ({ reason }) => setRestarting({ kind: 'restarting', reason }));
  // From the moment the overlay goes up, keep asking (each call waits for the new core): a restart
  // that fails sends no event, only the answers say so (details.restartFailed).
  const waitingForCore = restarting?.kind === 'restarting';
  useEffect(() => {
    if (waitingForCore) setAttempt((n) => n + 1);
  }, [waitingForCore]);
  useCoreEvent('app.restarted', () => {
    back.current = true;
    setAttempt((n) => n + 1);
  });

  const previous = useRef(connection);
  useEffect(() => {
    if (connection === 'open' && (previous.current === 'lost' || previous.current === 'refused')) {
      back.current = true;
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
          if (!isCallError(err, 'unauthorized') && !isRestartFailure(err)) return;
          setError(err);
          setBoot(undefined);
        },
      );
    }, 60_000);
    return () => clearInterval(timer);
  }, [client]);

  const setSession = useCallback((session: Session) => setBoot((b) => (b ? { ...b, session } : b)), []);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  /** The first-run setup is saved: the core restarts on it (or must be restarted by hand). */
  const setupCompleted = useCallback((result: MethodResult<'setup.complete'>) => {
    setRestarting(result.restarting ? { kind: 'restarting', reason: 'setup' } : { kind: 'manual', configFile: result.configFile });
  }, []);
  return { boot, error, setSession, retry, reconnects, restarting, setupCompleted };
}

/**
 * The core could not be restarted (restartable-core.ts: every call then answers `unavailable`
 * with `details.restartFailed`); only starting the program again helps.
 */
function isRestartFailure(err: unknown): err is CounterCallError {
  return isCallError(err, 'unavailable') && err.details['restartFailed'] === true;
}

function BootFailure({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const shell = useShell();
  if (isRestartFailure(error)) {
    // The message says why and what to do (fix the cause, start the program again); 重试 cannot help.
    return <Result status="error" title={errorMessage(error)} className="restart-failed" />;
  }
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

/** The screen for the session's state: sign-in, the PIN of one's own, or the app. */
function SessionScreen({ state }: { state: Session['state'] }) {
  switch (state) {
    case 'signed_out':
      return <SignInScreen />;
    case 'pin_change_required':
      return <ChangePinScreen />;
    case 'active':
    case 'paused':
      return <AppFrame />;
  }
}

export function App() {
  const { boot, error, setSession, retry, reconnects, restarting, setupCompleted } = useBoot();
  // A kiosk (取号机) and a hall screen never sign in: their screen instead of the counter's.
  const queueRole = useQueueRole(boot !== undefined, reconnects);
  const frame = useMemo<FrameState | null>(
    () => (boot ? { windowInfo: boot.windowInfo, session: boot.session, health: boot.health, setSession, reconnects } : null),
    [boot, setSession, reconnects],
  );

  // Whoever signs in next must not be handed the previous clerk's applicant; however the session
  // ended (退出, 切换工作人员, the core's own sign-out), the page's copy of the unsent form goes
  // with it. The core keeps its own copy for that clerk alone (drafts.get), for their next sign-in.
  const signedOut = boot?.session.state === 'signed_out';
  // Nor the previous person's notices: a toast such as 已新增 王芳 must not greet the next one.
  const { message } = AntApp.useApp();
  useEffect(() => {
    if (!signedOut) return;
    clearDraft();
    message.destroy();
  }, [signedOut, message]);

  // Over whatever is on screen, so nothing is lost before the core is back; then everyone signs in again.
  const overlay = restarting && <RestartingOverlay restarting={restarting} />;
  if (!frame) {
    return (
      <div className="boot-screen">
        {overlay}
        {error ? (
          <BootFailure error={error} onRetry={retry} />
        ) : (
          <BootWait />
        )}
      </div>
    );
  }
  return (
    // Buttons read as written (取消, not 取 消): set once for everything in main.tsx.
    <ErrorBoundary what="程序界面">
      <FrameContext.Provider value={frame}>
        {/* A kiosk's or a hall screen's config makes it one, staff or no staff (none signs in there). */}
        {queueRole === undefined ? (
          <BootWait />
        ) : queueRole === 'display' ? (
          <ShellDisplay />
        ) : queueRole === 'dispenser' ? (
          <DispenserScreen />
        ) : boot?.setup.needed ? (
          <SetupScreen status={boot.setup} onCompleted={setupCompleted} onAlreadySetUp={retry} />
        ) : (
          <HashRouter>
            <SessionScreen state={frame.session.state} />
          </HashRouter>
        )}
        {overlay}
      </FrameContext.Provider>
    </ErrorBoundary>
  );
}
