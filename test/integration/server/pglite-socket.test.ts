import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, PGLITE_SOCKET_SUBDIR, type ServerDatabase } from '../../../server/db/database';
import { silentLog } from '../../../server/log';
import { freshPgliteDataDir } from '../../support/sync-server';

// review-16 finding 11: the embedded PGlite has no passwords, so whoever reaches its socket acts
// as `postgres`. It listens on a Unix socket in a 0700 folder of the data dir (not on loopback
// TCP), with spare slots there since nobody else can reach it; on Windows' loopback the pool's one
// connection stays open so the single slot is never free.

const onUnix = process.platform !== 'win32';
let dir: string;
let db: ServerDatabase;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-pglite-socket-'));
  await freshPgliteDataDir(dir);
  // The data folder itself open to everyone: the socket's own folder must be what keeps others out.
  fs.chmodSync(dir, 0o755);
  db = await openDatabase({ dataDir: dir, log: silentLog });
}, 180_000);

afterAll(async () => {
  await db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it.runIf(onUnix)('serves PGlite on a Unix socket in a 0700 folder of the data dir, which another account cannot open', async () => {
  const socketDir = path.join(dir, PGLITE_SOCKET_SUBDIR);
  const socketPath = path.join(socketDir, '.s.PGSQL.5432');
  expect(fs.statSync(socketDir).mode & 0o777).toBe(0o700);
  expect(fs.statSync(socketPath).isSocket()).toBe(true);
  expect((await db.pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one).toBe(1);

  // Root ignores folder permissions, so the "other local user" is a real one: nobody (65534).
  if (process.getuid?.() === 0) {
    const probe = `require('node:net').connect(${JSON.stringify(socketPath)}).on('connect', () => { console.log('CONNECTED'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(0); });`;
    const other = spawnSync(process.execPath, ['-e', probe], { uid: 65534, gid: 65534, encoding: 'utf8', timeout: 30_000 });
    expect(other.stdout.trim(), other.stderr).toBe('EACCES');
  }
});

it('keeps its connection open, and answers the next query after a statement that failed', async () => {
  await db.pool.query('SELECT 1');
  // Never idled out (idleTimeoutMillis 0): on Windows' loopback TCP the single slot stays taken.
  expect(db.pool.options.idleTimeoutMillis).toBe(0);
  expect(db.pool.totalCount).toBe(1);
  // pg drops a connection whose statement failed and opens the next at once: that next one must
  // be let in (it was refused once, and every request after a refused \u0000 answered 503).
  for (let i = 0; i < 3; i += 1) {
    await expect(db.pool.query(`SELECT '{"a":"\\u0000"}'::jsonb`)).rejects.toMatchObject({ code: '22P05' });
    expect((await db.pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one).toBe(1);
  }
});
