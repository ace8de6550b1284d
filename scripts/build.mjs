#!/usr/bin/env node
// Builds everything `npm start`, the tests and electron-builder run: the renderer with Vite,
// and the Node side with esbuild into one CommonJS file per entry. Pure-JS dependencies are
// bundled in; native modules (better-sqlite3, serialport) stay external because they are
// compiled per runtime (Node here, Electron's ABI when packaged).
import { build as esbuild } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'electron');

const NATIVE = ['better-sqlite3', 'serialport', '@serialport/*', 'electron'];

/** Entry points of the Node side: [source, output file]. */
export const NODE_ENTRIES = [
  ['electron/web/browser-shell-main.ts', 'browser-shell.cjs'],
  ['electron/cli/staff-cli.ts', 'staff-cli.cjs'],
  ['electron/core/host/utility-process-entry.ts', 'core-process.cjs'],
  ['electron/main/main.ts', 'main.cjs'],
  ['electron/preload/preload.ts', 'preload.cjs'],
];

/**
 * How every Node-side entry is bundled (esbuild options, without entry, output and logging): one
 * CommonJS file for Node, the native modules and electron left to require(). Exported for
 * test/unit/architecture/preload-bundle.test.ts, which bundles the preload the same way in memory.
 */
export const NODE_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: NATIVE,
  // node-require.ts reads import.meta only where `require` does not exist (ES modules).
  logOverride: { 'empty-import-meta': 'silent' },
  legalComments: 'none',
};

export async function buildNode() {
  fs.rmSync(out, { recursive: true, force: true });
  await Promise.all(
    NODE_ENTRIES.filter(([src]) => fs.existsSync(path.join(root, src))).map(([src, file]) =>
      esbuild({
        ...NODE_BUNDLE_OPTIONS,
        entryPoints: [path.join(root, src)],
        outfile: path.join(out, file),
        sourcemap: 'linked',
        logLevel: 'warning',
      }),
    ),
  );
}

export async function buildRenderer() {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

async function main() {
  const started = Date.now();
  const only = process.argv[2];
  if (only !== 'node') {
    process.stdout.write('构建界面（Vite）…\n');
    await buildRenderer();
  }
  if (only !== 'renderer') {
    process.stdout.write('构建核心与外壳（esbuild）…\n');
    await buildNode();
  }
  // Only a whole build is "up to date" for ensure-built; a partial one leaves the stamp alone.
  if (only === undefined) fs.writeFileSync(path.join(root, 'dist', '.build-stamp'), new Date().toISOString());
  process.stdout.write(`构建完成，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    process.stderr.write(`构建失败：${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
