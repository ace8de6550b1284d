import type { Db } from './database';
import { ForeignKeyCheckError } from './migration';

/** Where a rebuild is, in this order: copying rows, checking references, freeing the old table's pages, putting back the indexes, triggers and views. */
export type RebuildPhase = 'copying' | 'dropping' | 'indexing' | 'checking';

/**
 * One report of a rebuild: `copied` of `total` rows so far (both whole numbers; `total` counted
 * before the copy); while `checking`, `checked` of `toCheck` rows whose references were checked
 * (the rows of every table checked, counted before the check; both 0 until then).
 */
export interface RebuildProgress {
  table: string;
  phase: RebuildPhase;
  copied: number;
  total: number;
  checked: number;
  toCheck: number;
}

export interface RebuildTableOptions {
  /** The table to rebuild (a rowid table; its rowids are kept, so rows pointing at them stay right). */
  table: string;
  /**
   * `CREATE TABLE <table>_new (…)`: the new shape. Columns it shares by name with the old table
   * are copied as they are; a column the old one lacks gets its DEFAULT (NULL without one).
   */
  createNew: string;
  /** Called after each batch (of the copy and of the reference check) and at each phase; synchronous, and cheap (called every `batchRows`). */
  onProgress?: (progress: RebuildProgress) => void;
  /** Rowids per batch of the copy and of the reference check; default REBUILD_BATCH_ROWS. */
  batchRows?: number;
}

/**
 * Rowids copied per statement. Small enough that a batch takes a fraction of a second on a slow
 * PC, so progress is reported more than once a second: at 25,000 events of ≈ 1 KB a batch took
 * up to 0.74 s on bench:migration's busy 2-core VM with the file not yet in the page cache, too
 * near the second; large enough that the per-statement cost is lost in the copy.
 */
export const REBUILD_BATCH_ROWS = 10_000;

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
 * 4. checks that every row was copied, then the references of every table pointing at it, and of
 *    the new table itself when its shape adds or changes a reference of its own (copied rows
 *    keep the ones they had), against the new table, as `PRAGMA foreign_key_check` does but at
 *    most `batchRows` (and CHECK_BATCH_ROWS) rowids per statement, reporting rows checked;
 * 5. drops the old table, renames the new one (each one statement: `dropping` reads every page
 *    of the old table, and is heard only before and after);
 * 6. creates the indexes, then the triggers, views and other triggers again, as they were, and
 *    lets SQLite refuse a reference whose parent key lost its unique index.
 *
 * The caller owns the transaction and must have foreign keys off (migration.ts's
 * `foreignKeysOff`): dropping a table others point at would otherwise fail or cascade. The copy
 * is in batches only to report progress; nothing is committed until the caller commits, so a
 * crash anywhere leaves the table as it was.
 * @throws Error when not in a transaction, with foreign keys on, for a WITHOUT ROWID table, or
 *   when fewer rows arrived than were there; ForeignKeyCheckError for a dangling reference;
 *   SqliteError "foreign key mismatch" for a reference to a parent key with no unique index.
 */
