import type { Db } from './database';
import type { RebuildProgress } from './rebuild-table';

/**
 * One schema step. `up` runs inside a transaction together with the `user_version` stamp, so a
 * crash leaves the database at the previous version or the next, never between.
 */
export interface Migration {
  version: number;
  name: string;
  /**
   * Set for a step that rebuilds a table other tables point at (SQLite's 12-step procedure,
   * https://www.sqlite.org/lang_altertable.html "Making Other Kinds Of Table Schema Changes"):
   * foreign keys are switched off around the transaction (the pragma is a no-op inside one), and
   * `PRAGMA foreign_key_check` must find nothing before the commit, else the step is rolled back.
   */
  foreignKeysOff?: boolean;
  /**
   * For a `foreignKeysOff` step, what the runner's `foreign_key_check` covers: `database` (the
   * default) every table; `rebuilt tables` nothing more, the step declaring that it changes rows
   * only through rebuildTable (rebuild-table.ts), which checks each rebuilt table and every
   * table pointing at it before the commit, otherwise only creating tables. On a large store the
   * whole-database check reads every row of every table with a foreign key again (seconds per
   * million events), after the rebuild has just checked the ones that matter.
   */
  foreignKeyCheck?: 'database' | 'rebuilt tables';
  /**
   * Set for a step that only creates indexes, this SQL (which `up` runs too): on a large store an
   * index over the event log is one statement of a second or more, so openDatabase runs it on a
   * connection of its own in a worker thread (index-off-thread.ts) while the start screen hears
   * it still runs. Not for a `foreignKeysOff` step.
   */
  indexSql?: string;
  /**
   * The step itself. `onProgress`, when given, hears a long step's progress (rebuild-table.ts
   * reports rows copied); a step that reports nothing is shown as one unit of work.
   */
  up(db: Db, onProgress?: (progress: RebuildProgress) => void): void;
}

/** Thrown (inside the transaction, so it rolls back) when a rebuild left a dangling reference. */
export class ForeignKeyCheckError extends Error {
  constructor(
    readonly migration: string,
    readonly violations: readonly unknown[],
  ) {
    super(`迁移 ${migration} 之后外键检查发现 ${violations.length} 处悬空引用，已回滚：${JSON.stringify(violations.slice(0, 5))}`);
    this.name = 'ForeignKeyCheckError';
  }
}

/**
 * Applies one migration in one IMMEDIATE transaction with its `user_version` stamp. For a
 * `foreignKeysOff` step, foreign keys are off for its duration and back to what they were
 * afterwards, also when it fails. `onProgress` is handed to the step (Migration.up); the step
 * reports in batches, but nothing is committed before the whole step is. `onCommitting` hears
 * that the step's work is done and checked, just before the commit (which, after a large
 * rebuild, writes and checksums the WAL again for a while: the screen can say so).
 */
export function applyMigration(db: Db, migration: Migration, onProgress?: (progress: RebuildProgress) => void, onCommitting?: () => void): void {
  const run = db.transaction(() => {
    migration.up(db, onProgress);
    if (migration.foreignKeysOff && migration.foreignKeyCheck !== 'rebuilt tables') {
      const violations = db.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0) throw new ForeignKeyCheckError(`${migration.version}-${migration.name}`, violations);
    }
    db.pragma(`user_version = ${migration.version}`);
    onCommitting?.();
  });
  if (!migration.foreignKeysOff) {
    run.immediate();
    return;
  }
  const wasOn = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    run.immediate();
  } finally {
    if (wasOn) db.pragma('foreign_keys = ON');
  }
}
