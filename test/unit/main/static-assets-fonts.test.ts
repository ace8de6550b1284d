import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { resolveAppAsset } from '../../../electron/main/navigation-policy';
import { FONTS_URL_PREFIX, resolveAppFile } from '../../../electron/shell-shared/static-assets';
import { resolveStaticFile } from '../../../electron/web/static-files';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const fontsDir = path.join(repoRoot, 'resources', 'fonts');
const roots = { rendererDir: '/opt/app/renderer', fontsDir: '/opt/app/resources/fonts' };

describe('the shipped fonts, served at /fonts/ by both shells', () => {
  it('maps /fonts/<file> into the fonts folder and everything else into the built UI', () => {
    expect(resolveAppFile('/fonts/HanaMinB.ttf', roots)).toBe('/opt/app/resources/fonts/HanaMinB.ttf');
    expect(resolveAppFile('/assets/index.js', roots)).toBe('/opt/app/renderer/assets/index.js');
    expect(resolveAppFile('/', roots)).toBe('/opt/app/renderer/index.html');
    // Without a fonts folder the path is just another file of the UI (absent: 404).
    expect(resolveAppFile('/fonts/HanaMinB.ttf', { ...roots, fontsDir: null })).toBe('/opt/app/renderer/fonts/HanaMinB.ttf');
    expect(FONTS_URL_PREFIX).toBe('/fonts/');
  });

  it.each(['/fonts/../calendar/cn-calendar.json', '/fonts/..%2fcalendar%2fcn-calendar.json', '/fonts/..%5c..%5cevil.dll', '/fonts/', '/fonts/%2e%2e/x'])(
    'refuses %s: nothing outside the fonts folder',
    (url) => {
      expect(resolveAppFile(url, roots)).toBeNull();
      expect(resolveAppFile(url, { rendererDir: 'C:\\app\\renderer', fontsDir: 'C:\\app\\resources\\fonts' }, path.win32)).toBeNull();
    },
  );

  it('is the same map in the Electron protocol and the browser shell', () => {
    expect(resolveAppAsset('app://counter/fonts/HanaMinB.ttf', roots)).toBe('/opt/app/resources/fonts/HanaMinB.ttf');
    expect(resolveAppAsset('app://counter/fonts/HanaMinB.ttf', 'C:\\app\\renderer', path.win32)).toBe('C:\\app\\renderer\\fonts\\HanaMinB.ttf');
    expect(resolveStaticFile('/nowhere', '/fonts/HanaMinB.ttf', fontsDir)).toBe(path.join(fontsDir, 'HanaMinB.ttf'));
    expect(resolveStaticFile('/nowhere', '/fonts/README.md?x=1', fontsDir)).toBe(path.join(fontsDir, 'README.md'));
    expect(resolveStaticFile('/nowhere', '/fonts/missing.ttf', fontsDir)).toBeNull();
  });

  it('every font the UI declares is shipped, with its licence, at the stable path printing will read', () => {
    const css = fs.readFileSync(path.join(repoRoot, 'renderer', 'src', 'app', 'global.css'), 'utf8');
    const declared = [...css.matchAll(/url\('\/fonts\/([^']+)'\)/g)].map((m) => m[1] ?? '');
    expect(declared.sort()).toEqual(['BabelStoneHan-ExtGH.ttf', 'CounterHanExtA.ttf', 'HanaMinB.ttf']);
    for (const file of declared) expect(fs.statSync(path.join(fontsDir, file)).size, file).toBeGreaterThan(1_000_000);
    for (const licence of ['LICENSE-Hanazono.txt', 'LICENSE-ArphicPL.txt']) {
      expect(fs.readFileSync(path.join(fontsDir, licence), 'utf8')).toMatch(/LICENSE/i);
    }
    // Each face is fetched only for its own characters.
    expect(css.match(/unicode-range: U\+/g)).toHaveLength(3);
    const theme = fs.readFileSync(path.join(repoRoot, 'renderer', 'src', 'app', 'theme.ts'), 'utf8');
    expect(theme).toContain("'Counter Rare Han', sans-serif");
  });
});
