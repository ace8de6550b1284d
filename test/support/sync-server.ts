import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { formatEnrolmentCode } from '../../electron/contract/sync';
import { openDatabase } from '../../server/db/database';
import { SERVER_MIGRATIONS } from '../../server/db/migrations';
import { issueEnrolmentCode } from '../../server/enrolment/enrolment';
import { silentLog } from '../../server/log';
import { callRunningServer } from '../../server/operator/operator-client';
import { readOperatorFile } from '../../server/operator/operator-file';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = path.join(ROOT, 'server', 'main.ts');

/**
 * A fresh PGlite data folder, migrated: a copy of a template built once per machine and schema
 * (PGlite's first start runs initdb, 20–50 s on a busy CI box; a copy takes well under a second).
 */
export async function freshPgliteDataDir(into: string): Promise<string> {
  const template = path.join(os.tmpdir(), `counter-pglite-template-${SERVER_MIGRATIONS.length}`);
  if (!fs.existsSync(path.join(template, 'ready'))) {
    const building = fs.mkdtempSync(`${template}-building-`);
    const db = await openDatabase({ dataDir: building, log: silentLog });
    await db.close();
    fs.writeFileSync(path.join(building, 'ready'), '');
    try {
      fs.renameSync(building, template);
    } catch {
      // Another test file built it first: use theirs.
      fs.rmSync(building, { recursive: true, force: true });
    }
  }
  fs.cpSync(template, into, { recursive: true });
  fs.rmSync(path.join(into, 'ready'), { force: true });
  return into;
}

export interface SyncServerOptions {
  backend: 'pglite' | 'postgres';
  /** PGlite: the data folder (made fresh from the template when it does not exist yet). */
  dataDir?: string;
  /** PostgreSQL: the database's URL (required for that backend). */
  databaseUrl?: string;
  /** Extra environment for the server process (TZ=Asia/Shanghai, …). */
  env?: Record<string, string>;
  /** The port to listen on; default 0 (a free one, the kernel's pick). */
  port?: number;
}

/** A real upstream server in a child process (`node --import tsx server/main.ts --port 0`). */
export interface SyncServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  readonly dataDir: string | null;
  readonly databaseUrl: string | null;
  /** Everything the server printed on stdout and stderr so far. */
  output(): string;
  /** A one-time code for the window, formatted as printed (`7K2M-9QXA-…`). */
  enrol(hall: string, window: number): Promise<string>;
  /** SIGTERM, and waits for the exit (a clean stop releases the PGlite folder). */
  stop(): Promise<void>;
  /** SIGKILL, and waits for the exit (a crash: the lock file stays behind). */
  kill(): Promise<void>;
  /**
   * Starts the server again, after stop() or kill(), on the same port and the same data (PGlite
   * folder or PostgreSQL database): to the clients, the same server back. Answers the new one.
   */
  restart(): Promise<SyncServer>;
}

/** Runs `server/main.ts` with `args` to its end (`input`, if given, on its standard input); its exit code and output. */
export function runServerCli(args: string[], env: Record<string, string> = {}, input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(input ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Starts a real server in a child process on a free port and waits until it listens. For
 * `pglite`, a data folder that does not exist yet is made from the template. Stop it (stop() or
 * kill()) in afterAll / finally: nothing is left running.
 */
export async function startSyncServer(options: SyncServerOptions): Promise<SyncServer> {
  let dataDir: string | null = null;
  const env: Record<string, string> = { ...options.env };
  if (options.backend === 'pglite') {
    dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'counter-sync-server-'));
    if (!fs.existsSync(path.join(dataDir, 'pglite'))) await freshPgliteDataDir(dataDir);
    env['DATABASE_URL'] = '';
  } else {
    if (!options.databaseUrl) throw new Error('the postgres backend needs databaseUrl (test/support/postgres.ts)');
    env['DATABASE_URL'] = options.databaseUrl;
  }
  const args = ['--import', 'tsx', MAIN, '--port', String(options.port ?? 0), '--host', '127.0.0.1', ...(dataDir ? ['--data-dir', dataDir] : [])];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${output}`)), 90_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /"msg":"上级服务已启动"[^\n]*"port":(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${output}`));
    });
  });
  const databaseUrl = options.backend === 'postgres' ? (options.databaseUrl ?? null) : null;
  const waitExit = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    process: child,
    dataDir,
    databaseUrl,
    output: () => output,
    async enrol(hall, window) {
      if (databaseUrl !== null) {
        const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
        try {
          return formatEnrolmentCode(await issueEnrolmentCode(pool, hall, window));
        } finally {
          await pool.end();
        }
      }
      const file = readOperatorFile(dataDir ?? '');
      const answer = (await callRunningServer(dataDir ?? '', file?.pid ?? -1, 'enrol', { hall, window })) as { code: string } | null;
      if (answer === null) throw new Error('the server wrote no operator file');
      return formatEnrolmentCode(answer.code);
    },
    stop: () => waitExit('SIGTERM'),
    kill: () => waitExit('SIGKILL'),
    async restart() {
      if (child.exitCode === null && child.signalCode === null) throw new Error('restart() needs the server stopped first (stop() or kill())');
      return startSyncServer({ ...options, ...(dataDir !== null ? { dataDir } : {}), port });
    },
  };
}
