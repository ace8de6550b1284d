import path from 'node:path';
import { resolveAppFile, type AssetRoots } from '../shell-shared/static-assets';

export { APP_CONTENT_SECURITY_POLICY, contentTypeFor } from '../shell-shared/static-assets';

/**
 * The renderer is served from this one privileged origin (never file://), so "is this our
 * page?" is a single origin comparison instead of a guess about file paths.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'counter';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export type Decision = 'allow' | 'deny';

function parse(url: string): URL | null {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True only for `app://counter/…`. Node parses `app:` as a non-special scheme, so the host is
 * compared case-insensitively (Chromium lowercases it for a standard scheme) and anything that
 * could make a different authority — a port, credentials — is refused outright.
 */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  if (parsed === null) return false;
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host.toLowerCase() === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === '' &&
    (parsed.pathname === '' || parsed.pathname.startsWith('/'))
  );
}

/** Top-level and frame navigations, and redirects: only within the app. */
export function navigationDecision(url: string): Decision {
  return isAppUrl(url) ? 'allow' : 'deny';
}

/**
 * No new windows, ever: a second window would be a second copy of the UI with its own state,
 * and a popup to a foreign page would run outside our navigation rules.
 */
export function windowOpenDecision(_url: string): Decision {
  return 'deny';
}

/**
 * A link the UI opens with target="_blank" (e.g. the online service-guide page of a catalog
 * item) is handed to the system browser, which keeps foreign pages out of our privileged window.
 * Only https: plain http could be rewritten on the hall's network, and file:, smb:, custom
 * protocol handlers and the like could start programs on the counter PC.
 */
export function externalLinkToOpen(url: string): string | null {
  const parsed = parse(url);
  if (parsed === null) return null;
  if (parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.hostname === '') return null;
  return parsed.href;
}

/**
 * Maps `app://counter/<path>` to a file under `rendererDir` (a string), or under the roots given
 * (`/fonts/…` from the shipped fonts), or null when the URL is not ours or could step outside
 * its folder (see resolveAssetPath).
 */
export function resolveAppAsset(
  requestUrl: string,
  roots: string | AssetRoots,
  pathApi: path.PlatformPath = path,
): string | null {
  if (!isAppUrl(requestUrl)) return null;
  const parsed = parse(requestUrl);
  if (parsed === null) return null;
  return resolveAppFile(parsed.pathname, typeof roots === 'string' ? { rendererDir: roots, fontsDir: null } : roots, pathApi);
}
