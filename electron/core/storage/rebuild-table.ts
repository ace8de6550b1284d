import type { Db } from './database';
import { ForeignKeyCheckError } from './migration';

/** Where a rebuild is: copying rows, freeing the old table's pages, putting back the indexes, triggers and views, checking references. */
export type RebuildPhase = 'copying' | 'dropping' | 'indexing' | 'checking';

/** One report of a rebuild: `copied` of `total` rows so far (both whole numbers; `total` counted before the copy). */
export interface RebuildProgress {
  table: string;
  phase: RebuildPhase;
  copied: number;
  total: number;
}

export interface RebuildTableOptions {
  /** The table to rebuild (a rowid table; its rowids are kept, so rows pointing at them stay right). */
  table: string;
  /**
   * `CREATE TABLE <table>_new (…)`: the new shape. Columns it shares by name with the old table
   * are copied as they are; a column the old one lacks gets its DEFAULT (NULL without one).
   */
  createNew: string;
  /** Called after each batch and at each phase; synchronous, and cheap (called every `batchRows`). */
  onProgress?: (progress: RebuildProgress) => void;
  /** Rowids per copy batch; default REBUILD_BATCH_ROWS. */
  batchRows?: number;
}

/**
 * Rowids copied per statement. Small enough that a batch takes a fraction of a second on a slow
 * PC (≈ 25,000 events of ≈ 1 KB), so progress is reported more than once a second; large enough
 * that the per-statement cost is lost in the copy.
 */
export const REBUILD_BATCH_ROWS = 25_000;

/**
 * The page cache during a rebuild, in KiB (SQLite's negative cache_size): the new table's
 * unique indexes take their rows in key order from a rowid-ordered copy, and a cache that holds
 * their upper levels and the pages being filled keeps that from reading back pages it just wrote.
 * Given back when the rebuild ends. 256 MiB: a hall PC has 4 GB or more.
 */
export const REBUILD_CACHE_KIB = 256 * 1024;

