import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { electronBinaryPath } from '../../../scripts/electron-binary.mjs';
import { ensureElectron, failureLine, reasonFromOutput } from '../../../scripts/ensure-electron.mjs';

// Each test builds a fake repo in a temp dir: nothing here loads or downloads the real Electron.
let repo: string;
let electronDir: string;

beforeEach(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-electron-'));
  electronDir = path.join(repo, 'node_modules', 'electron');
});
afterEach(() => {
  fs.rmSync(repo, { recursive: true, force: true });
});

function writePackage(): void {
  fs.mkdirSync(electronDir, { recursive: true });
  fs.writeFileSync(path.join(electronDir, 'package.json'), '{"name":"electron","version":"45.4.1"}');
}

function installBinary(relative = 'electron'): string {
  writePackage();
  fs.writeFileSync(path.join(electronDir, 'path.txt'), relative);
  const binary = path.join(electronDir, 'dist', relative);
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  fs.writeFileSync(binary, '#!/bin/sh\n');
  return binary;
}

/** A stand-in for electron's install.js: `body` is its source. */
function writeInstaller(body: string): void {
  writePackage();
  fs.writeFileSync(path.join(electronDir, 'install.js'), body);
}

describe('electronBinaryPath', () => {
  it('is null without the electron package', () => {
    expect(electronBinaryPath(repo)).toBeNull();
  });

  it('is null when the package is there but path.txt is not (download skipped or failed)', () => {
    writePackage();
    expect(electronBinaryPath(repo)).toBeNull();
  });

  it('is null when path.txt names a file that is not in dist/', () => {
    writePackage();
    fs.writeFileSync(path.join(electronDir, 'path.txt'), 'electron');
    expect(electronBinaryPath(repo)).toBeNull();
  });

  it('is null for an empty path.txt or one that points outside dist/', () => {
    writePackage();
    fs.writeFileSync(path.join(electronDir, 'path.txt'), '');
    expect(electronBinaryPath(repo)).toBeNull();
    fs.writeFileSync(path.join(repo, 'elsewhere'), 'x');
    fs.writeFileSync(path.join(electronDir, 'path.txt'), '../../../elsewhere');
    expect(electronBinaryPath(repo)).toBeNull();
  });

  it('is null when the named path is a folder', () => {
    writePackage();
    fs.mkdirSync(path.join(electronDir, 'dist', 'electron'), { recursive: true });
    fs.writeFileSync(path.join(electronDir, 'path.txt'), 'electron');
    expect(electronBinaryPath(repo)).toBeNull();
  });

  it('returns the absolute path of the binary', () => {
    const binary = installBinary();
    expect(electronBinaryPath(repo)).toBe(binary);
    expect(path.isAbsolute(electronBinaryPath(repo) ?? '')).toBe(true);
  });

  it('handles the macOS layout', () => {
    const binary = installBinary('Electron.app/Contents/MacOS/Electron');
    expect(electronBinaryPath(repo)).toBe(binary);
  });
});

describe('ensureElectron', () => {
  it('does nothing when the binary is already there', () => {
    installBinary();
    fs.writeFileSync(path.join(electronDir, 'install.js'), 'throw new Error("must not run")');
    const lines: string[] = [];
    expect(ensureElectron({ repoRoot: repo, env: {}, say: (l) => lines.push(l) })).toBe(0);
    expect(lines).toEqual([]);
  });

  it('does nothing without the electron package (production install)', () => {
    const lines: string[] = [];
    expect(ensureElectron({ repoRoot: repo, env: {}, say: (l) => lines.push(l) })).toBe(0);
    expect(lines).toEqual([]);
  });

  it('skips the download when ELECTRON_SKIP_BINARY_DOWNLOAD=1', () => {
    writeInstaller('require("fs").writeFileSync(require("path").join(__dirname, "ran"), "yes")');
    const lines: string[] = [];
    expect(ensureElectron({ repoRoot: repo, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, say: (l) => lines.push(l) })).toBe(0);
    expect(fs.existsSync(path.join(electronDir, 'ran'))).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/浏览器模式/);
  });

  it('runs the installer and is quiet about success', () => {
    writeInstaller(`
      const fs = require('fs'), path = require('path');
      fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
      fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), 'binary');
      fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
    `);
    const lines: string[] = [];
    expect(ensureElectron({ repoRoot: repo, env: {}, say: (l) => lines.push(l) })).toBe(0);
    expect(electronBinaryPath(repo)).not.toBeNull();
    expect(lines.filter((l) => l.includes('未能下载'))).toEqual([]);
  });

  it('turns a failed download into one line and exit code 0', () => {
    writeInstaller(`
      const err = new Error('getaddrinfo ENOTFOUND github.com');
      err.name = 'RequestError';
      console.error(err.stack);
      process.exit(1);
    `);
    const lines: string[] = [];
    expect(ensureElectron({ repoRoot: repo, env: {}, say: (l) => lines.push(l) })).toBe(0);
    const failures = lines.filter((l) => l.includes('未能下载'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain('ENOTFOUND github.com');
    expect(failures[0]).toContain('npm run fetch-electron');
    expect(failures[0]).toContain('ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/');
    expect(failures[0]).not.toContain('\n');
  });

  it('exits 1 on failure only when strict (npm run fetch-electron)', () => {
    writeInstaller('process.exit(3)');
    expect(ensureElectron({ repoRoot: repo, env: {}, strict: true, say: () => {} })).toBe(1);
  });

  it('stops an installer that takes too long', () => {
    writeInstaller('setTimeout(() => {}, 60_000)');
    const lines: string[] = [];
    expect(ensureElectron({ repoRoot: repo, env: {}, timeoutMs: 300, say: (l) => lines.push(l) })).toBe(0);
    expect(lines.at(-1)).toMatch(/未能下载 Electron 运行时（超过 .* 分钟仍未完成）/);
  });

  it('notices an installer that succeeds without leaving a binary', () => {
    writeInstaller('process.exit(0)');
    const lines: string[] = [];
    expect(ensureElectron({ repoRoot: repo, env: {}, say: (l) => lines.push(l) })).toBe(0);
    expect(lines.at(-1)).toContain('找不到可执行文件');
  });
});

describe('failure line', () => {
  it('picks the error line out of a stack trace', () => {
    const stderr = 'RequestError: connect ETIMEDOUT 20.205.243.166:443\n    at ClientRequest.<anonymous> (x.js:1:1)\n    at foo';
    expect(reasonFromOutput(stderr, 1)).toBe('RequestError: connect ETIMEDOUT 20.205.243.166:443');
    expect(reasonFromOutput('', 7)).toBe('安装程序退出码 7');
    expect(reasonFromOutput(`Error: ${'x'.repeat(500)}`, 1).length).toBeLessThanOrEqual(160);
  });

  it('is a single line', () => {
    expect(failureLine('网络不通')).toBe(
      '未能下载 Electron 运行时（网络不通）：npm start 将以浏览器模式运行；联网后运行 npm run fetch-electron 可获取桌面版。可设置 ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/',
    );
  });
});
