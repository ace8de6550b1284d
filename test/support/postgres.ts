import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Where Debian/Ubuntu put PostgreSQL 15's server programs (apt: postgresql-15). */
export const PG_BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

/**
 * initdb and postgres refuse to run as root, and the tests do run as root in CI: the cluster
 * then belongs to this system user (`postgres` from the package, else `nobody`).
 */
function clusterUser(): string | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  for (const user of ['postgres', 'nobody']) {
    try {
      if (fs.readFileSync('/etc/passwd', 'utf8').split('\n').some((l) => l.startsWith(`${user}:`))) return user;
    } catch {
      /* no passwd: not Linux */
    }
  }
  throw new Error('running as root, and neither a `postgres` nor a `nobody` user exists for the test cluster');
}

function asUser(user: string | null, program: string, args: string[]) {
  return user === null ? run(program, args) : run('runuser', ['-u', user, '--', program, ...args]);
}

/** A port nobody listens on right now (the kernel's pick). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway PostgreSQL 15 cluster on 127.0.0.1, trust auth, user and database `postgres`. */
export interface TestPostgres {
  readonly port: number;
  readonly dir: string;
  /** `postgres://postgres@127.0.0.1:PORT/postgres` */
  readonly url: string;
  /** A new empty database on the cluster; returns its URL (one per test file or backend run). */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast: clients are disconnected), leaving the data. */
  stopServer(): Promise<void>;
  /** Starts it again on the same port and data. */
  startServer(): Promise<void>;
  /** Stops it at once (immediate) and removes the folder. Idempotent. */
  stop(): Promise<void>;
}

/** How startPostgres sets the cluster up. */
export interface StartPostgresOptions {
  /**
   * true: PostgreSQL's own durability (fsync, synchronous commit, full-page writes), as a hall
   * server runs it — for benches, whose latencies must include each commit's flush. Default
   * false: the tests' cluster lives for one file and skips the flushes.
   */
  durable?: boolean;
}

/**
 * Starts a throwaway PostgreSQL 15 cluster (initdb + pg_ctl on a temp dir and a free port), as
 * the `postgres` system user when the tests run as root. Durability settings are off (fsync)
 * unless `options.durable`: the cluster lives for one test file. Call stop() in afterAll.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<TestPostgres> {
  const user = clusterUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-pg-'));
  const dataDir = path.join(dir, 'data');
  if (user !== null) await run('chown', ['-R', `${user}:`, dir]);
  await asUser(user, path.join(PG_BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const pgCtl = path.join(PG_BIN, 'pg_ctl');
  const durability = options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${durability} -c max_connections=300`;
  const startServer = async () => {
    await asUser(user, pgCtl, ['-D', dataDir, '-o', serverOptions, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
  };
  await startServer();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    port,
    dir,
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stopServer() {
      await asUser(user, pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    },
    startServer,
    async stop() {
      if (stopped) return;
      stopped = true;
      await asUser(user, pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
