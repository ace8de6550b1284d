import { createContext, useContext, useEffect, useRef } from 'react';
import type { Health, Session, WindowInfo } from '../../../electron/contract';

/**
 * What every screen may need about where it runs and who is at the window. Loaded once by App
 * and kept live from core events, so no page asks the core for these again.
 */
export interface FrameState {
  windowInfo: WindowInfo;
  session: Session;
  health: Health;
  /** After sign-in, pause or resume the call returns the new session; App takes it from here. */
  setSession: (session: Session) => void;
  /**
   * How often the event socket has come back after being lost. Events sent meanwhile are gone,
   * so a page that lives on events loads its data again when this changes.
   */
  reconnects: number;
}

export const FrameContext = createContext<FrameState | null>(null);

function useFrame(): FrameState {
  const frame = useContext(FrameContext);
  if (!frame) throw new Error('FrameContext missing');
  return frame;
}

export function useWindowInfo(): WindowInfo {
  return useFrame().windowInfo;
}

export function useSession(): Session {
  return useFrame().session;
}

export function useSetSession(): (session: Session) => void {
  return useFrame().setSession;
}

export function useHealth(): Health {
  return useFrame().health;
}

/** Runs `listener` each time the event socket reconnects (never on mount). */
export function useOnReconnect(listener: () => void): void {
  const count = useFrame().reconnects;
  const seen = useRef(count);
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    if (count === seen.current) return;
    seen.current = count;
    latest.current();
  }, [count]);
}

/** `12号窗口`, as the hall and the citizens call it. */
export function windowLabel(info: WindowInfo): string {
  return `${info.windowNumber}号窗口`;
}
