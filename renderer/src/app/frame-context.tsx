import { createContext, useContext } from 'react';
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

/** `12号窗口`, as the hall and the citizens call it. */
export function windowLabel(info: WindowInfo): string {
  return `${info.windowNumber}号窗口`;
}
