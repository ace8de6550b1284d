import path from 'node:path';

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

/** Characters that must never appear in a decoded path segment served from disk. */
// NUL truncates paths in native code; '\' is a separator on Windows; ':' makes drive letters
// (C:) and NTFS alternate data streams (file::$DATA).
const FORBIDDEN_IN_SEGMENT = /[\\/:\u0000-\u001f]/;

/**
 * Maps `app://counter/<path>` to a file under `rendererDir`, or null when the URL is not ours or
 * could step outside that folder. Each segment is decoded and checked on its own, because the URL
 * parser has already collapsed literal and %2e-encoded dot segments but leaves %2f and %5c alone:
 * decoding the whole path first would turn `..%2f` back into a traversal.
 * Whether the file exists is left to the caller (it answers 404).
 */
export function resolveAppAsset(
  requestUrl: string,
  rendererDir: string,
  pathApi: path.PlatformPath = path,
): string | null {
  if (!isAppUrl(requestUrl)) return null;
  const parsed = parse(requestUrl);
  if (parsed === null) return null;

  const pathname = parsed.pathname === '' || parsed.pathname === '/' ? '/index.html' : parsed.pathname;
  const segments: string[] = [];
  for (const raw of pathname.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '' || segment === '.' || segment === '..') return null;
    if (FORBIDDEN_IN_SEGMENT.test(segment)) return null;
    segments.push(segment);
  }

  const root = pathApi.resolve(rendererDir);
  const file = pathApi.resolve(root, ...segments);
  const relative = pathApi.relative(root, file);
  // Belt and braces: whatever the checks above missed, the result must still be inside root.
  if (relative === '' || relative === '..' || relative.startsWith(`..${pathApi.sep}`) || pathApi.isAbsolute(relative)) {
    return null;
  }
  return file;
}

/**
 * Sent with every page and script we serve. The UI is our own bundle: no inline or foreign
 * script, no plug-ins, no frames, no form posts anywhere. Inline styles stay allowed because
 * the component library injects its CSS-in-JS as <style> elements.
 */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/**
 * Our own table rather than the OS's: on Windows the registry can map .js to text/plain, and a
 * module script served with that type is refused by Chromium, leaving a white window.
 */
export function contentTypeFor(filePath: string): string {
  const extension = path.extname(filePath).toLowerCase();
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}
