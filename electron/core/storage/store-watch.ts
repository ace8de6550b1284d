import type { Envelope } from '../../contract/envelope';
import type { Db } from './database';
import { problemOf, type StoreProblem } from './store-startup-error';

/** What the status bar says about a store that failed while running, by what SQLite reported. */
const RUNNING_REASONS: Record<StoreProblem, string> = {
  emptied: '数据库文件已丢失，办件无法保存。请联系信息科。',
  damaged: '数据库文件已损坏，办件无法保存。请联系信息科从备份恢复。',
  not_a_database: '数据库文件已被改写，不再是本程序的数据库。请联系信息科从备份恢复。',
  read_only: '数据库文件或磁盘变成了只读，办件无法保存。请联系信息科。',
  no_permission: '没有写入数据目录的权限，办件无法保存。请联系信息科。',
  disk_full: '磁盘已满，办件无法保存。请联系信息科清理磁盘。',
  locked: '数据库被其他程序占用，办件无法保存。请关闭占用它的程序。',
  io_error: '磁盘读写出错，办件无法保存。请联系信息科检查磁盘。',
  unknown: '数据库写入失败，办件无法保存。请联系信息科。',
};

/** The reason the status bar gives for a storage failure with SQLite code `code`. */
export function runningReason(code: string): string {
  return RUNNING_REASONS[problemOf(Object.assign(new Error(code), { code })) ?? 'unknown'];
}

/** The outcome of one call for the store's health: it failed in storage, it wrote, or neither. */
export type WriteOutcome = { failed: string } | 'wrote' | null;

/**
 * Tells, after each call, whether the store failed (the dispatcher put SQLite's code in the
 * error's details) or a write went through (the connection's `total_changes()` rose and the call
 * succeeded, so its transaction committed). Reads tell nothing: a full or read-only disk still
 * reads, so only writes can say the store is saving again.
 */
export function createWriteWatch(db: Db): { after(envelope: Envelope): WriteOutcome } {
  const changes = db.prepare('SELECT total_changes()').pluck();
  let seen = changes.get() as number;
  const current = (): number => {
    try {
      return changes.get() as number;
    } catch {
      return seen;
    }
  };
  return {
    after(envelope) {
      const now = current();
      const wrote = now !== seen;
      seen = now;
      if (!envelope.ok) {
        const code = envelope.error.details?.['sqlite'];
        return typeof code === 'string' ? { failed: runningReason(code) } : null;
      }
      return wrote ? 'wrote' : null;
    },
  };
}