export function rebuildTable(db: Db, options: RebuildTableOptions): { copied: number } {
  const { table } = options;
  const next = `${table}_new`;
  if (!db.inTransaction) throw new Error(`rebuildTable(${table}) must run inside the migration's transaction`);
  if (db.pragma('foreign_keys', { simple: true }) !== 0) throw new Error(`rebuildTable(${table}) needs foreign keys off (the migration's foreignKeysOff)`);
  const report = (phase: RebuildPhase, copied: number, total: number, checked = 0, toCheck = 0): void =>
    options.onProgress?.({ table, phase, copied, total, checked, toCheck });
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

  // The schema's pages, changed as the step begins (the new table) and again as it ends (the
  // drop, the rename, the indexes), are read before every batch so that SQLite keeps them in its
  // cache (it writes out the changed pages least recently used first). Written out to the WAL
  // during the copy, and changed again at the end, one of them would be written over in place
  // at the commit, and SQLite then reads back and checksums every WAL frame after it (the
  // gigabyte of the whole copy) inside the commit: measured on bench:migration (200,000 cases),
  // step 9's commit 0.97 s → 0.38 s.
  const keepSchemaPages = db.prepare('SELECT count(*) FROM sqlite_schema').pluck();
  const previousCache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${-REBUILD_CACHE_KIB}`);
  const batch = Math.max(1, options.batchRows ?? REBUILD_BATCH_ROWS);
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
    let copied = 0;
    forEachRowidRange(db, table, batch, (from, to) => {
      keepSchemaPages.get();
      copied += copyRange.run(from, to).changes;
      report('copying', copied, total);
    });
    if (copied !== total) throw new Error(`${table} 复制不完整：${copied} / ${total}`);

    // Checked before the drop, against the new table (its rows are the old ones, at the same
    // rowids): the large cache now holds up to REBUILD_CACHE_KIB of changed pages, which SQLite
    // writes to the WAL only when it needs room, i.e. when a statement reads a page not in the
    // cache, or at the commit. Shrunk a share before each batch of the check, each batch writes
    // out a share of them and is heard; left for the drop (one statement reading every page of
    // the old table) or the commit, they would lengthen a statement nothing can report from.
    // Rows copied as they were keep every reference they had; only a reference the new shape
    // adds or changes can find a row pointing nowhere, so the table's own rows are checked only
    // then. Checking the unchanged ones would read the whole table again to learn nothing.
    const ownReferencesChanged = foreignKeysOf(db, table) !== foreignKeysOf(db, next);
    const pointing = tablesPointingAt(db, table).filter((t) => t.toLowerCase() !== next.toLowerCase());
    const checked = [...(ownReferencesChanged ? [next] : []), ...pointing];
    const shrinkCache = cacheShrinker(db, REBUILD_CACHE_KIB, previousCache, CACHE_SHRINK_STEPS);
    const late: string[] = [];
    const beforeBatch = (): void => {
      shrinkCache();
      keepSchemaPages.get();
    };
    const violations = checkReferences(db, checked, Math.min(batch, CHECK_BATCH_ROWS), { renamed: { from: table, to: next }, late, beforeBatch }, (done, toCheck) =>
      report('checking', copied, total, done, toCheck),
    );
    if (violations.length > 0) throw new ForeignKeyCheckError(`rebuild ${table}`, violations.map((v) => (v.table === next ? { ...v, table } : v)));
    db.pragma(`cache_size = ${previousCache}`);

    // Frees every page of the old table, reading each: long on a large table, said as its own phase.
    report('dropping', copied, total);
    db.exec(`DROP TABLE ${quoted(table)}`);
    db.exec(`ALTER TABLE ${quoted(next)} RENAME TO ${quoted(table)}`);
    report('indexing', copied, total);
    for (const index of own.filter((d) => d.type === 'index')) db.exec(index.sql);
    for (const trigger of own.filter((d) => d.type === 'trigger')) db.exec(trigger.sql);
    for (const view of views) db.exec(view.sql);
    for (const trigger of otherTriggers) db.exec(trigger.sql);
    // Now that the new table has its name and its indexes: what only SQLite's own check can say.
    // Compiling the pragma (not running it) refuses a reference to a parent key with no unique
    // index ("foreign key mismatch"); the few tables the batches could not check
    // (checkReferences) are checked whole.
    const finalNames = checked.map((t) => (t === next ? table : t));
    for (const t of finalNames) db.prepare(`PRAGMA foreign_key_check(${quoted(t)})`);
    const lateViolations = late.map((t) => (t === next ? table : t)).flatMap((t) => db.prepare(`PRAGMA foreign_key_check(${quoted(t)})`).all());
    if (lateViolations.length > 0) throw new ForeignKeyCheckError(`rebuild ${table}`, lateViolations);
    return { copied };
  } finally {
    db.pragma(`cache_size = ${previousCache}`);
  }
}

/** Rowids per batch of the reference check, at most: a batch's reads write out changed pages (cacheShrinker), so it is kept short. */
const CHECK_BATCH_ROWS = 5_000;
/** Over how many batches of the check the rebuild's cache goes back to the connection's own size. */
const CACHE_SHRINK_STEPS = 8;

/**
 * A function that, called before each batch, lowers the cache from `fromKiB` towards `to` (a
 * `cache_size` value as the connection had it: pages, or KiB when negative) by a `steps`th of the
 * difference, reaching `to` on the `steps`th call and staying there.
 */
function cacheShrinker(db: Db, fromKiB: number, to: number, steps: number): () => void {
  const pageKiB = (db.pragma('page_size', { simple: true }) as number) / 1024;
  const toKiB = to < 0 ? -to : to * pageKiB;
  let step = 0;
  return () => {
    if (step >= steps) return;
    step += 1;
    db.pragma(`cache_size = ${step === steps ? to : -Math.round(fromKiB - ((fromKiB - toKiB) * step) / steps)}`);
  };
}

/**
 * Calls `visit(from, to)` for consecutive rowid ranges (from, to] of at most `batch` rowids
 * covering every row of `table` (a rowid table), in rowid order; nothing for an empty table.
 * Rowid ranges, not LIMIT/OFFSET: each range finds its start by the table's own b-tree.
 */
function forEachRowidRange(db: Db, table: string, batch: number, visit: (from: number, to: number) => void): void {
  const nextRowid = db.prepare(`SELECT min(rowid) FROM ${quoted(table)} WHERE rowid > ?`).pluck();
  const lastRowid = db.prepare(`SELECT max(rowid) FROM ${quoted(table)}`).pluck().get() as number | null;
  if (lastRowid === null) return;
  let from = (nextRowid.get(Number.MIN_SAFE_INTEGER) as number) - 1;
  while (from < lastRowid) {
    const to = Math.min(lastRowid, from + batch);
    visit(from, to);
    from = to;
    // Rowids far apart (rows deleted long ago): jump to the next one instead of counting up to it.
    if (from < lastRowid) from = Math.max(from, (nextRowid.get(from) as number) - 1);
  }
}

/** A row found pointing nowhere, as `PRAGMA foreign_key_check` lists it. */
interface Violation {
  table: string;
  rowid: number | null;
  parent: string;
  fkid: number;
}

/**
 * The rows of `tables` whose references point nowhere, as `PRAGMA foreign_key_check` finds them,
 * but `batch` rowids a statement, calling `onChecked(rows checked, rows of all the tables)` after
 * each (and once before the first), so a check of millions of rows is heard as it goes, and
 * `beforeBatch` before each. Same rule as SQLite's: a reference with a NULL column points nowhere
 * only if none is NULL; the parent key compared by its own column's collation (on the left of
 * `=`). A reference to `renamed.from` is checked against `renamed.to` (the rebuilt table, not yet
 * under its name). A WITHOUT ROWID table (no rowid ranges), or one referring to a table that does
 * not exist, is not checked here but added to `late`, for `PRAGMA foreign_key_check` once the
 * rebuilt table has its name (such tables are small: a queue, a few notices owed); its rows count
 * as checked.
 */
function checkReferences(
  db: Db,
  tables: readonly string[],
  batch: number,
  options: { renamed: { from: string; to: string }; late: string[]; beforeBatch: () => void },
  onChecked: (checked: number, toCheck: number) => void,
): Violation[] {
  const counts = tables.map((t) => db.prepare(`SELECT count(*) FROM ${quoted(t)}`).pluck().get() as number);
  const toCheck = counts.reduce((sum, n) => sum + n, 0);
  let checked = 0;
  onChecked(checked, toCheck);
  const violations: Violation[] = [];
  tables.forEach((table, k) => {
    const references = referencesOf(db, table, options.renamed);
    const withoutRowid = (db.prepare('SELECT wr FROM pragma_table_list WHERE schema = ? AND name = ?').get('main', table) as { wr: number } | undefined)?.wr === 1;
    if (withoutRowid || references.some((r) => !lookedUpAlike(db, table, r)) || references.length === 0) {
      if (references.length > 0) options.late.push(table);
      checked += counts[k] ?? 0;
      onChecked(checked, toCheck);
      return;
    }
    const dangling = references.map(
      (r) =>
        `SELECT ${quotedValue(table)} AS "table", c.rowid AS rowid, ${quotedValue(r.parent)} AS parent, ${r.id} AS fkid FROM ${quoted(table)} AS c
          WHERE c.rowid > @from AND c.rowid <= @to AND ${r.childColumns.map((col) => `c.${quoted(col)} IS NOT NULL`).join(' AND ')}
            AND NOT EXISTS (SELECT 1 FROM ${quoted(r.checkedIn)} AS p WHERE ${r.childColumns.map((col, i) => `p.${quoted(r.parentColumns?.[i] ?? '')} = c.${quoted(col)}`).join(' AND ')})`,
    );
    const findDangling = db.prepare(`${dangling.join(' UNION ALL ')} ORDER BY rowid, fkid`);
    const rowsIn = db.prepare(`SELECT count(*) FROM ${quoted(table)} WHERE rowid > ? AND rowid <= ?`).pluck();
    forEachRowidRange(db, table, batch, (from, to) => {
      options.beforeBatch();
      violations.push(...(findDangling.all({ from, to }) as Violation[]));
      checked += rowsIn.get(from, to) as number;
      onChecked(checked, toCheck);
    });
  });
  // Rowid ranges that missed a row would pass it unchecked: refuse rather than trust them.
  if (checked !== toCheck) throw new Error(`引用检查只检查了 ${checked} 行，应为 ${toCheck} 行`);
  return violations;
}

/**
 * Whether `r`'s batched check (p.parent = c.child) finds exactly what SQLite's own lookup does,
 * and quickly: the parent key is the primary key or a UNIQUE index of `checkedIn` on exactly its
 * columns (no index: a scan of the parent per child row), each child column is declared with the
 * parent column's type (otherwise `=` converts differently from SQLite's lookup: a child 5 against
 * a parent '05'), and neither table names a collation. Otherwise the table is left to PRAGMA
 * foreign_key_check (`late`), which is right by definition (review finding 1).
 */
function lookedUpAlike(db: Db, table: string, r: Reference): boolean {
  const parentColumns = r.parentColumns;
  if (parentColumns === null || parentColumns.length === 0 || parentColumns.length !== r.childColumns.length) return false;
  const sqlOf = (t: string) => (db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ? COLLATE NOCASE`).pluck().get(t) as string | undefined) ?? '';
  if (/\bCOLLATE\b/i.test(sqlOf(table)) || /\bCOLLATE\b/i.test(sqlOf(r.checkedIn))) return false;
  const typesOf = (t: string) => new Map((db.prepare('SELECT name, type FROM pragma_table_info(?)').all(t) as Array<{ name: string; type: string }>).map((c) => [c.name.toLowerCase(), c.type.toUpperCase()]));
  const childTypes = typesOf(table);
  const parentTypes = typesOf(r.checkedIn);
  if (r.childColumns.some((col, i) => childTypes.get(col.toLowerCase()) !== parentTypes.get((parentColumns[i] ?? '').toLowerCase()))) return false;
  const same = (a: readonly string[]) => a.length === parentColumns.length && a.every((c, i) => c.toLowerCase() === (parentColumns[i] ?? '').toLowerCase());
  const primaryKey = db.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').pluck().all(r.checkedIn) as string[];
  if (same(primaryKey)) return true;
  const uniques = db.prepare("SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1 AND partial = 0").pluck().all(r.checkedIn) as string[];
  return uniques.some((index) => same(db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(index) as string[]));
}

