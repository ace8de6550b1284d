import { App as AntApp, Menu } from 'antd';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useCounter } from '../api/hooks';
import { CaseDetailPage } from '../pages/cases/CaseDetailPage';
import { CaseListPage } from '../pages/cases/CaseListPage';
import { CaseListStateProvider } from '../pages/cases/case-list-state';
import { CaseIntakePage } from '../pages/intake/CaseIntakePage';
import { IntakePage } from '../pages/intake/IntakePage';
import { ForbiddenPage } from '../pages/ForbiddenPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { DocumentPreviewPage } from '../pages/printing/DocumentPreviewPage';
import { PrintJobAlerts } from '../pages/printing/PrintJobAlerts';
import { RatingFaultAlerts } from '../components/rating-session/RatingFaultAlerts';
import { RatingSessionPanel } from '../components/rating-session/RatingSessionPanel';
import { PrintJobsPage } from '../pages/printing/PrintJobsPage';
import { QueueKeysElsewhere } from '../pages/queue/QueueKeysElsewhere';
import { QueuePage } from '../pages/queue/QueuePage';
import { FollowUpDetailPage } from '../pages/ratings/FollowUpDetailPage';
import { RatingsPage } from '../pages/ratings/RatingsPage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { StaffPage } from '../pages/staff/StaffPage';
import { UpcomingPage } from '../pages/upcoming/UpcomingPage';
import { errorMessage } from '../shared/call-error';
import { AppHeader } from './AppHeader';
import { DemoConfigBanner } from './DemoConfigBanner';
import { ErrorBoundary } from './ErrorBoundary';
import { useSession, useSetSession, useWindowInfo } from './frame-context';
import { navItemFor, navItemsFor, type NavItem } from './nav';
import { PausedOverlay } from './PausedOverlay';
import { homePathFor, mayCall, mayOpen } from './role-access';
import { ShortcutHelp } from './ShortcutHelp';
import { keys, ShortcutsEnabledContext, useHotkey } from './shortcuts';
import { StatusBar } from './StatusBar';

/** The sections the signed-in role may use, as the navigation shows them. */
function useNavItems(): NavItem[] {
  const role = useSession().staff?.role;
  return useMemo(() => navItemsFor(role), [role]);
}

function FrameHotkeys({ onPause, onHelp }: { onPause: () => void; onHelp: () => void }) {
  const navigate = useNavigate();
  const items = useNavItems();
  // Only the digits of the sections shown: Alt+7 for a clerk (6 sections) does nothing.
  const navItemForKey = (e: KeyboardEvent) => items.find((item) => keys.altDigit(item.digit)(e));
  useHotkey(
    (e) => navItemForKey(e) !== undefined,
    (e) => {
      const item = navItemForKey(e);
      if (item) void navigate(item.path);
    },
  );
  useHotkey(keys.ctrl('KeyL'), onPause);
  useHotkey(keys.plain('F1', '?'), onHelp, { inDialogs: true });
  return null;
}

function NavMenu() {
  const location = useLocation();
  const navigate = useNavigate();
  const items = useNavItems();
  const current = navItemFor(items, location.pathname);
  return (
    <nav className="app-nav" aria-label="主导航">
      <Menu
        mode="inline"
        selectedKeys={current ? [current.path] : []}
        onClick={({ key }) => void navigate(key)}
        items={items.map((item) => ({
          key: item.path,
          icon: item.icon,
          label: (
            <span className="nav-label">
              <span>{item.label}</span>
              <kbd className="nav-key">Alt+{item.digit}</kbd>
            </span>
          ),
        }))}
      />
      <div className="app-nav-foot">
        按 <kbd>F1</kbd> 查看全部快捷键
      </div>
    </nav>
  );
}

