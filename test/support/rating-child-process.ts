import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from './browser-shell-process';
import { RESOURCES_DIR } from './core-fixture';

// Bundled next to node_modules so the child resolves better-sqlite3 and serialport the way the app
// does, and starts in a fraction of the time a TypeScript loader would take (as accept-loop.ts).
const CHILD = path.join(REPO_ROOT, 'node_modules', '.cache', 'counter-tests', 'rating-core-child.cjs');

/** Bundles test/support/rating-core-child.ts once per test file (call in beforeAll). */
export async function buildRatingCoreChild(): Promise<void> {
  await build({
    entryPoints: [path.join(__dirname, 'rating-core-child.ts')],
    outfile: CHILD,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'serialport', '@serialport/*', 'opentype.js'],
    logLevel: 'warning',
  });
}

/** One run of the child core (rating-core-child.ts) on a data folder. */
export interface RatingCoreRun {
  readonly child: ChildProcess;
  /** Resolves once the child printed READY (signed in, driver started); rejects if it ended first. */
  readonly ready: Promise<void>;
  /** Whether READY came. */
  isReady(): boolean;
  /** Cases finished so far (each armed a session). */
  finished(): number;
  /** Device event ids of the ratings the core reported committed (`ratings.received`). */
  rated(): number[];
  /** SIGKILLs the child and resolves when it is gone; the output is kept. */
  kill(): Promise<void>;
  /** Everything it wrote, for failure messages. */
  output(): string;
}

/**
 * Starts the child core on `dataDir` (its config.json already written) finishing a case every
 * `finishEveryMs`. It runs until killed; an exit of its own is an error shown by `ready` or by
 * `kill` (which then rejects with its output).
 */
export function startRatingCore(dataDir: string, runTag: number, finishEveryMs: number): RatingCoreRun {
  const child = spawn(process.execPath, [CHILD, dataDir, RESOURCES_DIR, String(runTag), String(finishEveryMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let finished = 0;
  const rated: number[] = [];
  let partial = '';
  let killing = false;
  let isReady = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const text = d.toString();
      out += text;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const [tag, first] = line.split('\t');
        if (tag === 'READY') {
          isReady = true;
          resolve();
        }
        else if (tag === 'FINISHED') finished++;
        else if (tag === 'RATED' && first) rated.push(Number(first));
      }
    });
    void exited.then(({ code, signal }) => {
      if (!killing) reject(new Error(`评价核心子进程自行退出（${code ?? signal}）：${out.slice(-1500)}\n${err.slice(-1500)}`));
    });
  });
  // A rejection nobody awaited yet must not end the test run: `kill` and callers see it.
  ready.catch(() => undefined);
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return {
    child,
    ready,
    isReady: () => isReady,
    finished: () => finished,
    rated: () => [...rated],
    async kill() {
      killing = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      const { code, signal } = await exited;
      if (signal !== 'SIGKILL') throw new Error(`评价核心子进程在被终止前已退出（${code ?? signal}）：${out.slice(-1500)}\n${err.slice(-1500)}`);
    },
    output: () => `${out}\n${err}`,
  };
}
