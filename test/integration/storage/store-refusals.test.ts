import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, openStaffAdmin, silentLogger, StoreStartupError } from '../../../electron/core';
import { backupDatabase } from '../../../electron/core/storage/backup';
import { openDatabase } from '../../../electron/core/storage/open-database';
import { createTestCore, RESOURCES_DIR, STAFF, type TestCore } from '../../support/core-fixture';
import { acceptOne, damageIndexPage, fillDisk, smallDisk } from '../../support/store-faults';
import { makeTempDir } from '../../support/temp-dirs';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** A data folder that has lived: two cases accepted, a backup taken (at a fixed time), closed. */
async function livedInFolder(): Promise<{ dataDir: string; file: string; backup: string }> {
  t = await createTestCore();
  await t.signIn();
  await acceptOne(t);
  await acceptOne(t);
  const dataDir = t.dataDir;
  await t.close();
  t = null;
  const file = path.join(dataDir, 'counter.sqlite');
  const db = new Database(file);
  const backup = await backupDatabase(db, path.join(dataDir, 'backups'), 'daily-2026-11-23', new Date('2026-11-23T08:30:00Z'));
  db.close();
  return { dataDir, file, backup };
}

async function refusal(start: Promise<unknown>): Promise<StoreStartupError> {
  const err = await start.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreStartupError);
  return err as StoreStartupError;
}

/** What every refusal must be: Chinese, no SQLite or errno English, no stack. */
function expectPlainChinese(message: string): void {
  expect(message).not.toMatch(/SQLITE|sqlite_|errno|E[A-Z]{3,}|\bat \S+:\d+|Error:|database disk image|malformed/);
  expect(message).toMatch(/[\u4e00-\u9fff]/);
}

describe('a database file that is empty or gone where a database lived', () => {
  it('refuses a 0-byte counter.sqlite in a folder with backups, names the newest backup and its time, and touches nothing', async () => {
    const { dataDir, file, backup } = await livedInFolder();
    fs.truncateSync(file, 0);
    const err = await refusal(createTestCore({ dataDir }));
    expect(err.problem).toBe('emptied');
    expect(err.message).toContain('是空的（0 字节）');
    expect(err.message).toContain('从 0001 重新开始');
    // The hall's time (Asia/Shanghai): 08:30Z is 16:30 there.
    expect(err.message).toContain(`最新的备份是 ${backup}（2026-11-23 16:30 备份）`);
    expect(err.message).toContain(`把 ${backup} 复制为 ${file}`);
    expectPlainChinese(err.message);
    expect(fs.statSync(file).size).toBe(0);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a missing counter.sqlite where backups exist, and restoring the named backup brings the cases back', async () => {
    const { dataDir, file, backup } = await livedInFolder();
    fs.rmSync(file);
    const err = await refusal(createTestCore({ dataDir }));
    expect(err.message).toContain('不见了');
    expect(fs.existsSync(file)).toBe(false);
    // Doing what the message says works: the numbering goes on after the restored cases.
    fs.copyFileSync(backup, file);
    t = await createTestCore({ dataDir });
    await t.signIn();
    expect((await acceptOne(t)).caseNumber).toMatch(/-0003$/);
  });

  it('refuses a 0-byte file whose folder has no backups but a log recording an earlier database', async () => {
    const { dataDir, file } = await livedInFolder();
    fs.rmSync(path.join(dataDir, 'backups'), { recursive: true });
    fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
    fs.writeFileSync(
      path.join(dataDir, 'logs', 'counter-2026-11-20.log'),
      `${JSON.stringify({ time: '2026-11-20T01:00:00.000Z', level: 'info', message: 'database opened', schemaVersion: 3 })}\n`,
    );
    fs.truncateSync(file, 0);
    const err = await refusal(createTestCore({ dataDir }));
    expect(err.message).toContain('counter-2026-11-20.log');
    expect(err.message).toContain('没有可用的备份');
  });

  it('refuses a 0-byte file beside a WAL that still holds data', async () => {
    const dir = makeTempDir('wal-left');
    const file = path.join(dir, 'counter.sqlite');
    fs.writeFileSync(file, '');
    fs.writeFileSync(`${file}-wal`, Buffer.alloc(8192, 3));
    const err = await refusal(openDatabase({ path: file, backupDir: path.join(dir, 'backups') }));
    expect(err.message).toContain('counter.sqlite-wal');
    expect(fs.readFileSync(`${file}-wal`).length).toBe(8192);
  });

  it('still creates the database in a truly fresh folder, empty file or none', async () => {
    const dir = makeTempDir('fresh');
    fs.writeFileSync(path.join(dir, 'counter.sqlite'), '');
    t = await createTestCore({ dataDir: dir, withStaff: false });
    expect((await t.call('app.health', {})).database.state).toBe('ok');
  });
});

