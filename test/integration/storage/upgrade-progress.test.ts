import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { StartProgress } from '../../../electron/contract/start-progress';
import { backupBeforeMigration } from '../../../electron/core/storage/backup';
import { applyIndexStepOffThread } from '../../../electron/core/storage/index-off-thread';
import type { Migration } from '../../../electron/core/storage/migration';
import { LATEST_SCHEMA_VERSION } from '../../../electron/core/storage/migrations';
import { openDatabase } from '../../../electron/core/storage/open-database';
import { StoreStartupError } from '../../../electron/core/storage/store-startup-error';
import { damageIndexPage } from '../../support/store-faults';
import { makeTempDir } from '../../support/temp-dirs';
import { version8File } from '../core/migration-fixture';

/** Three batches of the reference check's outbox (rebuild-table.ts checks at most 5,000 rowids a statement). */
const EVENTS = 12_000;

/** The phases in the order first heard, each once. */
function phasesOf(reports: readonly StartProgress[]): string[] {
  return reports.map((p) => p.phase).filter((p, k, all) => p !== all[k - 1]);
}

describe('what the start screen hears while a version-8 store is upgraded', () => {
  it('hears every stage that used to be silent: the integrity check, the backup to its end, the reference check row by row, each commit', async () => {
    const dir = makeTempDir('upgrade-progress');
    const file = version8File(dir, EVENTS);
    const heard: StartProgress[] = [];
    // Every batch told (progressIntervalMs 0); a budget no small file's check outlasts, so its end is heard.
    const opened = await openDatabase({ path: file, backupDir: path.join(dir, 'backups'), logsDir: null, integrityBudgetMs: 60_000, progressIntervalMs: 0, onProgress: (p) => heard.push(p) });
    try {
      expect(opened.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      // What the worker built is this connection's to use.
      const plan = opened.db.prepare(`EXPLAIN QUERY PLAN SELECT seq FROM events WHERE stream_type = 'staff' AND occurred_at <= ? ORDER BY occurred_at DESC`).all('2026-12-01') as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/events_staff_by_time/);
    } finally {
      await opened.integrityCheck?.cancel();
      opened.db.close();
    }

    // The integrity check first, told at once (before its verdict) and at its end.
    expect(heard[0]).toEqual({ stage: 'check', step: 9, steps: LATEST_SCHEMA_VERSION, phase: 'checking', percent: 0 });
    expect(heard.filter((p) => p.stage === 'check').at(-1)).toEqual({ stage: 'check', step: 9, steps: LATEST_SCHEMA_VERSION, phase: 'done', percent: 100 });
    // Then the stages in order, none coming back.
    expect(heard.map((p) => p.stage).filter((s, k, all) => s !== all[k - 1])).toEqual(['check', 'backup', 'migrate', 'checkpoint']);

    // The backup from 0 % to its end, never going back.
    const backup = heard.filter((p) => p.stage === 'backup');
    expect(backup[0]?.percent).toBe(0);
    expect(backup.at(-1)).toEqual({ stage: 'backup', step: 9, steps: LATEST_SCHEMA_VERSION, phase: 'done', percent: 100 });
    expect(backup.map((p) => p.percent)).toEqual([...backup.map((p) => p.percent)].sort((a, b) => a - b));

    // Step 9 rebuilds the event log: the copy, then the references to it checked batch by batch
    // (12,000 outbox rows and a document: four batches after the first report), the drop, the
    // indexes, the commit, each said.
    const step9 = heard.filter((p) => p.stage === 'migrate' && p.step === 9);
    expect(phasesOf(step9)).toEqual(['running', 'copying', 'checking', 'dropping', 'indexing', 'committing', 'done']);
    const checking = step9.filter((p) => p.phase === 'checking').map((p) => p.percent);
    expect(checking.length).toBeGreaterThanOrEqual(5);
    expect(checking[0]).toBe(90);
    expect(checking.at(-1)).toBe(96);
    expect(new Set(checking).size).toBeGreaterThan(2);
    expect(step9.map((p) => p.percent)).toEqual([...step9.map((p) => p.percent)].sort((a, b) => a - b));
    expect(step9.slice(-2).map((p) => p.percent)).toEqual([99, 100]);

    // Every step run here says it commits before it is done.
    for (let step = 9; step < 19; step++) {
      const told = heard.filter((p) => p.stage === 'migrate' && p.step === step);
      expect(told.slice(-2).map((p) => p.phase), `step ${step}`).toEqual(['committing', 'done']);
    }
    // Step 19 only builds an index over the whole event log: in a worker, told as building it
    // (at 0 %: it has no measure of its own) until it is done.
    const step19 = heard.filter((p) => p.stage === 'migrate' && p.step === 19);
    expect(phasesOf(step19)).toEqual(['running', 'indexing', 'done']);
    expect(step19.map((p) => p.percent)).toEqual([...step19.slice(0, -1).map(() => 0), 100]);
    expect(heard.at(-1)).toEqual({ stage: 'checkpoint', step: LATEST_SCHEMA_VERSION, steps: LATEST_SCHEMA_VERSION, phase: 'done', percent: 100 });
  }, 60_000);

  it('hears nothing when there is nothing to upgrade', async () => {
    const dir = makeTempDir('upgrade-progress-none');
    const file = version8File(dir, 10);
    const first = await openDatabase({ path: file, backupDir: path.join(dir, 'backups'), logsDir: null });
    await first.integrityCheck?.cancel();
    first.db.close();
    const heard: StartProgress[] = [];
    const second = await openDatabase({ path: file, backupDir: path.join(dir, 'backups'), logsDir: null, progressIntervalMs: 0, onProgress: (p) => heard.push(p) });
    await second.integrityCheck?.cancel();
    second.db.close();
    expect(heard).toEqual([]);
  });
});

