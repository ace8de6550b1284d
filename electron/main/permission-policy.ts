import { isAppUrl } from './navigation-policy';

/**
 * Web permissions the UI is granted, with the reason for each. Empty on purpose: a counter
 * window needs no camera, microphone, geolocation, notifications, clipboard reading, or
 * WebSerial/WebHID/WebUSB (the devices belong to the core process, not the page). To open one,
 * add it here with the reason, and a test.
 */
const GRANTED_PERMISSIONS: ReadonlyMap<string, string> = new Map<string, string>();

/** `session.setPermissionRequestHandler`: the page asks for a permission. */
export function permissionDecision(permission: string, requestingUrl: string): boolean {
  // Even a permission we grant is only ever granted to our own page.
  if (!isAppUrl(requestingUrl)) return false;
  return GRANTED_PERMISSIONS.has(permission);
}

/**
 * `session.setPermissionCheckHandler`: Chromium asks synchronously whether a permission is
 * already held. It must answer the same as the request handler, or features would appear
 * available and then fail.
 */
export function permissionCheckDecision(permission: string, requestingOrigin: string): boolean {
  // The origin arrives as `app://counter` (no path), which isAppUrl accepts.
  if (!isAppUrl(requestingOrigin)) return false;
  return GRANTED_PERMISSIONS.has(permission);
}