/**
 * One foreign key of a table: its columns and the parent key's, in order, and the table the
 * parent key is looked up in (`checkedIn`: the parent, or the rebuilt table standing in for it);
 * `parentColumns` null when the parent table does not exist.
 */
interface Reference {
  id: number;
  parent: string;
  checkedIn: string;
  childColumns: string[];
  parentColumns: string[] | null;
}

/** `table`'s foreign keys, a key naming no parent columns resolved to the parent's primary key (as SQLite does). */
function referencesOf(db: Db, table: string, renamed: { from: string; to: string }): Reference[] {
  const rows = db.prepare(`SELECT id, "table" AS parent, "from" AS child, "to" AS parentColumn FROM pragma_foreign_key_list(?) ORDER BY id, seq`).all(table) as Array<{
    id: number;
    parent: string;
    child: string;
    parentColumn: string | null;
  }>;
  const byId = new Map<number, Array<(typeof rows)[number]>>();
  for (const row of rows) byId.set(row.id, [...(byId.get(row.id) ?? []), row]);
  return [...byId.entries()].map(([id, columns]) => {
    const parent = columns[0]?.parent ?? '';
    const checkedIn = parent.toLowerCase() === renamed.from.toLowerCase() ? renamed.to : parent;
    const exists = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ? COLLATE NOCASE`).get(checkedIn) !== undefined;
    const named = columns.map((c) => c.parentColumn);
    const parentColumns = !exists
      ? null
      : named.every((c): c is string => c !== null)
        ? named
        : (db.prepare(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`).pluck().all(checkedIn) as string[]);
    return { id, parent, checkedIn, childColumns: columns.map((c) => c.child), parentColumns };
  });
}

function quotedValue(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
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
