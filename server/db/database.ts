import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import type { ServerLog } from '../log';
import { lockDataDir, type DataDirLock } from './data-dir-lock';
import { migrate } from './migrate';

/** Where the server keeps its data. */
export type DatabaseBackend = 'postgres' | 'pglite';

/** An open, migrated database: always reached through a pg Pool, whichever backend. */
export interface ServerDatabase {
  readonly backend: DatabaseBackend;
  readonly pool: pg.Pool;
  /** PGlite only: the data folder. */
  readonly dataDir: string | null;
  /** Ends the pool, then (PGlite) the socket server and PGlite, then releases the folder's lock. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL connection string; when set, PGlite is not used. */
  databaseUrl?: string | undefined;
  /** The PGlite data folder (used when databaseUrl is unset); default `./server-data`. */
  dataDir?: string | undefined;
  log: ServerLog;
  /** Pool size on PostgreSQL (default 10). PGlite serves one connection at a time: always 1. */
  poolSize?: number;
}

/** The folder inside the data dir PGlite keeps its cluster in (beside the lock file). */
const PGLITE_SUBDIR = 'pglite';

/** The folder inside the data dir (mode 0700) holding PGlite's Unix socket, on Linux and macOS. */
export const PGLITE_SOCKET_SUBDIR = 'socket';

/** The port number in the socket file's name: pg connects to `<host dir>/.s.PGSQL.<port>`. */
const SOCKET_PORT = 5432;

/** sun_path holds 108 bytes on Linux and 104 on macOS, the terminating NUL included. */
const MAX_SOCKET_PATH_BYTES = 103;

/**
 * Where the PGlite socket server listens, and how pg reaches it.
 * - Linux/macOS: a Unix socket `.s.PGSQL.5432` in `<dataDir>/socket`, a folder made (or reset to)
 *   mode 0700, so only this account can connect: PGlite has no passwords, and anyone who reached
 *   the socket would act as `postgres` (read the token and password hashes, insert events). When
 *   that path is too long for a Unix socket, a fresh 0700 folder under the temp dir instead.
 *   A socket file left by a killed run is removed first (the caller holds the folder's lock, so it
 *   cannot be another live server's).
 * - Windows (no Unix socket folder permissions to rely on): 127.0.0.1 on a random port;
 *   server/README.md says what that leaves open.
 */
function socketPlace(dataDir: string): { listen: { path: string } | { host: string; port: number }; slots: number; cleanUp(): void } {
  // Loopback TCP: the one slot, held by the pool, is all that keeps another program out.
  if (process.platform === 'win32') return { listen: { host: '127.0.0.1', port: 0 }, slots: 1, cleanUp: () => undefined };
  let dir = path.join(dataDir, PGLITE_SOCKET_SUBDIR);
  let temporary = false;
  if (Buffer.byteLength(path.join(dir, `.s.PGSQL.${SOCKET_PORT}`)) > MAX_SOCKET_PATH_BYTES) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-pglite-')); // mkdtemp makes it 0700
    temporary = true;
  } else {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // mkdir's mode is masked by the umask and ignored for a folder that exists already.
    fs.chmodSync(dir, 0o700);
  }
  const socketPath = path.join(dir, `.s.PGSQL.${SOCKET_PORT}`);
  fs.rmSync(socketPath, { force: true });
  return {
    listen: { path: socketPath },
    // The folder keeps others out, so spare slots cost nothing, and they are needed: pg drops a
    // connection whose statement failed and opens the next at once, before the socket server has
    // seen the old one close; with one slot that next connection was refused and the following
    // request answered 503.
    slots: 4,
    cleanUp: () => (temporary ? fs.rmSync(dir, { recursive: true, force: true }) : fs.rmSync(socketPath, { force: true })),
  };
}

