import type { StartProgress } from '../../contract/start-progress';
import type { Migration } from './migration';
import type { RebuildProgress } from './rebuild-table';

/**
 * How often a long step's progress is passed on, at most, in milliseconds. Under a second, so
 * the screen moves at least once a second while rows are copied (a batch takes well under that,
 * rebuild-table.ts); not every batch, so a fast copy does not flood the process that draws.
 */
export const MIGRATION_PROGRESS_INTERVAL_MS = 400;

/** Share of a rebuilding step's percent given to the copy; indexes and checks are the rest. */
const COPY_SHARE = 90;

/** The percent of a step a rebuild report stands for (whole numbers, never going back within a step). */
export function stepPercent(progress: RebuildProgress): number {
  switch (progress.phase) {
    case 'copying':
      return progress.total === 0 ? COPY_SHARE : Math.floor((COPY_SHARE * progress.copied) / progress.total);
    case 'dropping':
      return COPY_SHARE + 1;
    case 'indexing':
      return COPY_SHARE + 2;
    case 'checking':
      return COPY_SHARE + 6;
  }
}

/** Tells one migration run's progress, thinned out to one report per interval (MigrationProgressReporter). */
export interface MigrationProgressReporter {
  /** A step begins (always told). */
  begin(migration: Migration): void;
  /** The step's own report (rebuild-table.ts); told at once when its phase changed, else once per interval. */
  report(progress: RebuildProgress): void;
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
  const tell = (progress: StartProgress): void => {
    lastAt = now();
    lastPhase = progress.phase;
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
    end(migration) {
      tell({ stage: 'migrate', step: migration.version, steps, phase: 'done', percent: 100 });
    },
  };
}
