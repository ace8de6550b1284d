import { isAppUrl } from './navigation-policy';

/**
 * What main knows about the frame an IPC message came from. Main builds it from
 * `event.senderFrame` (null when the frame is gone or was replaced by a navigation), with
 * `isTopFrame` = `frame.parent === null`.
 */
export interface IpcSender {
  url: string;
  isTopFrame: boolean;
}

/**
 * The core holds citizens' personal data, so only the app's own top-level page may call it:
 * not a subframe (which could hold anything an attacker got framed in), not a page that got
 * navigated away, not a frame that no longer exists.
 */
export function isTrustedSender(sender: IpcSender | null): boolean {
  if (sender === null || typeof sender !== 'object') return false;
  if (sender.isTopFrame !== true) return false;
  if (typeof sender.url !== 'string') return false;
  return isAppUrl(sender.url);
}