function newPool(config: pg.PoolConfig, log: ServerLog): pg.Pool {
  // connectionTimeoutMillis bounds the wait for a pooled connection too, not only the connect: at
  // 5 s, 200 windows catching up at once (bench:server, 500 events a push) were answered 503 while
  // queued behind a busy pool. 30 s stays under the window's 60 s request timeout (sync-http.ts);
  // a database that refuses connections still fails at once.
  const pool = new pg.Pool({ connectionTimeoutMillis: 30_000, idleTimeoutMillis: 30_000, ...config });
  // An idle pooled client whose server went away (PostgreSQL restarted, a network cut) emits
  // 'error' on the pool; unhandled, that would end the process (node-postgres issue #1324). The
  // pool drops that client itself and the next query opens a new connection.
  pool.on('error', (err) => log.warn('数据库连接中断（空闲连接），下次请求时重新连接', { err: err.message }));
  return pool;
}

/**
 * Opens the server's database and brings it to the latest schema (migrate.ts).
 * - `databaseUrl` set: a pg Pool on that PostgreSQL.
 * - else: PGlite in `dataDir/pglite`, locked for this process (data-dir-lock.ts; throws
 *   DataDirInUseError when a live process holds it), served by PGLiteSocketServer on a Unix
 *   socket in a 0700 folder (Windows: 127.0.0.1:random; socketPlace) so the same pg code talks
 *   to it, through a Pool of one connection that is kept open.
 * Throws on a database that cannot be reached or migrated (after releasing what it took).
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<ServerDatabase> {
  const { log } = options;
  if (options.databaseUrl) {
    const pool = newPool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 }, log);
    try {
      await migrate(pool);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
    return { backend: 'postgres', pool, dataDir: null, close: () => pool.end() };
  }

  const dataDir = path.resolve(options.dataDir ?? 'server-data');
  const lock: DataDirLock = lockDataDir(dataDir, {
    // Another process judged this one's heartbeat gone and took the folder: two PGlite writers
    // corrupt the cluster, so this one stops writing at once (no graceful close: that writes too).
    onCompromised: (holderPid) => {
      log.error('数据目录锁已被另一个进程接管，本进程立即停止以免损坏数据库', { dataDir, holderPid });
      process.exit(1);
    },
  });
  if (lock.tookOverFrom !== null) log.warn('接管上次运行留下的数据目录锁（其进程已退出或已不是原进程）', { dataDir, previousPid: lock.tookOverFrom });
  let db: PGlite | null = null;
  let socket: PGLiteSocketServer | null = null;
  let pool: pg.Pool | null = null;
  let place: ReturnType<typeof socketPlace> | null = null;
  try {
    const clusterDir = path.join(dataDir, PGLITE_SUBDIR);
    fs.mkdirSync(clusterDir, { recursive: true });
    db = await PGlite.create({ dataDir: clusterDir });
    place = socketPlace(dataDir);
    // The pool uses one connection and never lets it idle out (idleTimeoutMillis 0): on loopback
    // TCP a free slot could be taken by another local process, and every request would then
    // answer 503 ("Too many connections").
    socket = new PGLiteSocketServer({ db, maxConnections: place.slots, ...place.listen });
    await socket.start();
    const [host, port] = 'path' in place.listen ? [path.dirname(place.listen.path), SOCKET_PORT] : splitHostPort(socket.getServerConn());
    pool = newPool({ host, port, user: 'postgres', database: 'postgres', max: 1, idleTimeoutMillis: 0 }, log);
    await migrate(pool);
  } catch (err) {
    await pool?.end().catch(() => undefined);
    await socket?.stop().catch(() => undefined);
    await db?.close().catch(() => undefined);
    place?.cleanUp();
    lock.release();
    throw err;
  }
  const opened = { pool, socket, db, place };
  let closing: Promise<void> | null = null;
  return {
    backend: 'pglite',
    pool,
    dataDir,
    close() {
      closing ??= (async () => {
        await opened.pool.end().catch(() => undefined);
        await opened.socket.stop().catch(() => undefined);
        await opened.db.close().catch(() => undefined);
        opened.place.cleanUp();
        lock.release();
      })();
      return closing;
    },
  };
}

function splitHostPort(conn: string): [string, number] {
  const at = conn.lastIndexOf(':');
  return [conn.slice(0, at), Number(conn.slice(at + 1))];
}
