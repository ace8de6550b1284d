import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const DIST_ELECTRON = path.join(REPO_ROOT, 'dist', 'electron');

export function requireBuilt(file: string): string {
  const full = path.join(DIST_ELECTRON, file);
  if (!fs.existsSync(full)) {
    throw new Error(`${full} 不存在：请先运行 npm run build（npm test 会自动构建）`);
  }
  return full;
}

export { makeTempDir } from './temp-dirs';

export interface WindowConfigFile {
  hall: { code: string; name: string };
  window: { number: number; name?: string; departments?: string[]; itemCodes?: string[] };
  [key: string]: unknown;
}

export function writeConfig(dir: string, config: WindowConfigFile): string {
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** Registers a staff member (a clerk unless `role` says otherwise) through the same CLI IT staff use. */
export async function addStaff(dataDir: string, staffNumber: string, name: string, pin: string, role?: 'clerk' | 'lead' | 'it_admin'): Promise<void> {
  const cli = requireBuilt('staff-cli.cjs');
  const roleArgs = role ? ['--role', role] : [];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'add', '--number', staffNumber, '--name', name, ...roleArgs, '--pin-stdin', '--data-dir', dataDir], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`staff add failed (${code}): ${err}`))));
    child.stdin.end(`${pin}\n`);
  });
}

export interface RunningShell {
  process: ChildProcess;
  url: string;
  origin: string;
  token: string;
  output: () => string;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the real browser shell (the built one) as `npm start` would, and waits for its URL. */
export async function startShell(args: string[], timeoutMs = 60_000): Promise<RunningShell> {
  const script = requireBuilt('browser-shell.cjs');
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser shell did not start in time:\n${out}`)), timeoutMs);
    const check = () => {
      const match = /URL:\s+(\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser shell exited with ${code}:\n${out}`));
    });
  });
  const parsed = new URL(url);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    process: child,
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** POST /api/<method> as the renderer does. */
export async function callApi(shell: Pick<RunningShell, 'origin' | 'token'>, method: string, args: unknown = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${shell.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${shell.token}` },
    body: JSON.stringify(args),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}
