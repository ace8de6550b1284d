import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkpointAfterMigration } from '../../../electron/core/storage/checkpoint-after-migration';
import { walProgress } from '../../../electron/core/storage/wal-index';
import { makeTempDir } from '../../support/temp-dirs';

describe('the checkpoint after a migration', () => {
  it('copies the whole WAL into the database file from a worker, telling the percent up to 100, while the caller stays open', async () => {
    const file = path.join(makeTempDir('migration-checkpoint'), 'counter.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    // As during a migration: no automatic checkpoint, so the commit leaves every page in the WAL.
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const add = db.prepare('INSERT INTO t (body) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) add.run('受理'.repeat(100));
    })();
    const before = walProgress(file);
    expect(before?.mxFrame).toBeGreaterThan(1000);
    expect(before?.nBackfill).toBe(0);

    const percents: number[] = [];
    const result = await checkpointAfterMigration(file, (p) => percents.push(p), 5);
    expect(result.ok).toBe(true);
    const after = walProgress(file);
    expect(after?.nBackfill).toBe(after?.mxFrame);
    expect(percents.at(-1)).toBe(100);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    // Nothing lost, and the caller's connection still works.
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(20_000);
    db.close();
  });

  it('does not wait for a reader still reading the file as it was (it would hang here if it did)', async () => {
    const file = path.join(makeTempDir('migration-checkpoint'), 'counter.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    db.pragma('wal_checkpoint(TRUNCATE)');
    // The start-up integrity check's position: a read begun before the migration wrote anything.
    const reader = new Database(file, { readonly: true });
    const reading = reader.prepare('SELECT id FROM t').iterate();
    reading.next();
    db.transaction(() => {
      for (let i = 0; i < 2_000; i++) db.prepare('INSERT INTO t (body) VALUES (?)').run('x'.repeat(500));
    })();
    const result = await checkpointAfterMigration(file, () => undefined, 5);
    expect(result.ok).toBe(true);
    reading.return?.();
    reader.close();
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2_000);
    db.close();
  });
});
