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
    expect(copying[0]).toEqual({ table: 'entries', phase: 'copying', copied: 0, total: 250, checked: 0, toCheck: 0 });
    expect(copying.at(-1)).toEqual({ table: 'entries', phase: 'copying', copied: 250, total: 250, checked: 0, toCheck: 0 });
    // 199 rows in rowids 1..199 at 40 a batch, then the far ones: more than one report, never going back.
    expect(copying.length).toBeGreaterThan(5);
    for (let k = 1; k < copying.length; k++) expect(copying[k]?.copied).toBeGreaterThanOrEqual(copying[k - 1]?.copied ?? 0);
    expect(reports.map((r) => r.phase).filter((p, k, all) => p !== all[k - 1])).toEqual(['copying', 'checking', 'dropping', 'indexing']);
  });

  it('reports the references checked batch by batch, rows checked of the rows of every table pointing at it', () => {
    const db = logDatabase();
    // 120 more marks: with 40 rowids a batch, the marks take several batches.
    const mark = db.prepare('INSERT INTO marks (entry_seq) VALUES (?)');
    for (let seq = 10; seq < 130; seq++) mark.run(seq);
    const reports: RebuildProgress[] = [];
    applyMigration(db, rebuildStep(reports));
    const checking = reports.filter((r) => r.phase === 'checking');
    // marks (122 rows) and notes (1 row) point at entries; the entries' own references are unchanged.
    expect(checking.map((r) => r.toCheck)).toEqual(checking.map(() => 123));
    expect(checking[0]?.checked).toBe(0);
    expect(checking.at(-1)?.checked).toBe(123);
    expect(checking.length).toBeGreaterThan(3);
    for (let k = 1; k < checking.length; k++) expect(checking[k]?.checked).toBeGreaterThanOrEqual(checking[k - 1]?.checked ?? 0);
    expect(db.prepare('SELECT count(*) FROM marks').pluck().get()).toBe(122);
  });

  it('finds a reference pointing nowhere in a later batch, and one from a table without rowids', () => {
    const late = logDatabase();
    const mark = late.prepare('INSERT INTO marks (entry_seq) VALUES (?)');
    for (let seq = 10; seq < 130; seq++) mark.run(seq);
    late.pragma('foreign_keys = OFF');
    late.prepare('INSERT INTO marks (entry_seq) VALUES (424242)').run();
    late.pragma('foreign_keys = ON');
    let thrown: unknown;
    try {
      applyMigration(late, rebuildStep(null));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ForeignKeyCheckError);
    expect((thrown as ForeignKeyCheckError).violations).toEqual([{ table: 'marks', rowid: 424242, parent: 'entries', fkid: 0 }]);
    expect(late.pragma('user_version', { simple: true })).toBe(0);

    const withoutRowid = logDatabase();
    withoutRowid.exec(`CREATE TABLE tags (entry_id TEXT PRIMARY KEY REFERENCES entries (id)) STRICT, WITHOUT ROWID`);
    withoutRowid.prepare(`INSERT INTO tags (entry_id) VALUES ('e5')`).run();
    applyMigration(withoutRowid, rebuildStep(null));
    withoutRowid.pragma('foreign_keys = OFF');
    withoutRowid.prepare(`INSERT INTO tags (entry_id) VALUES ('nowhere')`).run();
    withoutRowid.pragma('foreign_keys = ON');
    expect(() => applyMigration(withoutRowid, { ...rebuildStep(null), version: 3 })).toThrow(ForeignKeyCheckError);
    expect(withoutRowid.pragma('user_version', { simple: true })).toBe(2);
  });

  it('refuses, as SQLite does, a new shape whose key others point at is no longer unique', () => {
    const db = logDatabase();
    // notes point at entries (id): without its UNIQUE, the reference has no key to point at.
    const notUnique = WIDER.replace('id TEXT NOT NULL UNIQUE', 'id TEXT NOT NULL');
    expect(() => applyMigration(db, rebuildStep(null, notUnique))).toThrow(/foreign key mismatch/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(250);
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

  it('finds what SQLite finds where comparing the columns would not: a child 5 declared INTEGER against a parent key \'05\' declared TEXT', () => {
    const db = logDatabase();
    db.prepare(`INSERT INTO entries (seq, id, kind, body) VALUES (1000, '05', 'a', 'numeric-looking id')`).run();
    // SQLite looks 5 up as the text '5' (the parent column's type): no such key. p.id = c.code
    // would compare them as numbers and find '05'.
    db.exec(`CREATE TABLE codes (id INTEGER PRIMARY KEY, code INTEGER REFERENCES entries (id)) STRICT`);
    db.pragma('foreign_keys = OFF');
    db.prepare('INSERT INTO codes (code) VALUES (5)').run();
    db.pragma('foreign_keys = ON');
    expect(db.pragma('foreign_key_check(codes)')).toHaveLength(1);
    let thrown: unknown;
    try {
      // As the real rebuilding steps declare: only the rebuild's own check stands between the row and the commit.
      applyMigration(db, { ...rebuildStep(null), foreignKeyCheck: 'rebuilt tables' });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ForeignKeyCheckError);
    expect((thrown as ForeignKeyCheckError).violations).toEqual([{ table: 'codes', rowid: 1, parent: 'entries', fkid: 0 }]);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
  });
});
