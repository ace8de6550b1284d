import { describe, expect, it } from 'vitest';
import { problemOf, StoreStartupError, storeStartupErrorFrom } from '../../../../electron/core/storage/store-startup-error';
import { runningReason } from '../../../../electron/core/storage/store-watch';

const coded = (code: string) => Object.assign(new Error(`english text for ${code}`), { code });
const places = { databasePath: '/nowhere/data/counter.sqlite', backupDir: '/nowhere/data/backups' };

describe('what a SQLite code or an errno says about the store', () => {
  it.each([
    ['SQLITE_CORRUPT', 'damaged'],
    ['SQLITE_CORRUPT_INDEX', 'damaged'],
    ['SQLITE_NOTADB', 'not_a_database'],
    ['SQLITE_READONLY', 'read_only'],
    ['SQLITE_READONLY_DIRECTORY', 'read_only'],
    ['EROFS', 'read_only'],
    ['SQLITE_FULL', 'disk_full'],
    ['ENOSPC', 'disk_full'],
    ['EDQUOT', 'disk_full'],
    ['SQLITE_BUSY', 'locked'],
    ['SQLITE_BUSY_SNAPSHOT', 'locked'],
    ['SQLITE_LOCKED', 'locked'],
    ['EACCES', 'no_permission'],
    ['EPERM', 'no_permission'],
    ['SQLITE_IOERR_WRITE', 'io_error'],
    ['EIO', 'io_error'],
    ['SQLITE_ERROR', 'unknown'],
  ])('%s is %s', (code, problem) => {
    expect(problemOf(coded(code))).toBe(problem);
  });

  it('leaves errors that are not storage failures alone', () => {
    expect(problemOf(new Error('no code'))).toBeNull();
    expect(problemOf(coded('ERR_INVALID_ARG_TYPE'))).toBeNull();
    const plain = new TypeError('x');
    expect(storeStartupErrorFrom(plain, places)).toBeNull();
  });

  it('keeps the English cause for the log and out of the message', () => {
    const err = storeStartupErrorFrom(coded('SQLITE_FULL'), places);
    expect(err).toBeInstanceOf(StoreStartupError);
    expect(err?.message).toContain('磁盘已满');
    expect(err?.message).toContain('备份目录 /nowhere/data/backups 中没有可用的备份');
    expect(err?.message).not.toContain('english text');
    expect(err?.technical).toContain('SQLITE_FULL');
    expect(err?.technical).toContain('english text for SQLITE_FULL');
  });

  it('gives the status bar a reason in words for each failure while running', () => {
    expect(runningReason('SQLITE_FULL')).toContain('磁盘已满');
    expect(runningReason('SQLITE_READONLY_DBMOVED')).toContain('只读');
    expect(runningReason('SQLITE_BUSY')).toContain('被其他程序占用');
    expect(runningReason('SQLITE_CORRUPT')).toContain('已损坏');
    expect(runningReason('SQLITE_WHATEVER')).toContain('写入失败');
  });
});
