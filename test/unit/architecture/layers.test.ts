import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..', '..');

type Layer = 'contract' | 'core' | 'main' | 'preload' | 'web' | 'cli' | 'shell-shared' | 'renderer';

const LAYER_DIRS: Record<Layer, string> = {
  contract: 'electron/contract',
  core: 'electron/core',
  main: 'electron/main',
  preload: 'electron/preload',
  web: 'electron/web',
  cli: 'electron/cli',
  'shell-shared': 'electron/shell-shared',
  renderer: 'renderer/src',
};
/**
 * The core's doors: the core itself, the pure path helpers a shell needs before starting it,
 * and the log-file writer (fs and path only), so Electron main logs into the same files.
 */
const CORE_ENTRIES = new Set(
  ['electron/core/index.ts', 'electron/core/paths.ts', 'electron/core/logging/log-files.ts'].map((f) => path.join(ROOT, f)),
);

function layerOf(file: string): Layer | null {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
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
const MAY_IMPORT: Record<Layer, ReadonlyArray<Layer | 'core-entry'>> = {
  contract: ['contract'],
  core: ['core', 'contract'],
  main: ['main', 'contract', 'core-entry', 'shell-shared'],
  preload: ['preload', 'contract'],
  web: ['web', 'contract', 'core-entry', 'shell-shared'],
  cli: ['cli', 'contract', 'core-entry'],
  'shell-shared': ['shell-shared'],
  renderer: ['renderer', 'contract'],
};

/** Packages a layer must never reach for, whatever our own imports do. */
const FORBIDDEN_PACKAGES: Partial<Record<Layer, RegExp>> = {
  contract: /^(?!zod$)/,
  core: /^electron(\/|$)/,
  renderer: /^(electron|node:|fs$|path$|better-sqlite3|serialport)/,
};

function violations(): string[] {
  const problems: string[] = [];
  const files = Object.values(LAYER_DIRS).flatMap((dir) => sourceFiles(path.join(ROOT, dir)));
  for (const file of files) {
    const from = layerOf(file);
    if (!from) continue;
    for (const imp of importsOf(file)) {
      const where = `${path.relative(ROOT, file)} imports '${imp.spec}'`;
      if (imp.target === null) {
        const forbidden = FORBIDDEN_PACKAGES[from];
        if (forbidden?.test(imp.spec)) problems.push(`${where}: ${from} may not use that package`);
        continue;
      }
      const to = layerOf(imp.target);
      if (to === null) {
        problems.push(`${where}: outside the layered source`);
        continue;
      }
      const allowed = MAY_IMPORT[from];
      const ok = allowed.includes(to) || (to === 'core' && CORE_ENTRIES.has(imp.target) && allowed.includes('core-entry'));
      if (!ok) problems.push(`${where}: ${from} may not import ${to === 'core' ? 'core internals' : to}`);
    }
  }
  return problems;
}

describe('the layer rule', () => {
  it('holds for every source file', () => {
    expect(violations()).toEqual([]);
  });

  it('would catch a renderer importing the core or a core importing electron', () => {
    const probeDir = path.join(ROOT, 'renderer/src/__layer_probe__');
    const coreProbe = path.join(ROOT, 'electron/core/__layer_probe__.ts');
    fs.mkdirSync(probeDir, { recursive: true });
    try {
      fs.writeFileSync(path.join(probeDir, 'probe.ts'), "import { createCore } from '../../../electron/core';\nimport '../../../electron/main/main';\nexport { createCore };\n");
      fs.writeFileSync(coreProbe, "import { app } from 'electron';\nexport { app };\n");
      const found = violations();
      expect(found).toContain("renderer/src/__layer_probe__/probe.ts imports '../../../electron/core': renderer may not import core internals");
      expect(found).toContain("renderer/src/__layer_probe__/probe.ts imports '../../../electron/main/main': renderer may not import main");
      expect(found).toContain("electron/core/__layer_probe__.ts imports 'electron': core may not use that package");
    } finally {
      fs.rmSync(probeDir, { recursive: true, force: true });
      fs.rmSync(coreProbe, { force: true });
    }
  });
});