describe('a damaged store before an upgrade', () => {
  it('is refused, never migrated, even when its check outlasts the start-up budget (a large store)', async () => {
    const dir = makeTempDir('upgrade-damaged');
    const file = version8File(dir, 2_000);
    const probe = new Database(file, { readonly: true });
    const index = probe.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name LIMIT 1").pluck().get() as string;
    probe.close();
    damageIndexPage(file, index);
    // No budget at all: on a normal start the verdict would come after start; before an upgrade it is waited for.
    await expect(openDatabase({ path: file, backupDir: path.join(dir, 'backups'), logsDir: null, integrityBudgetMs: 0 })).rejects.toBeInstanceOf(StoreStartupError);
    const after = new Database(file, { readonly: true });
    try {
      expect(after.pragma('user_version', { simple: true })).toBe(8);
    } finally {
      after.close();
    }
  });
});

describe('the backup before migrating, in a thread of its own', () => {
  it('tells 0 % at once, never goes back, ends at 100 % with a whole copy holding the old rows', async () => {
    const dir = makeTempDir('backup-before-migration');
    const file = version8File(dir, 5_000);
    const told: number[] = [];
    const copy = await backupBeforeMigration(file, path.join(dir, 'backups'), 'before-v19', new Date('2026-12-01T08:00:00Z'), (p) => told.push(p), 1);
    expect(path.basename(copy)).toBe('counter-20261201T080000Z-before-v19.sqlite');
    expect(told[0]).toBe(0);
    expect(told.at(-1)).toBe(100);
    expect(told.filter((p) => p === 100)).toHaveLength(1);
    expect(told).toEqual([...told].sort((a, b) => a - b));
    const backup = new Database(copy, { readonly: true });
    try {
      expect(backup.pragma('user_version', { simple: true })).toBe(8);
      expect(backup.prepare('SELECT count(*) FROM events').pluck().get()).toBe(5_000);
      expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      backup.close();
    }
  });

  it('fails with SQLite’s code and leaves no partial copy when the database cannot be read', async () => {
    const dir = makeTempDir('backup-before-migration-fails');
    const missing = path.join(dir, 'nowhere.sqlite');
    await expect(backupBeforeMigration(missing, path.join(dir, 'backups'), 'before-v19', new Date('2026-12-01T08:00:00Z'), () => undefined, 400)).rejects.toMatchObject({
      code: 'SQLITE_CANTOPEN',
    });
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual([]);
  });
});

describe('a step that only creates indexes, in a thread of its own', () => {
  it('commits the index with its schema version, and refuses a file not at the version before it, changing nothing', async () => {
    const dir = makeTempDir('index-off-thread');
    const file = version8File(dir, 100);
    const step: Migration & { indexSql: string } = { version: 9, name: 'by-type', indexSql: 'CREATE INDEX events_by_type ON events (type)', up: () => undefined };
    await applyIndexStepOffThread(file, step);
    const db = new Database(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(9);
      expect(db.prepare(`SELECT name FROM sqlite_schema WHERE name = 'events_by_type'`).pluck().get()).toBe('events_by_type');
    } finally {
      db.close();
    }
    await expect(applyIndexStepOffThread(file, { ...step, version: 11, indexSql: 'CREATE INDEX events_by_time ON events (occurred_at)' })).rejects.toThrow(/schema version 9, expected 10/);
    const after = new Database(file, { readonly: true });
    try {
      expect(after.pragma('user_version', { simple: true })).toBe(9);
      expect(after.prepare(`SELECT name FROM sqlite_schema WHERE name = 'events_by_time'`).get()).toBeUndefined();
    } finally {
      after.close();
    }
  });
});
