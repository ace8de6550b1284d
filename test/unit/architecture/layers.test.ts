import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/temp-dirs';

const ROOT = path.resolve(__dirname, '..', '..', '..');

type Layer = 'contract' | 'core' | 'main' | 'preload' | 'web' | 'cli' | 'shell-shared' | 'renderer' | 'server';

const LAYER_DIRS: Record<Layer, string> = {
  contract: 'electron/contract',
  core: 'electron/core',
  main: 'electron/main',
  preload: 'electron/preload',
  web: 'electron/web',
  cli: 'electron/cli',
  'shell-shared': 'electron/shell-shared',
  renderer: 'renderer/src',
  server: 'server',
};
/**
 * The core's doors: the core itself, the pure path helpers a shell needs before starting it,
 * and the log-file writer with the core's logger (no native module, no store), so Electron main
 * logs into the same files by the same rules.
 */
const CORE_ENTRIES = new Set(['electron/core/index.ts', 'electron/core/paths.ts', 'electron/core/logging/log-files.ts']);

/**
 * The core's pure domain files the upstream server shares (issue 16): the case fold, its events
 * and state (the back office shows a case as the window folds it and checks a step by the
 * window's own rule), the catalog file schema (items and code tables) and the calendar year
 * schema (what the server publishes is checked as the windows will check it). Shared, not copied,
 * so the two ends cannot drift. Their whole import closure must stay inside this set, the
 * contract and pure packages (tested below): no store, no device, no Node I/O.
 */
const CORE_SHARED_WITH_SERVER = new Set([
  'electron/core/cases/case-events.ts',
  'electron/core/cases/case-lifecycle.ts',
  'electron/core/cases/case-state.ts',
  'electron/core/catalog/catalog-file-schema.ts',
  'electron/core/calendar/calendar-schema.ts',
  'electron/core/schema-issues.ts',
  // The hall queue's pure rules (issue 17): the server claims tickets by the windows' own order and policy.
  // … and counts its figures per window by the same rule as a window's local queue.
  'electron/core/queue/figures.ts',
  'electron/core/queue/next-ticket.ts',
  'electron/core/queue/people-ahead.ts',
  'electron/core/queue/queue-state.ts',
  'electron/core/queue/service-day.ts',
  'electron/core/queue/ticket-numbering.ts',
  'electron/core/queue/wait-estimate.ts',
  'electron/core/queue/window-actions.ts',
]);
/** The packages that closure may use: the contract's own. */
const SHARED_CLOSURE_PACKAGES = /^(zod|libphonenumber-js(\/(min|max|mobile|core))?)$/;

