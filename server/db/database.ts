import fs from 'node:fs';
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

function newPool(config: pg.PoolConfig, log: ServerLog): pg.Pool {
  const pool = new pg.Pool({ connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000, ...config });
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
 *   DataDirInUseError when a live process holds it), served by PGLiteSocketServer on
 *   127.0.0.1:random so the same pg code talks to it, through a Pool of one connection.
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
  const lock: DataDirLock = lockDataDir(dataDir);
  if (lock.tookOverFrom !== null) log.warn('接管已退出进程留下的数据目录锁', { dataDir, previousPid: lock.tookOverFrom });
  let db: PGlite | null = null;
  let socket: PGLiteSocketServer | null = null;
  let pool: pg.Pool | null = null;
  try {
    const clusterDir = path.join(dataDir, PGLITE_SUBDIR);
    fs.mkdirSync(clusterDir, { recursive: true });
    db = await PGlite.create({ dataDir: clusterDir });
    socket = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
    await socket.start();
    const [host, port] = splitHostPort(socket.getServerConn());
    pool = newPool({ host, port, user: 'postgres', database: 'postgres', max: 1 }, log);
    await migrate(pool);
  } catch (err) {
    await pool?.end().catch(() => undefined);
    await socket?.stop().catch(() => undefined);
    await db?.close().catch(() => undefined);
    lock.release();
    throw err;
  }
  const opened = { pool, socket, db };
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
