import type { StartProgress } from '../../contract/start-progress';
import type { Migration } from './migration';
import type { RebuildProgress } from './rebuild-table';

/**
 * How often a long step's progress is passed on, at most, in milliseconds. Under a second, so
 * the screen moves at least once a second while rows are copied (a batch takes well under that,
 * rebuild-table.ts); not every batch, so a fast copy does not flood the process that draws.
 */
export const MIGRATION_PROGRESS_INTERVAL_MS = 400;

/** Share of a rebuilding step's percent given to the copy; the reference check, dropping, indexes and the commit are the rest. */
const COPY_SHARE = 90;
/** Share given to the reference check, rows checked of rows to check; then dropping (97), indexing (98), committing (99). */
const CHECK_SHARE = 6;

/** The percent of a step a rebuild report stands for (whole numbers, never going back within a step: the phases come in this order). */
export function stepPercent(progress: RebuildProgress): number {
  switch (progress.phase) {
    case 'copying':
      return progress.total === 0 ? COPY_SHARE : Math.floor((COPY_SHARE * progress.copied) / progress.total);
    case 'checking':
      return COPY_SHARE + (progress.toCheck === 0 ? CHECK_SHARE : Math.floor((CHECK_SHARE * progress.checked) / progress.toCheck));
    case 'dropping':
      return COPY_SHARE + CHECK_SHARE + 1;
    case 'indexing':
      return COPY_SHARE + CHECK_SHARE + 2;
  }
}

/** A step's percent while its transaction commits (its last statement). */
const COMMITTING_PERCENT = 99;

/** Tells one migration run's progress, thinned out to one report per interval (MigrationProgressReporter). */
export interface MigrationProgressReporter {
  /** A step begins (always told). */
  begin(migration: Migration): void;
  /** The step's own report (rebuild-table.ts); told at once when its phase changed, else once per interval. */
  report(progress: RebuildProgress): void;
  /** The step's work is done and its transaction commits (always told: the commit of a large step is long, and says so). */
  committing(migration: Migration): void;
  /** A step that only creates indexes is still building them, in a worker (always told: once per interval by the caller, percent 0). */
  indexing(migration: Migration): void;
  /** The step is committed (always told, 100 %). */
  end(migration: Migration): void;
}

/**
 * Turns the steps' reports into StartProgress for the screen (`emit`), `steps` being the schema
 * version this build ends at. `now` in milliseconds (tests give their own).
 */
export function migrationProgressReporter(
  emit: (progress: StartProgress) => void,
  steps: number,
  options: { intervalMs?: number; now?: () => number } = {},
): MigrationProgressReporter {
  const interval = options.intervalMs ?? MIGRATION_PROGRESS_INTERVAL_MS;
  const now = options.now ?? (() => performance.now());
  let step = 0;
  let lastAt = -Infinity;
  let lastPhase: StartProgress['phase'] | null = null;
  let lastPercent = 0;
  const tell = (progress: StartProgress): void => {
    lastAt = now();
    lastPhase = progress.phase;
    lastPercent = progress.percent;
    emit(progress);
  };
  return {
    begin(migration) {
      step = migration.version;
      tell({ stage: 'migrate', step, steps, phase: 'running', percent: 0 });
    },
    report(progress) {
      if (progress.phase === lastPhase && now() - lastAt < interval) return;
      tell({ stage: 'migrate', step, steps, phase: progress.phase, percent: stepPercent(progress) });
    },
    committing(migration) {
      // Kept at what a step with no measure of its own showed: 0 stays 0 until done.
      tell({ stage: 'migrate', step: migration.version, steps, phase: 'committing', percent: lastPercent === 0 ? 0 : COMMITTING_PERCENT });
    },
    indexing(migration) {
      tell({ stage: 'migrate', step: migration.version, steps, phase: 'indexing', percent: 0 });
    },
    end(migration) {
      tell({ stage: 'migrate', step: migration.version, steps, phase: 'done', percent: 100 });
    },
  };
}

/**
 * Waits for `work` (a worker thread's long statement, which has no measure of its own), calling
 * `tell` at once and then every `intervalMs` (> 0) until it settles: the start screen hears that
 * the stage still runs, at least once a second, while its percent stands still. Settles as
 * `work` does (its value, or its rejection).
 */
export async function tellWhile<T>(work: Promise<T>, intervalMs: number, tell: () => void): Promise<T> {
  tell();
  // A listener that throws from a timer would take the process down; it only loses its reports.
  const timer = setInterval(() => {
    try {
      tell();
    } catch {
      // the start screen's own failure: the work goes on
    }
  }, intervalMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