function relativeTo(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function layerOf(root: string, file: string): Layer | null {
  const rel = relativeTo(root, file);
  for (const [layer, dir] of Object.entries(LAYER_DIRS) as Array<[Layer, string]>) {
    if (rel === dir || rel.startsWith(`${dir}/`)) return layer;
  }
  return null;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx|cts|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function resolveRelative(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return base;
}

interface Import {
  file: string;
  spec: string;
  target: string | null;
}

function importsOf(file: string): Import[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  const specs = [...info.importedFiles].map((f) => f.fileName);
  return specs.map((spec) => ({ file, spec, target: spec.startsWith('.') ? resolveRelative(file, spec) : null }));
}

/** Which of our layers each layer may import (DESIGN.md, "Layer rule"). */
const MAY_IMPORT: Record<Layer, ReadonlyArray<Layer | 'core-entry' | 'core-shared'>> = {
  contract: ['contract'],
  core: ['core', 'contract'],
  main: ['main', 'contract', 'core-entry', 'shell-shared'],
  preload: ['preload', 'contract'],
  web: ['web', 'contract', 'core-entry', 'shell-shared'],
  cli: ['cli', 'contract', 'core-entry'],
  'shell-shared': ['shell-shared'],
  renderer: ['renderer', 'contract'],
  // The upstream service shares the sync wire schemas with the window, and of its core only the
  // pure domain files CORE_SHARED_WITH_SERVER names.
  server: ['server', 'contract', 'core-shared'],
};

/**
 * Node's built-in modules, with and without `node:` and with their subpaths (`fs/promises`):
 * the renderer runs sandboxed in Chromium (and in a plain browser for the browser shell), where
 * none of them exists, so reaching for one only fails at run time on a clerk's screen.
 */
function isNodeBuiltin(spec: string): boolean {
  if (spec.startsWith('node:')) return true;
  return builtinModules.includes(spec) || builtinModules.includes(spec.split('/')[0] ?? spec);
}

/** Packages a layer must never reach for, whatever our own imports do. */
const FORBIDDEN_PACKAGES: Partial<Record<Layer, RegExp | ((spec: string) => boolean)>> = {
  // zod for the schemas; libphonenumber-js (pure data + functions, browser-safe) for phone numbers.
  contract: /^(?!(zod|libphonenumber-js(\/(min|max|mobile|core))?)$)/,
  core: /^electron(\/|$)/,
  renderer: (spec) => isNodeBuiltin(spec) || /^(electron|better-sqlite3|serialport|ws|node-thermal-printer)(\/|$)/.test(spec),
  // The server runs on PostgreSQL, away from any window's devices and Electron.
  server: /^(electron|better-sqlite3|serialport)(\/|$)|^@serialport\//,
};

/** Every breach of the layer rule in the tree at `root` (this repository, or a copy of it). */
function violations(root: string): string[] {
  const problems: string[] = [];
  const files = Object.values(LAYER_DIRS).flatMap((dir) => sourceFiles(path.join(root, dir)));
  for (const file of files) {
    const from = layerOf(root, file);
    if (!from) continue;
    for (const imp of importsOf(file)) {
      const where = `${relativeTo(root, file)} imports '${imp.spec}'`;
      if (imp.target === null) {
        const forbidden = FORBIDDEN_PACKAGES[from];
        const isForbidden = typeof forbidden === 'function' ? forbidden(imp.spec) : forbidden?.test(imp.spec);
        if (isForbidden) problems.push(`${where}: ${from} may not use that package`);
        continue;
      }
      const to = layerOf(root, imp.target);
      if (to === null) {
        problems.push(`${where}: outside the layered source`);
        continue;
      }
      const allowed = MAY_IMPORT[from];
      const target = relativeTo(root, imp.target);
      const ok =
        allowed.includes(to) ||
        (to === 'core' && CORE_ENTRIES.has(target) && allowed.includes('core-entry')) ||
        (to === 'core' && CORE_SHARED_WITH_SERVER.has(target) && allowed.includes('core-shared'));
      if (!ok) problems.push(`${where}: ${from} may not import ${to === 'core' ? 'core internals' : to}`);
    }
  }
  return problems;
}

/** A copy of the layered source in a temporary folder: probes go there, never into the real tree. */
function copyOfTree(): string {
  const root = makeTempDir('layers');
  for (const dir of Object.values(LAYER_DIRS)) {
    if (fs.existsSync(path.join(ROOT, dir))) fs.cpSync(path.join(ROOT, dir), path.join(root, dir), { recursive: true });
  }
  return root;
}

describe('the layer rule', () => {
  // Parsing every source file takes seconds on a busy machine: the timeouts say so.
  it('holds for every source file', () => {
    expect(violations(ROOT)).toEqual([]);
  }, 60_000);

  it('would catch a renderer importing the core or a core importing electron', () => {
    const root = copyOfTree();
    const probeDir = path.join(root, 'renderer/src/__layer_probe__');
    fs.mkdirSync(probeDir, { recursive: true });
    fs.writeFileSync(path.join(probeDir, 'probe.ts'), "import { createCore } from '../../../electron/core';\nimport '../../../electron/main/main';\nexport { createCore };\n");
    fs.writeFileSync(path.join(root, 'electron/core/__layer_probe__.ts'), "import { app } from 'electron';\nexport { app };\n");
    const found = violations(root);
    expect(found).toContain("renderer/src/__layer_probe__/probe.ts imports '../../../electron/core': renderer may not import core internals");
    expect(found).toContain("renderer/src/__layer_probe__/probe.ts imports '../../../electron/main/main': renderer may not import main");
    expect(found).toContain("electron/core/__layer_probe__.ts imports 'electron': core may not use that package");
  }, 60_000);

  it('would catch the server importing the core (its entry too), main, or a window-only package', () => {
    const root = copyOfTree();
    const probeDir = path.join(root, 'server/__layer_probe__');
    fs.mkdirSync(probeDir, { recursive: true });
    const probe = path.join(probeDir, 'probe.ts');
    fs.writeFileSync(
      probe,
      [
        "import { createDispatcher } from '../../electron/core/dispatcher/dispatcher';",
        "import { createCore } from '../../electron/core';",
        "import '../../electron/main/pending-calls';",
        "import Database from 'better-sqlite3';",
        "import { SerialPort } from 'serialport';",
        "import { ReadlineParser } from '@serialport/parser-readline';",
        "import { app } from 'electron';",
        'export { createDispatcher, createCore, Database, SerialPort, ReadlineParser, app };',
        '',
      ].join('\n'),
    );
    const found = violations(root).filter((v) => v.startsWith('server/'));
    expect(found).toEqual([
      "server/__layer_probe__/probe.ts imports '../../electron/core/dispatcher/dispatcher': server may not import core internals",
      "server/__layer_probe__/probe.ts imports '../../electron/core': server may not import core internals",
      "server/__layer_probe__/probe.ts imports '../../electron/main/pending-calls': server may not import main",
      "server/__layer_probe__/probe.ts imports 'better-sqlite3': server may not use that package",
      "server/__layer_probe__/probe.ts imports 'serialport': server may not use that package",
      "server/__layer_probe__/probe.ts imports '@serialport/parser-readline': server may not use that package",
      "server/__layer_probe__/probe.ts imports 'electron': server may not use that package",
    ]);
    // What the server is for stays allowed: the contract's wire schemas and its own packages.
    fs.writeFileSync(probe, "import { PushBatchSchema } from '../../electron/contract/sync';\nimport Fastify from 'fastify';\nexport { PushBatchSchema, Fastify };\n");
    expect(violations(root).filter((v) => v.startsWith('server/'))).toEqual([]);
  }, 60_000);

  it('keeps what the server shares of the core pure: its whole import closure is the shared files, the contract, zod and libphonenumber-js', () => {
    const problems: string[] = [];
    for (const file of CORE_SHARED_WITH_SERVER) {
      for (const imp of importsOf(path.join(ROOT, file))) {
        const where = `${file} imports '${imp.spec}'`;
        if (imp.target === null) {
          if (!SHARED_CLOSURE_PACKAGES.test(imp.spec)) problems.push(`${where}: not a package the server may share`);
          continue;
        }
        const to = layerOf(ROOT, imp.target);
        const target = relativeTo(ROOT, imp.target);
        if (to !== 'contract' && !CORE_SHARED_WITH_SERVER.has(target)) problems.push(`${where}: outside what the server shares`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('would catch a renderer importing any Node built-in, with or without node:', () => {
    const root = copyOfTree();
    const specs = ['node:fs', 'fs', 'fs/promises', 'node:fs/promises', 'path', 'node:path', 'child_process', 'node:child_process', 'os', 'crypto', 'node:crypto', 'net', 'worker_threads', 'process', 'buffer', 'node:sqlite'];
    const probe = path.join(root, 'renderer/src/__builtin_probe__.ts');
    fs.writeFileSync(probe, specs.map((s, i) => `import * as m${i} from '${s}';\nexport { m${i} };\n`).join(''));
    // Also as dynamic import and require, which a bundler follows just the same.
    fs.appendFileSync(probe, "export const later = import('node:os');\nexport const cjs = require('child_process');\n");
    const found = violations(root).filter((v) => v.startsWith('renderer/src/__builtin_probe__.ts'));
    for (const spec of [...specs, 'node:os']) {
      expect(found, spec).toContain(`renderer/src/__builtin_probe__.ts imports '${spec}': renderer may not use that package`);
    }
    expect(found).toHaveLength(specs.length + 2);
    // Packages that merely look alike stay allowed: the rule is about Node, not names.
    fs.writeFileSync(probe, "import dayjs from 'dayjs';\nimport { Button } from 'antd';\nimport { pinyin } from 'pinyin-pro';\nexport { dayjs, Button, pinyin };\n");
    expect(violations(root).filter((v) => v.startsWith('renderer/src/__builtin_probe__.ts'))).toEqual([]);
  }, 60_000);

  it('probes a copy, never the source tree it checks', () => {
    const before = [...sourceFiles(path.join(ROOT, 'renderer/src')), ...sourceFiles(path.join(ROOT, 'electron')), ...sourceFiles(path.join(ROOT, 'server'))];
    const root = copyOfTree();
    expect(path.relative(ROOT, root).startsWith('..')).toBe(true);
    expect(before.some((f) => /__(layer|builtin)_probe__/.test(f))).toBe(false);
  });
});
