/**
 * Asks before the clerk navigates away from unfinished work.
 *
 * The app runs under the declarative <HashRouter>, where react-router's useBlocker throws (it
 * needs a data router). So while the guard is on, the router's navigator is wrapped: every
 * <Link> and navigate() goes through it. The browser's own Back cannot be stopped this way; the
 * intake draft is in sessionStorage and kept by the core, so nothing typed is lost even then.
 */
import { App } from 'antd';
import { useCallback, useContext, useEffect, useRef } from 'react';
import { UNSAFE_NavigationContext, useLocation, type To } from 'react-router';

export interface LeaveGuardProps {
  when: boolean;
  title: string;
  content: string;
}

/** Renders nothing; mount it inside the page. */
export function LeaveGuard(props: LeaveGuardProps) {
  const { navigator } = useContext(UNSAFE_NavigationContext);
  const { pathname } = useLocation();
  const here = useRef(pathname);
  here.current = pathname;
  const confirm = useConfirm();
  const latest = useRef(props);
  latest.current = props;
  const when = props.when;
  useEffect(() => {
    if (!when) return;
    const { push, replace } = navigator;
    const guarded =
      (go: typeof push): typeof push =>
      (...args) => {
        // Staying on this page (a search string, the same route) is not leaving it.
        if (pathOf(args[0]) === here.current) {
          go.apply(navigator, args);
          return;
        }
        confirm(latest.current, () => go.apply(navigator, args), () => undefined);
      };
    navigator.push = guarded(push);
    navigator.replace = guarded(replace);
    return () => {
      navigator.push = push;
      navigator.replace = replace;
    };
  }, [navigator, when, confirm]);
  return null;
}

function useConfirm() {
  const { modal } = App.useApp();
  const open = useRef(false);
  return useCallback((props: LeaveGuardProps, proceed: () => void, stay: () => void) => {
    if (open.current) return;
    open.current = true;
    modal.confirm({
      title: props.title,
      content: props.content,
      okText: '离开',
      // antd spaces out two-character labels (离 开); next to 继续填写 that looks like a typo.
      okButtonProps: { autoInsertSpace: false },
      cancelText: '继续填写',
      // Stay is the default: a stray Enter must not throw away the clerk's work.
      autoFocusButton: 'cancel',
      onOk: () => {
        open.current = false;
        proceed();
      },
      onCancel: () => {
        open.current = false;
        stay();
      },
    });
  }, [modal]);
}

function pathOf(to: To): string | undefined {
  return typeof to === 'string' ? to.split(/[?#]/)[0] : to.pathname;
}
