#!/usr/bin/env node
// `npm start`: the desktop window where the Electron runtime is installed, the browser shell
// where it is not (build machines, servers, CI). Same options either way (see --help).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinaryPath } from './electron-binary.mjs';
import { ensureBuilt } from './ensure-built.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser');
const passOn = args.filter((a) => a !== '--browser');

ensureBuilt();

const electron = forceBrowser || passOn.includes('--help') ? null : electronBinaryPath(root);
let child;
if (electron) {
  child = spawn(electron, [path.join(root, 'dist', 'electron', 'main.cjs'), ...passOn], { stdio: 'inherit' });
} else {
  if (!forceBrowser && !passOn.includes('--help')) {
    process.stdout.write('未找到 Electron 运行时（npm run fetch-electron 可下载），以浏览器模式启动。\n');
  }
  child = spawn(process.execPath, [path.join(root, 'dist', 'electron', 'browser-shell.cjs'), ...passOn], {
    stdio: 'inherit',
  });
}

// Both signals are passed on and the child closes the database before we exit. Ctrl-C in a
// terminal reaches the whole foreground group, so the child then gets SIGINT twice at once; the
// shell takes a repeat within 3 s as the same request (only a later one forces an exit). Not
// passing SIGINT on would leave `kill -INT <this pid>` doing nothing.
const stop = (signal) => {
  if (child.exitCode === null) child.kill(signal);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

// `npm start` runs us under `sh -c`, and npm's SIGTERM goes to that shell, which dies without
// passing it on. Being re-parented is the sign: stop as if the SIGTERM had reached us, once.
const parent = process.ppid;
const orphanWatch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(orphanWatch);
  stop('SIGTERM');
}, 500);
orphanWatch.unref();

child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
