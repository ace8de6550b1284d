import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TestCore } from './core-fixture';
import { FOOD_LICENCE, intakeArgs } from './intake-args';
import { makeTempDir } from './temp-dirs';

/** One complete accept through the dispatcher; returns its case number. */
export async function acceptOne(t: TestCore, clientRequestId?: string): Promise<{ caseId: string; caseNumber: string }> {
  const food = await t.call('catalog.getItem', FOOD_LICENCE);
  const args = intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' });
  const detail = await t.call('intake.submit', clientRequestId ? { ...args, clientRequestId } : args);
  return { caseId: detail.id, caseNumber: detail.caseNumber };
}

/**
 * Damages one page of an index in a closed database file, as a failing disk sector would:
 * the index's root page (from sqlite_schema.rootpage) gets garbage over its header and first
 * cells. The table's own pages are untouched, so the file still opens and reads.
 */
export function damageIndexPage(databaseFile: string, indexName: string): number {
  const db = new Database(databaseFile, { readonly: true });
  const root = db.prepare("SELECT rootpage FROM sqlite_schema WHERE type = 'index' AND name = ?").pluck().get(indexName) as number | undefined;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  if (!root) throw new Error(`no index ${indexName}`);
  const fd = fs.openSync(databaseFile, 'r+');
  try {
    fs.writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, (root - 1) * pageSize);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return root;
}

/**
 * A small tmpfs of its own, for a disk that really fills up or really turns read-only (root
 * only: `npm test` runs as root, see README). Unmounted when `done` is called.
 */
export function smallDisk(megabytes: number): { dir: string; remountReadOnly(): void; done(): void } {
  if (process.getuid?.() !== 0) throw new Error('this test mounts a small tmpfs and must run as root (README: npm test runs as root)');
  const dir = makeTempDir('small-disk');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0700`, 'tmpfs', dir]);
  return {
    dir,
    remountReadOnly() {
      execFileSync('mount', ['-o', 'remount,ro', dir]);
    },
    done() {
      try {
        execFileSync('umount', ['-l', dir]);
      } catch {
        // Already gone.
      }
    },
  };
}

/** Writes into `dir` until the disk is full; returns the filler file to delete for space again. */
export function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler.bin');
  const fd = fs.openSync(filler, 'w');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) fs.writeSync(fd, block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
  // Whatever the last block left.
  const small = fs.openSync(filler, 'a');
  try {
    for (;;) fs.writeSync(small, Buffer.alloc(512, 1));
  } catch {
    // Full to the byte.
  } finally {
    fs.closeSync(small);
  }
  return filler;
}