function Pages() {
  const location = useLocation();
  const role = useSession().staff?.role;
  // A section the role may not use (an old link, a typed address) is refused here, before its
  // page mounts and calls what the core would refuse anyway.
  if (!mayOpen(role, location.pathname)) return <ForbiddenPage />;
  return (
    // Keyed by path: leaving a page that failed clears the error.
    <ErrorBoundary key={location.pathname}>
      <Routes>
        <Route index element={role && <Navigate to={homePathFor(role)} replace />} />
        <Route path="/intake" element={<IntakePage />} />
        <Route path="/cases" element={<CaseListPage />} />
        <Route path="/cases/:caseId" element={<CaseDetailPage />} />
        <Route path="/cases/:caseId/intake" element={<CaseIntakePage />} />
        <Route path="/printing" element={<PrintJobsPage />} />
        <Route path="/printing/documents/:documentId" element={<DocumentPreviewPage />} />
        <Route path="/queue" element={<QueuePage />} />
        <Route path="/ratings" element={<RatingsPage />} />
        <Route path="/ratings/follow-ups/:followUpId" element={<FollowUpDetailPage />} />
        <Route path="/stats" element={<UpcomingPage section="stats" />} />
        <Route path="/staff" element={<StaffPage />} />
        <Route path="/settings" element={<SettingsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </ErrorBoundary>
  );
}

/** Header, navigation, the page, the status bar; and the lock screen over all of it when paused. */
export function AppFrame() {
  const info = useWindowInfo();
  const session = useSession();
  const setSession = useSetSession();
  const client = useCounter();
  const { message } = AntApp.useApp();
  const [helpOpen, setHelpOpen] = useState(false);
  const [pausing, setPausing] = useState(false);
  const pausingRef = useRef(false);
  const paused = session.state === 'paused';
  // The rating device serves the window's work (clerk, 组长): not a 系统管理员 setting it up.
  const atTheWindow = session.staff !== null && mayCall(session.staff.role, 'ratings.session');
  const frameRef = useRef<HTMLDivElement>(null);
  // Where the clerk was when the window was paused: `inert` takes the focus away, and the PIN
  // brings back exactly what was on screen, the cursor included.
  const resumeFocus = useRef<HTMLElement | null>(null);

  const rememberFocus = useCallback(() => {
    const active = document.activeElement;
    resumeFocus.current = active instanceof HTMLElement && frameRef.current?.contains(active) ? active : null;
  }, []);

  const pause = useCallback(async () => {
    // Ctrl+L held down repeats: one pause is enough.
    if (pausingRef.current) return;
    pausingRef.current = true;
    rememberFocus();
    setPausing(true);
    try {
      setSession(await client.call('session.pause', {}));
    } catch (err) {
      resumeFocus.current = null;
      void message.error(errorMessage(err));
    } finally {
      pausingRef.current = false;
      setPausing(false);
    }
  }, [client, message, rememberFocus, setSession]);

  // Paused from elsewhere (another tab, the core): take the focus before `inert` drops it.
  useLayoutEffect(() => {
    if (paused && resumeFocus.current === null) rememberFocus();
  }, [paused, rememberFocus]);

  useEffect(() => {
    if (paused) return;
    const target = resumeFocus.current;
    resumeFocus.current = null;
    if (target?.isConnected) target.focus({ preventScroll: true });
  }, [paused]);

  return (
    <ShortcutsEnabledContext.Provider value={!paused}>
      <FrameHotkeys onPause={() => void pause()} onHelp={() => setHelpOpen((o) => !o)} />
      {/* inert while paused: nothing behind the lock screen can be reached with Tab. */}
      <div className="app-frame" inert={paused} ref={frameRef}>
        <AppHeader pausing={pausing} onPause={() => void pause()} onHelp={() => setHelpOpen(true)} />
        {info.demoConfig && <DemoConfigBanner />}
        <div className="app-body">
          <NavMenu />
          <main className="app-content">
            <CaseListStateProvider>
              <Pages />
            </CaseListStateProvider>
          </main>
        </div>
        <StatusBar />
      </div>
      {/* A receipt that cannot come out is told at once, whatever page is open. */}
      <PrintJobAlerts />
      {/* 请评价 with its countdown, and the rating device's faults: at the window, whatever page is open. */}
      {atTheWindow && <RatingSessionPanel />}
      {atTheWindow && <RatingFaultAlerts />}
      {/* F3 叫号 … from any page (the 叫号 page handles them itself). */}
      {session.staff !== null && mayCall(session.staff.role, 'queue.press') && <QueueKeysElsewhere />}
      {paused && <PausedOverlay />}
      <ShortcutHelp open={helpOpen && !paused} onClose={() => setHelpOpen(false)} />
    </ShortcutsEnabledContext.Provider>
  );
}

