import { useEffect } from 'react';

/**
 * While `when`, closing or reloading the window asks first (the browser's own question; in-app
 * navigation is asked by LeaveGuard).
 */
export function useUnloadGuard(when: boolean): void {
  useEffect(() => {
    if (!when) return;
    const ask = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [when]);
}
