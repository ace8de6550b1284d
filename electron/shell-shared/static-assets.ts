import path from 'node:path';

// Shared by both shells (Electron's app:// protocol and the browser shell's HTTP server): one
// guard against serving anything outside the built UI, one content-type table, one CSP.

/** Characters that must never appear in a decoded path segment served from disk. */
// NUL truncates paths in native code; '\' is a separator on Windows; ':' makes drive letters
// (C:) and NTFS alternate data streams (file::$DATA).
const FORBIDDEN_IN_SEGMENT = /[\\/:\u0000-\u001f]/;

/**
 * Maps a URL path (`/assets/index-abc.js`; `/` is index.html) to a file under `rootDir`, or null
 * when it could step outside that folder. Each segment is decoded and checked on its own,
 * because URL parsers collapse literal and %2e-encoded dot segments but leave %2f and %5c
 * alone: decoding the whole path first would turn `..%2f` back into a traversal. Whether the
 * file exists is left to the caller (it answers 404).
 */
export function resolveAssetPath(pathname: string, rootDir: string, pathApi: path.PlatformPath = path): string | null {
  const wanted = pathname === '' || pathname === '/' ? '/index.html' : pathname;
  if (!wanted.startsWith('/')) return null;
  const segments: string[] = [];
  for (const raw of wanted.slice(1).split('/')) {
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
  const root = pathApi.resolve(rootDir);
  const file = pathApi.resolve(root, ...segments);
  const relative = pathApi.relative(root, file);
  // Belt and braces: whatever the checks above missed, the result must still be inside root.
  if (relative === '' || relative === '..' || relative.startsWith(`..${pathApi.sep}`) || pathApi.isAbsolute(relative)) {
    return null;
  }
  return file;
}

/**
 * URL path under which both shells serve the fonts shipped in `resources/fonts/` (the rare-
 * character fallback, see resources/fonts/README.md). They stay in resources, not in the built
 * UI, so the installer carries them once, at the stable path the printing code reads them from.
 */
export const FONTS_URL_PREFIX = '/fonts/';

/** Where a shell's files come from: the built UI, and the shipped fonts (null: none served). */
export interface AssetRoots {
  rendererDir: string;
  fontsDir: string | null;
}

/**
 * Like resolveAssetPath, over both roots: `/fonts/<file>` is a file in `fontsDir`, anything else
 * a file in `rendererDir`. The same guards apply to each.
 */
export function resolveAppFile(pathname: string, roots: AssetRoots, pathApi: path.PlatformPath = path): string | null {
  if (roots.fontsDir !== null && pathname.startsWith(FONTS_URL_PREFIX)) {
    const rest = pathname.slice(FONTS_URL_PREFIX.length - 1);
    // '/' alone would be the UI's index.html in resolveAssetPath: the fonts folder has no index.
    return rest === '/' ? null : resolveAssetPath(rest, roots.fontsDir, pathApi);
  }
  return resolveAssetPath(pathname, roots.rendererDir, pathApi);
}

/**
 * Sent as a header with everything either shell serves, and written as a <meta> in
 * renderer/index.html (a test keeps the two the same): the UI is our own bundle, so no inline
 * or foreign script, no plug-ins, no frames, no form posts, and it talks only to its own
 * origin. Inline styles stay allowed because the component library injects its CSS-in-JS as
 * <style> elements. frame-ancestors works only as a header.
 */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
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
