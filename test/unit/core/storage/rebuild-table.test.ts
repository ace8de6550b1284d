import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../electron/core/storage/database';
import { applyMigration, ForeignKeyCheckError, type Migration } from '../../../../electron/core/storage/migration';
import { rebuildTable, type RebuildProgress } from '../../../../electron/core/storage/rebuild-table';

/** A log with rows pointing at it, an index, a trigger of its own, a view and another table's trigger naming it. */
function logDatabase(): Db {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  db.exec(`
    CREATE TABLE entries (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL CHECK (kind IN ('a', 'b')), body TEXT NOT NULL) STRICT;
    CREATE INDEX entries_by_kind ON entries (kind, seq);
    CREATE TRIGGER entries_append_only BEFORE DELETE ON entries BEGIN SELECT RAISE(ABORT, 'entries are append-only'); END;
    CREATE TABLE marks (entry_seq INTEGER PRIMARY KEY REFERENCES entries (seq)) STRICT;
    CREATE TABLE notes (id INTEGER PRIMARY KEY, entry_id TEXT REFERENCES entries (id)) STRICT;
    CREATE TRIGGER notes_need_b BEFORE INSERT ON notes
      WHEN (SELECT kind FROM entries WHERE id = NEW.entry_id) <> 'b' BEGIN SELECT RAISE(ABORT, 'notes are for b entries'); END;
    CREATE VIEW b_entries AS SELECT seq, id FROM entries WHERE kind = 'b';
  `);
  const add = db.prepare(`INSERT INTO entries (seq, id, kind, body) VALUES (?, ?, ?, ?)`);
  // Rowids with a wide gap (rows long deleted), so a batch finds nothing between them.
  for (let i = 1; i <= 250; i++) add.run(i < 200 ? i : i * 100_000, `e${i}`, i % 2 ? 'a' : 'b', `body ${i}`);
  db.prepare('INSERT INTO marks (entry_seq) VALUES (?)').run(3);
  db.prepare('INSERT INTO marks (entry_seq) VALUES (?)').run(250 * 100_000);
  db.prepare(`INSERT INTO notes (entry_id) VALUES ('e2')`).run();
  return db;
}

const WIDER = `CREATE TABLE entries_new (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL CHECK (kind IN ('a', 'b', 'c')),
  body TEXT NOT NULL, flag INTEGER NOT NULL DEFAULT 7) STRICT`;

function rebuildStep(onReports: RebuildProgress[] | null, createNew = WIDER): Migration {
  return {
    version: 2,
    name: 'wider',
    foreignKeysOff: true,
    up(db, onProgress) {
      rebuildTable(db, {
        table: 'entries',
        createNew,
        batchRows: 40,
        onProgress: (p) => {
          onReports?.push(p);
          onProgress?.(p);
        },
      });
    },
  };
}

