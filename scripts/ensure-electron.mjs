#!/usr/bin/env node
// The project's postinstall. Electron's runtime is a ~100 MB download from outside the package
// registry, which some build machines and hall networks cannot reach. Everything else works
// without it (npm start falls back to the browser shell), so this script tries once, explains
// in one line when it cannot, and never fails the install.
//
//   node scripts/ensure-electron.mjs            postinstall: always exits 0
//   node scripts/ensure-electron.mjs --strict   npm run fetch-electron: exits 1 if it failed
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { electronBinaryPath } from './electron-binary.mjs';

export const INSTALL_TIMEOUT_MS = 15 * 60 * 1000;

const MIRROR_HINT = '可设置 ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/';

/** The one line shown when the runtime could not be fetched. */
export function failureLine(reason) {
  return `未能下载 Electron 运行时（${reason}）：npm start 将以浏览器模式运行；联网后运行 npm run fetch-electron 可获取桌面版。${MIRROR_HINT}`;
}

/** The most telling line of the installer's stderr (it prints a whole stack trace). */
export function reasonFromOutput(stderr, status) {
  const lines = String(stderr ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at '));
  const telling = lines.find((line) => /error|fail|ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN|\b[45]\d\d\b/i.test(line)) ?? lines[0];
  const text = telling ?? `安装程序退出码 ${status}`;
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/**
 * @param {{ repoRoot: string, env?: NodeJS.ProcessEnv, strict?: boolean, timeoutMs?: number,
 *           say?: (line: string) => void }} options
 * @returns {number} the exit code
 */
export function ensureElectron(options) {
  const { repoRoot, env = process.env, strict = false, timeoutMs = INSTALL_TIMEOUT_MS } = options;
  const say = options.say ?? ((line) => console.warn(line));
  const packageDir = path.join(repoRoot, 'node_modules', 'electron');

  // A production install (--omit=dev) has no electron package at all: nothing to do.
  if (!fs.existsSync(path.join(packageDir, 'package.json'))) return 0;
  if (electronBinaryPath(repoRoot) !== null) return 0;

  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') {
    say('已按 ELECTRON_SKIP_BINARY_DOWNLOAD=1 跳过 Electron 运行时下载：npm start 将以浏览器模式运行；需要桌面版时运行 npm run fetch-electron。');
    return 0;
  }

  say('正在下载 Electron 运行时（约 100 MB，最长 15 分钟）…');
  const result = spawnSync(process.execPath, [path.join(packageDir, 'install.js')], {
    cwd: packageDir,
    env,
    // Progress and success messages pass through; errors are captured to make the one line.
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });

  let reason = null;
  if (result.error && /** @type {NodeJS.ErrnoException} */ (result.error).code === 'ETIMEDOUT') {
    reason = `超过 ${Math.round(timeoutMs / 60000)} 分钟仍未完成`;
  } else if (result.error) {
    reason = result.error.message;
  } else if (result.status !== 0) {
    reason = result.signal ? `安装程序被信号 ${result.signal} 终止` : reasonFromOutput(result.stderr, result.status);
  } else if (electronBinaryPath(repoRoot) === null) {
    reason = '安装完成后仍找不到可执行文件';
  }

  if (reason === null) return 0;
  say(failureLine(reason));
  return strict ? 1 : 0;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  let code;
  try {
    code = ensureElectron({ repoRoot, strict: process.argv.includes('--strict') });
  } catch (error) {
    // Whatever went wrong here, the install itself must go on.
    console.warn(failureLine(error instanceof Error ? error.message : String(error)));
    code = process.argv.includes('--strict') ? 1 : 0;
  }
  process.exitCode = code;
}
