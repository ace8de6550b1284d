import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDatabase } from '../../../electron/core/storage/backup';
import { DatabaseTooNewError, openDatabase } from '../../../electron/core/storage/open-database';
import { MIGRATIONS, LATEST_SCHEMA_VERSION } from '../../../electron/core/storage/migrations';
import { makeTempDir } from '../../support/browser-shell-process';

function paths() {
  const dir = makeTempDir('db');
  return { dir, file: path.join(dir, 'data', 'counter.sqlite'), backups: path.join(dir, 'data', 'backups') };
}

describe('opening the store', () => {
  it('creates an owner-only file in WAL mode with synchronous=FULL and foreign keys on', async () => {
    const p = paths();
    const { db, schemaVersion, backupPath } = await openDatabase({ path: p.file, backupDir: p.backups });
    try {
      expect(schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(backupPath).toBeNull();
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      db.prepare(`INSERT INTO app_meta VALUES ('k', 'v')`).run();
      expect(fs.statSync(p.file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(`${p.file}-wal`).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(p.file)).mode & 0o777).toBe(0o700);
    } finally {
      db.close();
    }
  });

  it('tightens a database file that was copied in with loose permissions', async () => {
    const p = paths();
    fs.mkdirSync(path.dirname(p.file), { recursive: true });
    fs.writeFileSync(p.file, '');
    fs.chmodSync(p.file, 0o644);
    const { db } = await openDatabase({ path: p.file, backupDir: p.backups });
    db.close();
    expect(fs.statSync(p.file).mode & 0o777).toBe(0o600);
  });

  it('sees on a second start everything the first left', async () => {
    const p = paths();
    const first = await openDatabase({ path: p.file, backupDir: p.backups });
    first.db.prepare(`INSERT INTO app_meta VALUES ('left', 'by the first start')`).run();
    first.db.close();
    const second = await openDatabase({ path: p.file, backupDir: p.backups });
    try {
      expect(second.migratedFrom).toBe(LATEST_SCHEMA_VERSION);
      expect(second.db.prepare(`SELECT value FROM app_meta WHERE key = 'left'`).pluck().get()).toBe('by the first start');
    } finally {
      second.db.close();
    }
  });

  it('takes an online backup before migrating an existing database, and the backup holds the old data', async () => {
    const p = paths();
    const old = await openDatabase({ path: p.file, backupDir: p.backups, migrations: MIGRATIONS.slice(0, 2) });
    old.db.prepare(`INSERT INTO app_meta VALUES ('before', 'v2 data')`).run();
    old.db.close();

    const upgraded = await openDatabase({ path: p.file, backupDir: p.backups, now: () => new Date('2026-11-23T08:00:00Z') });
    try {
      expect(upgraded.migratedFrom).toBe(2);
      expect(upgraded.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(upgraded.backupPath).toBe(path.join(p.backups, `counter-20261123T080000Z-before-v${LATEST_SCHEMA_VERSION}.sqlite`));
      expect(fs.statSync(upgraded.backupPath ?? '').mode & 0o777).toBe(0o600);
      const backup = new Database(upgraded.backupPath ?? '', { readonly: true });
      expect(backup.pragma('user_version', { simple: true })).toBe(2);
      expect(backup.prepare(`SELECT value FROM app_meta WHERE key = 'before'`).pluck().get()).toBe('v2 data');
      expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
      backup.close();
    } finally {
      upgraded.db.close();
    }
  });

  it('refuses, unchanged, a database written by a newer version, with a message saying what to do', async () => {
    const p = paths();
    // As a newer version might leave it: its own journal mode, its own file mode.
    fs.mkdirSync(path.dirname(p.file), { recursive: true });
    const newer = new Database(p.file);
    newer.exec('CREATE TABLE future_things (id INTEGER PRIMARY KEY)');
    newer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    newer.close();
    fs.chmodSync(p.file, 0o644);
    const before = fs.readFileSync(p.file);
    const attempt = openDatabase({ path: p.file, backupDir: p.backups });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseTooNewError);
    await expect(attempt).rejects.toThrow(`结构版本 ${LATEST_SCHEMA_VERSION + 5}`);
    await expect(attempt).rejects.toThrow('请安装新版程序');
    expect(fs.readFileSync(p.file).equals(before)).toBe(true);
    expect(fs.statSync(p.file).mode & 0o777).toBe(0o644);
    const after = new Database(p.file, { readonly: true });
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    after.close();
    expect(fs.existsSync(p.backups)).toBe(false);
  });

  it('leaves the database at the last whole migration when one fails half-way', async () => {
    const p = paths();
    const broken = [
      ...MIGRATIONS.slice(0, 1),
      {
        version: 2,
        name: 'broken',
        up(db: Database.Database) {
          db.exec('CREATE TABLE half (x)');
          throw new Error('power cut in the middle of a migration');
        },
      },
    ];
    await expect(openDatabase({ path: p.file, backupDir: p.backups, migrations: broken })).rejects.toThrow('power cut');
    const db = new Database(p.file);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").pluck().get()).toBe(0);
    db.close();
  });
});

describe('backups', () => {
  it('clears away a backup cut short by a crash, and never counts it as one', async () => {
    const p = paths();
    const { db } = await openDatabase({ path: p.file, backupDir: p.backups });
    try {
      fs.mkdirSync(p.backups, { recursive: true });
      // What a power cut during a backup leaves: a file as big as the database, never renamed.
      const cut = path.join(p.backups, 'counter-20261120T020000Z-daily-2026-11-20.sqlite.partial');
      fs.writeFileSync(cut, Buffer.alloc(64 * 1024));
      const lastWritten = new Date(Date.now() - 60 * 60 * 1000);
      fs.utimesSync(cut, lastWritten, lastWritten);
      // Another process's backup, growing right now: not ours to remove.
      const growing = path.join(p.backups, 'counter-20261124T015959Z-before-v9.sqlite.partial');
      fs.writeFileSync(growing, Buffer.alloc(4096));
      const file = await backupDatabase(db, p.backups, 'daily-2026-11-24', new Date('2026-11-24T02:00:00Z'));
      expect(fs.readdirSync(p.backups).sort()).toEqual([path.basename(file), path.basename(growing)].sort());
      const copy = new Database(file, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      copy.close();
    } finally {
      db.close();
    }
  });
});
