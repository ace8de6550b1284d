import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  contentTypeFor,
  externalLinkToOpen,
  isAppUrl,
  navigationDecision,
  resolveAppAsset,
  windowOpenDecision,
} from '../../../electron/main/navigation-policy';

describe('navigationDecision', () => {
  it.each([
    'app://counter/',
    'app://counter/index.html',
    'app://counter/index.html#/cases/123',
    'app://counter/index.html?window=3',
    'app://counter/assets/index-abc123.js',
    'APP://COUNTER/index.html',
    APP_ENTRY_URL,
  ])('allows %s', (url) => {
    expect(navigationDecision(url)).toBe('allow');
    expect(isAppUrl(url)).toBe(true);
  });

  it.each([
    ['https page', 'https://example.com/'],
    ['http page', 'http://127.0.0.1:5173/'],
    ['file', 'file:///etc/passwd'],
    ['file on Windows', 'file:///C:/Windows/System32/'],
    ['javascript', 'javascript:alert(1)'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['blob', 'blob:app://counter/1234'],
    ['about:blank', 'about:blank'],
    ['other app host', 'app://evil/index.html'],
    ['host with our name as prefix', 'app://counter.evil/index.html'],
    ['port', 'app://counter:8080/index.html'],
    ['credentials', 'app://user:pass@counter/index.html'],
    ['no authority', 'app:counter/index.html'],
    ['empty host', 'app:///index.html'],
    ['devtools', 'devtools://devtools/bundled/inspector.html'],
    ['chrome', 'chrome://settings'],
    ['malformed', 'http://[::1'],
    ['empty', ''],
    ['not a URL', 'index.html'],
  ])('denies %s', (_label, url) => {
    expect(navigationDecision(url)).toBe('deny');
    expect(isAppUrl(url)).toBe(false);
  });

  it('has one origin', () => {
    expect(APP_ORIGIN).toBe('app://counter');
    expect(APP_ENTRY_URL).toBe('app://counter/index.html');
  });
});

describe('windowOpenDecision / externalLinkToOpen', () => {
  it.each(['https://example.com/', 'app://counter/index.html', 'about:blank', 'javascript:void(0)'])(
    'never opens a window for %s',
    (url) => {
      expect(windowOpenDecision(url)).toBe('deny');
    },
  );

  it('hands https links to the system browser', () => {
    expect(externalLinkToOpen('https://zwfw.example.gov.cn/guide?id=1')).toBe('https://zwfw.example.gov.cn/guide?id=1');
    expect(externalLinkToOpen('HTTPS://Example.COM/a b')).toBe('https://example.com/a%20b');
  });

  it.each([
    'http://example.com/',
    'file:///C:/Windows/System32/calc.exe',
    'smb://server/share',
    'ms-settings:',
    'mailto:someone@example.com',
    'javascript:alert(1)',
    'app://counter/index.html',
    'https://user:secret@example.com/',
    'https:/',
    'not a url',
  ])('opens nothing for %s', (url) => {
    expect(externalLinkToOpen(url)).toBeNull();
  });
});

describe('resolveAppAsset', () => {
  const root = '/opt/counter/dist/renderer';

  it.each([
    ['app://counter/', 'index.html'],
    ['app://counter', 'index.html'],
    ['app://counter/index.html', 'index.html'],
    ['app://counter/index.html?v=2#/cases', 'index.html'],
    ['app://counter/assets/index-abc.js', 'assets/index-abc.js'],
    ['app://counter/assets/%E5%9B%BE%E6%A0%87.png', 'assets/图标.png'],
    ['app://counter/assets/a%20b.css', 'assets/a b.css'],
    // The URL parser resolves dot segments (also %2e-encoded ones) before we see the path, and
    // never above the root: these stay inside the folder.
    ['app://counter/assets/../index.html', 'index.html'],
    ['app://counter/../../etc/passwd', 'etc/passwd'],
    ['app://counter/%2e%2e/%2E%2e/etc/passwd', 'etc/passwd'],
    ['app://counter/..foo/x.js', '..foo/x.js'],
  ])('maps %s into the renderer folder', (url, relative) => {
    expect(resolveAppAsset(url, root)).toBe(path.join(root, relative));
  });

  it.each([
    ['encoded slash traversal', 'app://counter/..%2f..%2fetc%2fpasswd'],
    ['encoded slash traversal, upper case', 'app://counter/..%2F..%2Fetc%2Fpasswd'],
    ['encoded dot-dot segment with encoded slash', 'app://counter/%2e%2e%2f%2e%2e%2fetc/passwd'],
    ['backslash traversal', 'app://counter/..\\..\\windows\\win.ini'],
    ['encoded backslash traversal', 'app://counter/..%5c..%5cwindows%5cwin.ini'],
    ['absolute path in a segment', 'app://counter/%2fetc%2fpasswd'],
    ['double slash', 'app://counter//etc/passwd'],
    ['drive letter', 'app://counter/C:%5cWindows%5cwin.ini'],
    ['drive letter, plain', 'app://counter/C:/Windows/win.ini'],
    ['alternate data stream', 'app://counter/index.html::$DATA'],
    ['NUL byte', 'app://counter/index.html%00.png'],
    ['malformed escape', 'app://counter/%E0%A4%A'],
    ['directory (trailing slash)', 'app://counter/assets/'],
    ['other host', 'app://evil/index.html'],
    ['port', 'app://counter:1/index.html'],
    ['other scheme', 'file:///opt/counter/dist/renderer/index.html'],
    ['https', 'https://counter/index.html'],
    ['garbage', '::::'],
  ])('refuses %s', (_label, url) => {
    expect(resolveAppAsset(url, root)).toBeNull();
  });

  it('works with Windows paths', () => {
    const winRoot = 'C:\\Program Files\\政务服务窗口\\resources\\app.asar\\dist\\renderer';
    expect(resolveAppAsset('app://counter/assets/a.js', winRoot, path.win32)).toBe(`${winRoot}\\assets\\a.js`);
    expect(resolveAppAsset('app://counter/', winRoot, path.win32)).toBe(`${winRoot}\\index.html`);
    expect(resolveAppAsset('app://counter/..%5c..%5cevil.dll', winRoot, path.win32)).toBeNull();
    expect(resolveAppAsset('app://counter/D:%5cevil.dll', winRoot, path.win32)).toBeNull();
    expect(resolveAppAsset('app://counter/%5c%5cserver%5cshare', winRoot, path.win32)).toBeNull();
  });

  it('resolves a relative renderer folder to an absolute path', () => {
    const resolved = resolveAppAsset('app://counter/index.html', 'dist/renderer');
    expect(resolved).toBe(path.resolve('dist/renderer', 'index.html'));
  });
});

describe('contentTypeFor', () => {
  it('names the types Chromium is strict about, whatever the OS thinks', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/assets/index-abc.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/assets/index-abc.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('/x/fonts/a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('/x/unknown.bin')).toBe('application/octet-stream');
  });
});