describe('rebuildTable', () => {
  it('keeps every row at its rowid, fills a new column with its default, and brings back the index, triggers and view', () => {
    const db = logDatabase();
    const before = db.prepare('SELECT seq, id, kind, body FROM entries ORDER BY seq').all();
    applyMigration(db, rebuildStep(null));
    expect(db.prepare('SELECT seq, id, kind, body FROM entries ORDER BY seq').all()).toEqual(before);
    expect(db.prepare('SELECT DISTINCT flag FROM entries').pluck().all()).toEqual([7]);
    // The new CHECK is the table's now.
    db.prepare(`INSERT INTO entries (id, kind, body) VALUES ('c1', 'c', 'x')`).run();
    expect(() => db.prepare(`INSERT INTO entries (id, kind, body) VALUES ('d1', 'd', 'x')`).run()).toThrow(/CHECK/);
    // Its own trigger and index, the view, and the other table's trigger, as they were.
    expect(() => db.prepare(`DELETE FROM entries WHERE id = 'e1'`).run()).toThrow(/append-only/);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT seq FROM entries WHERE kind = 'b' ORDER BY seq`).all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/entries_by_kind/);
    expect(db.prepare('SELECT count(*) FROM b_entries').pluck().get()).toBe(125);
    expect(() => db.prepare(`INSERT INTO notes (entry_id) VALUES ('e1')`).run()).toThrow(/notes are for b entries/);
    // References into the rebuilt table still hold.
    expect(() => db.prepare('INSERT INTO marks (entry_seq) VALUES (424242)').run()).toThrow(/FOREIGN KEY/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare(`SELECT name FROM sqlite_schema WHERE name = 'entries_new'`).get()).toBeUndefined();
  });

  it('reports rows copied of the total, in batches, rising to all of them, then the index and check phases', () => {
    const db = logDatabase();
    const reports: RebuildProgress[] = [];
    applyMigration(db, rebuildStep(reports));
    const copying = reports.filter((r) => r.phase === 'copying');
    expect(copying[0]).toEqual({ table: 'entries', phase: 'copying', copied: 0, total: 250 });
    expect(copying.at(-1)).toEqual({ table: 'entries', phase: 'copying', copied: 250, total: 250 });
    // 199 rows in rowids 1..199 at 40 a batch, then the far ones: more than one report, never going back.
    expect(copying.length).toBeGreaterThan(5);
    for (let k = 1; k < copying.length; k++) expect(copying[k]?.copied).toBeGreaterThanOrEqual(copying[k - 1]?.copied ?? 0);
    expect(reports.map((r) => r.phase).filter((p, k, all) => p !== all[k - 1])).toEqual(['copying', 'dropping', 'indexing', 'checking']);
  });

  it('leaves the table as it was when a row does not fit the new shape, the whole step rolled back', () => {
    const db = logDatabase();
    const narrower = WIDER.replace(`'a', 'b', 'c'`, `'a'`);
    expect(() => applyMigration(db, rebuildStep(null, narrower))).toThrow(/CHECK/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(250);
    expect(db.prepare('SELECT count(*) FROM b_entries').pluck().get()).toBe(125);
    expect(db.prepare(`SELECT name FROM sqlite_schema WHERE name = 'entries_new'`).get()).toBeUndefined();
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('checks a reference the new shape adds: a copied row pointing nowhere rolls the step back', () => {
    const db = logDatabase();
    db.exec('CREATE TABLE owners (id INTEGER PRIMARY KEY) STRICT');
    const pointing = WIDER.replace('flag INTEGER NOT NULL DEFAULT 7', 'flag INTEGER NOT NULL DEFAULT 7 REFERENCES owners (id)');
    expect(() => applyMigration(db, rebuildStep(null, pointing))).toThrow(ForeignKeyCheckError);
    expect(db.prepare(`SELECT name FROM pragma_table_info('entries') WHERE name = 'flag'`).get()).toBeUndefined();
    db.prepare('INSERT INTO owners (id) VALUES (7)').run();
    applyMigration(db, rebuildStep(null, pointing));
    expect(db.prepare('SELECT count(*) FROM entries WHERE flag = 7').pluck().get()).toBe(250);
  });

  it('refuses to run outside a transaction or with foreign keys on', () => {
    const db = logDatabase();
    expect(() => rebuildTable(db, { table: 'entries', createNew: WIDER })).toThrow(/transaction/);
    expect(() => db.transaction(() => rebuildTable(db, { table: 'entries', createNew: WIDER }))()).toThrow(/foreign keys off/);
    expect(db.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(250);
  });

  it('refuses a rebuild that leaves a row of another table pointing nowhere', () => {
    const db = logDatabase();
    const dropping: Migration = {
      version: 2,
      name: 'dropping',
      foreignKeysOff: true,
      up(target) {
        // A row others point at gone in the same step (its trigger out of the way first): the
        // rebuild's own check finds the mark pointing at nothing, and the step rolls back.
        target.exec(`DROP TRIGGER entries_append_only`);
        target.exec(`DELETE FROM entries WHERE seq = 3`);
        rebuildTable(target, { table: 'entries', createNew: WIDER });
      },
    };
    let thrown: unknown;
    try {
      applyMigration(db, dropping);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ForeignKeyCheckError);
    expect(db.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(250);
  });
});