describe('a damaged file is refused at start', () => {
  it('refuses a database with one index page damaged, in Chinese, naming the backup; the file is left as it was', async () => {
    const { dataDir, file, backup } = await livedInFolder();
    damageIndexPage(file, 'cases_by_applicant_name');
    const before = fs.readFileSync(file);
    const err = await refusal(createTestCore({ dataDir }));
    expect(err.problem).toBe('damaged');
    expect(err.message).toContain('已损坏（完整性检查未通过）');
    expect(err.message).toContain(backup);
    expectPlainChinese(err.message);
    // SQLite's own words are kept for the log, not lost.
    expect(err.technical).toMatch(/quick_check/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a damaged table page as well (another instance of the kind)', async () => {
    const { dataDir, file } = await livedInFolder();
    const db = new Database(file, { readonly: true });
    const root = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'case_number_sequences'").pluck().get() as number;
    db.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(16, 0xff), 0, 16, (root - 1) * 4096);
    fs.closeSync(fd);
    const err = await refusal(createTestCore({ dataDir }));
    expect(err.problem).toBe('damaged');
  });

  it('refuses a file that is not a database, without changing it', async () => {
    const dir = makeTempDir('not-db');
    const file = path.join(dir, 'counter.sqlite');
    fs.writeFileSync(file, Buffer.from('PK\u0003\u0004 this is a zip someone saved over the database'.repeat(100)));
    const before = fs.readFileSync(file);
    const err = await refusal(openDatabase({ path: file, backupDir: path.join(dir, 'backups') }));
    expect(err.problem).toBe('not_a_database');
    expect(err.message).toContain('不是本程序的数据库');
    expectPlainChinese(err.message);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a database held by another program, saying so', async () => {
    const { dataDir, file } = await livedInFolder();
    const other = new Database(file);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const err = await refusal(createTestCore({ dataDir }));
      expect(err.problem).toBe('locked');
      expect(err.message).toContain('正被其他程序占用');
      expectPlainChinese(err.message);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});

describe('an unusable folder is refused at start (real read-only and full disks)', () => {
  it('says a read-only folder is read-only, and that the file is fine', async () => {
    const disk = smallDisk(32);
    try {
      const dataDir = path.join(disk.dir, 'data');
      const admin = await openStaffAdmin(dataDir);
      await admin.add(STAFF.number, STAFF.name, STAFF.pin);
      admin.close();
      t = await createTestCore({ dataDir });
      await t.signIn();
      await acceptOne(t);
      await t.close();
      t = null;
      disk.remountReadOnly();
      const err = await refusal(
        createCore({
          dataDir,
          configFile: path.join(dataDir, 'config.json'),
          resourcesDir: RESOURCES_DIR,
          appVersion: 'test',
          logger: silentLogger,
        }),
      );
      expect(err.problem).toBe('read_only');
      expect(err.message).toContain('只读');
      expect(err.message).toContain('不必从备份恢复');
      expectPlainChinese(err.message);
    } finally {
      disk.done();
    }
  });

  it('says a full disk is full', async () => {
    const disk = smallDisk(4);
    try {
      const dataDir = path.join(disk.dir, 'data');
      fs.mkdirSync(dataDir);
      fillDisk(disk.dir);
      const err = await refusal(
        createCore({ dataDir, configFile: null, resourcesDir: RESOURCES_DIR, appVersion: 'test', logger: silentLogger }),
      );
      expect(err.problem).toBe('disk_full');
      expect(err.message).toContain('磁盘已满');
      expectPlainChinese(err.message);
    } finally {
      disk.done();
    }
  });
});

describe('a damage found after start (a large store whose check outlasts the start-up budget)', () => {
  it('stops writes with the same message and turns health to error, while the window stays up', async () => {
    const { dataDir, file, backup } = await livedInFolder();
    damageIndexPage(file, 'cases_by_applicant_name');
    const core = await createCore({
      dataDir,
      configFile: path.join(dataDir, 'config.json'),
      resourcesDir: RESOURCES_DIR,
      appVersion: 'test',
      logger: silentLogger,
      healthIntervalMs: 60_000,
      // No time at all: the verdict always arrives after start, as on a million-case store.
      integrityBudgetMs: 0,
    });
    try {
      const until = Date.now() + 10_000;
      let health = await core.invoke('app.health', {});
      while (health.ok && (health.value as { database: { state: string } }).database.state === 'ok' && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        health = await core.invoke('app.health', {});
      }
      const database = health.ok ? (health.value as { database: { state: string; detail: string } }).database : null;
      expect(database?.state).toBe('error');
      expect(database?.detail).toContain('已损坏');
      expect(database?.detail).toContain(backup);
      const signIn = await core.invoke('session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
      expect(signIn.ok).toBe(false);
      if (!signIn.ok) {
        expect(signIn.error.code).toBe('unavailable');
        expect(signIn.error.message).toContain('已损坏（完整性检查未通过）');
      }
    } finally {
      await core.close();
    }
  });
});
