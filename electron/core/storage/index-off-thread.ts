import { Worker } from 'node:worker_threads';
import type { Migration } from './migration';
import { nodeRequire } from './node-require';

/**
 * One schema step that only creates indexes (Migration.indexSql), on a connection of its own in
 * a worker thread: one CREATE INDEX over the event log reads every row, one statement of a second
 * or more on a large store, during which the thread that runs it can report nothing. The step's
 * SQL and its `user_version` stamp in one IMMEDIATE transaction, as applyMigration does; with
 * the upgrade's settings (no automatic checkpoint, synchronous NORMAL: open-database.ts says why).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.path, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.transaction(() => {
    const found = db.pragma('user_version', { simple: true });
    if (found !== workerData.version - 1) throw new Error('schema version ' + found + ', expected ' + (workerData.version - 1));
    db.exec(workerData.sql);
    db.pragma('user_version = ' + workerData.version);
  }).immediate();
  parentPort.postMessage({ ok: true });
} catch (err) {
  parentPort.postMessage({ ok: false, code: err && typeof err.code === 'string' ? err.code : null, message: String((err && err.message) || err) });
} finally {
  try { db && db.close(); } catch {}
}
`;

/**
 * Applies `migration` (which has `indexSql`, and is the next step of `databasePath`'s schema) in
 * a worker thread. The caller's own connection must hold no transaction meanwhile.
 * Resolves once committed; rejects with SQLite's error (its `code` kept) when the step failed and
 * was rolled back, or when the worker died.
 */
export function applyIndexStepOffThread(databasePath: string, migration: Migration & { indexSql: string }): Promise<void> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path: databasePath, sql: migration.indexSql, version: migration.version, driver: nodeRequire().resolve('better-sqlite3') },
  });
  return new Promise<void>((resolve, reject) => {
    worker.once('message', (m: { ok: boolean; code?: string | null; message?: string }) => {
      if (m.ok) resolve();
      else reject(Object.assign(new Error(`迁移 ${migration.version}-${migration.name} 失败：${m.message ?? ''}`), m.code ? { code: m.code } : {}));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`migration worker exited (${code}) without a word`)));
  });
}
