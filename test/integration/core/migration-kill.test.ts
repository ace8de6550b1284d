import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StartProgress } from '../../../electron/contract/start-progress';
import type { Db } from '../../../electron/core/storage/database';
import { LATEST_SCHEMA_VERSION } from '../../../electron/core/storage/migrations';
import { openDatabase } from '../../../electron/core/storage/open-database';
import { REPO_ROOT } from '../../support/browser-shell-process';
import { makeTempDir } from '../../support/temp-dirs';
import { version8File } from './migration-fixture';

// Bundled next to node_modules, as kill-during-accept.test.ts does, so the child resolves
// better-sqlite3 as the app does and starts quickly.
const CHILD = path.join(REPO_ROOT, 'node_modules', '.cache', 'counter-tests', 'migration-child.cjs');

/** Ten copy batches' worth (rebuild-table.ts REBUILD_BATCH_ROWS), so a kill after the first lands mid-copy. */
const EVENTS = 100_000;

beforeAll(async () => {
  await build({
    entryPoints: [path.join(__dirname, 'migration-child.ts')],
    outfile: CHILD,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3'],
    logLevel: 'warning',
    // node-require.ts reads import.meta only where `require` does not exist (as scripts/build.mjs says).
    logOverride: { 'empty-import-meta': 'silent' },
  });
});

/** Every event and outbox row, reduced to one digest (and counts, for a readable failure). */
function digest(db: Db): { events: number; outbox: number; documents: number; sha256: string } {
  const hash = crypto.createHash('sha256');
  for (const row of db.prepare('SELECT seq, id, stream_id, stream_version, type, payload FROM events ORDER BY seq').raw().iterate()) hash.update(JSON.stringify(row));
  return {
    events: db.prepare('SELECT count(*) FROM events').pluck().get() as number,
    outbox: db.prepare('SELECT count(*) FROM outbox').pluck().get() as number,
    documents: db.prepare('SELECT count(*) FROM issued_documents').pluck().get() as number,
    sha256: hash.digest('hex'),
  };
}

/** Runs the child on `file` and SIGKILLs it once it reports step 9 has copied rows (not all); returns what it reported. */
function migrateAndKill(file: string): Promise<StartProgress[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const heard: StartProgress[] = [];
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const p = JSON.parse(line) as StartProgress;
        heard.push(p);
        if (p.stage === 'migrate' && p.step === 9 && p.phase === 'copying' && p.percent > 0) child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(heard);
      else reject(new Error(`the child finished (${code}) before it could be killed mid-copy: ${err.slice(-500)} ${JSON.stringify(heard.slice(-3))}`));
    });
  });
}

describe('a migration killed mid-copy', () => {
  it('leaves the file at version 8 with every row, and the next start migrates it with every row there', async () => {
    const file = version8File(makeTempDir('migration-kill'), EVENTS);
    const before = new Database(file, { readonly: true });
    const kept = digest(before);
    before.close();
    expect(kept).toMatchObject({ events: EVENTS, outbox: EVENTS, documents: 1 });

    const heard = await migrateAndKill(file);
    // It was killed while copying the event log, partway, after the backup.
    expect(heard.some((p) => p.stage === 'backup' && p.phase === 'done')).toBe(true);
    const last = heard.at(-1);
    expect(last).toMatchObject({ stage: 'migrate', step: 9, phase: 'copying' });
    expect(last?.percent).toBeLessThan(90);

    // As the crash left it (SQLite rolls the hot WAL's uncommitted frames away on open): version 8, nothing half-made.
    const crashed = new Database(file);
    expect(crashed.pragma('user_version', { simple: true })).toBe(8);
    expect(crashed.prepare(`SELECT name FROM sqlite_schema WHERE name IN ('events_new', 'ratings')`).all()).toEqual([]);
    expect(digest(crashed)).toEqual(kept);
    crashed.close();

    // The next start: opens, migrates to the latest version, and every row is there.
    const opened = await openDatabase({ path: file, backupDir: path.join(path.dirname(file), 'backups'), logsDir: null });
    try {
      expect(opened.migratedFrom).toBe(8);
      expect(opened.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(digest(opened.db)).toEqual(kept);
      expect(opened.db.pragma('foreign_key_check')).toEqual([]);
      expect(opened.db.pragma('quick_check', { simple: true })).toBe('ok');
      // The log is still append-only after its rebuild.
      expect(() => opened.db.prepare(`DELETE FROM events WHERE id = 'e1'`).run()).toThrow(/append-only/);
    } finally {
      await opened.integrityCheck?.cancel();
      opened.db.close();
    }
  }, 120_000);
});
