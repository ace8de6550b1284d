import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from './browser-shell-process';
import { RESOURCES_DIR } from './core-fixture';

// Bundled next to node_modules so the child resolves better-sqlite3 as the app does and starts
// fast (as rating-child-process.ts).
const CHILD = path.join(REPO_ROOT, 'node_modules', '.cache', 'counter-tests', 'sync-core-child.cjs');

/** Bundles test/support/sync-core-child.ts (call in beforeAll). */
export async function buildSyncCoreChild(): Promise<void> {
  await build({
    entryPoints: [path.join(__dirname, 'sync-core-child.ts')],
    outfile: CHILD,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'serialport', '@serialport/*', 'opentype.js'],
    logLevel: 'warning',
  });
}

/** One run of the child core (sync-core-child.ts). */
export interface SyncCoreRun {
  readonly child: ChildProcess;
  /** Resolves once the core started; rejects if the child ended first. */
  readonly ready: Promise<void>;
  /** SIGKILLs the child (if still running) and resolves when it is gone. */
  kill(): Promise<void>;
  /** SIGTERM: the core closes cleanly. */
  stop(): Promise<void>;
  output(): string;
}

/** Starts the child core on `dataDir` (its config.json written, its database ready). */
export function startSyncCore(dataDir: string): SyncCoreRun {
  const child = spawn(process.execPath, [CHILD, dataDir, RESOURCES_DIR], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let ending = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('READY')) resolve();
    });
    void exited.then(({ code, signal }) => {
      if (!ending) reject(new Error(`同步核心子进程自行退出（${code ?? signal}）：${out.slice(-1500)}`));
    });
  });
  ready.catch(() => undefined);
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    ending = true;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { child, ready, kill: () => end('SIGKILL'), stop: () => end('SIGTERM'), output: () => out };
}