interface SchemaObject {
  type: 'index' | 'trigger' | 'view';
  name: string;
  sql: string;
}

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Rebuilds `table` into a new shape by SQLite's 12-step procedure
 * (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes"),
 * for the changes SQLite cannot make in place (a CHECK, a column constraint, a UNIQUE):
 * 1. reads the table's own indexes and triggers, every view, and every other table's trigger
 *    naming it, from sqlite_schema (so whatever any step put there comes along);
 * 2. drops those views and other triggers (the rename below would refuse a schema naming a
 *    table that is gone for a moment);
 * 3. creates `<table>_new` and copies every row into it in rowid order, `batchRows` rowids per
 *    statement, reporting rows copied of the total counted first;
 * 4. checks that every row was copied, drops the old table, renames the new one;
 * 5. creates the indexes, then the triggers, views and other triggers again, as they were;
 * 6. runs `PRAGMA foreign_key_check` on every table pointing at it, and on the table itself when
 *    the new shape adds or changes a reference of its own (copied rows keep the ones they had).
 *
 * The caller owns the transaction and must have foreign keys off (migration.ts's
 * `foreignKeysOff`): dropping a table others point at would otherwise fail or cascade. The copy
 * is in batches only to report progress; nothing is committed until the caller commits, so a
 * crash anywhere leaves the table as it was.
 * @throws Error when not in a transaction, with foreign keys on, for a WITHOUT ROWID table, or
 *   when fewer rows arrived than were there; ForeignKeyCheckError for a dangling reference.
 */
export function rebuildTable(db: Db, options: RebuildTableOptions): { copied: number } {
  const { table } = options;
  const next = `${table}_new`;
  if (!db.inTransaction) throw new Error(`rebuildTable(${table}) must run inside the migration's transaction`);
  if (db.pragma('foreign_keys', { simple: true }) !== 0) throw new Error(`rebuildTable(${table}) needs foreign keys off (the migration's foreignKeysOff)`);
  const report = (phase: RebuildPhase, copied: number, total: number): void => options.onProgress?.({ table, phase, copied, total });
  const listed = db.prepare('SELECT wr FROM pragma_table_list WHERE schema = ? AND name = ?').get('main', table) as { wr: number } | undefined;
  if (listed?.wr === 1) throw new Error(`rebuildTable(${table}): a WITHOUT ROWID table has no rowid order to copy by`);

  const own = db
    .prepare(`SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name`)
    .all(table) as SchemaObject[];
  const views = db.prepare(`SELECT type, name, sql FROM sqlite_schema WHERE type = 'view' AND sql IS NOT NULL ORDER BY rowid`).all() as SchemaObject[];
  // A trigger on another table that reads or writes this one: matched on its text, which may
  // catch a trigger that only mentions the name in a string — recreating it as it was is harmless.
  const otherTriggers = (
    db.prepare(`SELECT type, name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name <> ? AND sql IS NOT NULL ORDER BY rowid`).all(table) as SchemaObject[]
  ).filter((t) => t.sql.toLowerCase().includes(table.toLowerCase()));
  for (const view of views) db.exec(`DROP VIEW ${quoted(view.name)}`);
  for (const trigger of otherTriggers) db.exec(`DROP TRIGGER ${quoted(trigger.name)}`);

  const previousCache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${-REBUILD_CACHE_KIB}`);
  try {
    db.exec(options.createNew);
    const oldColumns = columnsOf(db, table);
    const newColumns = columnsOf(db, next);
    if (newColumns.length === 0) throw new Error(`rebuildTable(${table}): createNew made no table named ${next}`);
    if (oldColumns.length === 0) throw new Error(`rebuildTable(${table}): no such table`);
    const shared = newColumns.filter((c) => oldColumns.includes(c)).map(quoted).join(', ');

    const total = db.prepare(`SELECT count(*) FROM ${quoted(table)}`).pluck().get() as number;
    report('copying', 0, total);
    const copyRange = db.prepare(`INSERT INTO ${quoted(next)} (${shared}) SELECT ${shared} FROM ${quoted(table)} WHERE rowid > ? AND rowid <= ? ORDER BY rowid`);
    const nextRowid = db.prepare(`SELECT min(rowid) FROM ${quoted(table)} WHERE rowid > ?`).pluck();
    const lastRowid = db.prepare(`SELECT max(rowid) FROM ${quoted(table)}`).pluck().get() as number | null;
    const batch = Math.max(1, options.batchRows ?? REBUILD_BATCH_ROWS);
    let copied = 0;
    if (lastRowid !== null) {
      // Rowid ranges, not LIMIT/OFFSET: each batch finds its start by the table's own b-tree.
      let from = (nextRowid.get(Number.MIN_SAFE_INTEGER) as number) - 1;
      while (from < lastRowid) {
        const to = Math.min(lastRowid, from + batch);
        const added = copyRange.run(from, to).changes;
        copied += added;
        from = to;
        // Rowids far apart (rows deleted long ago): jump to the next one instead of counting up to it.
        if (added === 0 && from < lastRowid) from = (nextRowid.get(from) as number) - 1;
        report('copying', copied, total);
      }
    }
    if (copied !== total) throw new Error(`${table} 复制不完整：${copied} / ${total}`);
    // Rows copied as they were keep every reference they had; only a reference the new shape
    // adds or changes can find a row pointing nowhere. Checking the unchanged ones would read
    // the whole table again (minutes for a large event log) to learn nothing.
    const ownReferencesChanged = foreignKeysOf(db, table) !== foreignKeysOf(db, next);

    // Frees every page of the old table, reading each: long on a large table, said as its own phase.
    report('dropping', copied, total);
    db.exec(`DROP TABLE ${quoted(table)}`);
    db.exec(`ALTER TABLE ${quoted(next)} RENAME TO ${quoted(table)}`);
    report('indexing', copied, total);
    for (const index of own.filter((d) => d.type === 'index')) db.exec(index.sql);
    for (const trigger of own.filter((d) => d.type === 'trigger')) db.exec(trigger.sql);
    for (const view of views) db.exec(view.sql);
    for (const trigger of otherTriggers) db.exec(trigger.sql);

    report('checking', copied, total);
    const checked = [...(ownReferencesChanged ? [table] : []), ...tablesPointingAt(db, table)];
    const violations = checked.flatMap((t) => db.prepare(`PRAGMA foreign_key_check(${quoted(t)})`).all());
    if (violations.length > 0) throw new ForeignKeyCheckError(`rebuild ${table}`, violations);
    return { copied };
  } finally {
    db.pragma(`cache_size = ${previousCache}`);
  }
}

/** The table's own foreign keys, as one comparable string. */
function foreignKeysOf(db: Db, table: string): string {
  return JSON.stringify(db.prepare(`SELECT "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq`).all(table));
}

function columnsOf(db: Db, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>).map((c) => c.name);
}

/** Every other table with a foreign key naming `table`. */
function tablesPointingAt(db: Db, table: string): string[] {
  return db
    .prepare(
      `SELECT DISTINCT m.name FROM sqlite_schema AS m, pragma_foreign_key_list(m.name) AS f
       WHERE m.type = 'table' AND m.name <> ? AND lower(f."table") = lower(?)`,
    )
    .pluck()
    .all(table, table) as string[];
}
