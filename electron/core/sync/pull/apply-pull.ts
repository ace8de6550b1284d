import type { PullResponse, SyncChange } from '../../../contract/sync/pull';
import { CounterError } from '../../../contract/errors';
import type { CaseChangeBus } from '../../assembly/case-change-bus';
import type { CalendarModule, StagedCalendar } from '../../calendar/calendar-module';
import type { CasesModule } from '../../cases/cases-module';
import type { CatalogModule } from '../../catalog/catalog-module';
import type { Clock } from '../../clock';
import type { Logger } from '../../logging/logger';
import type { Db } from '../../storage/database';
import { statement } from '../../storage/statements';
import { applyCalendarYear, applyItemCancelled, applyItemChanged, type ChangeOutcome } from './apply-change';

/**
 * What applying a pull needs of the core (built by the sync module from the registered modules).
 * The modules are given whole, as create-core.ts builds them; only the members named are used.
 */
export interface PullApplyDeps {
  /** The window's store (migration 0012: sync_state, sync_applied_changes). */
  readonly db: Db;
  readonly clock: Clock;
  readonly log: Logger;
  /** Today's hall date (YYYY-MM-DD): CoreContext.today. A cancellation takes effect from a hall date. */
  readonly today: () => string;
  /** The pull runs as one case write, so the case changes it makes reach every module's subscribers. */
  readonly caseChanges: CaseChangeBus;
  readonly catalog: Pick<CatalogModule, 'catalog'>;
  readonly calendar: Pick<CalendarModule, 'stageYear' | 'install'>;
  readonly cases: Pick<CasesModule, 'recordBackOfficeDecision' | 'recomputeDeadlines'>;
  /**
   * Told after commit when the calendar changed, so the open 差评 follow-ups' due dates are
   * counted again (ratings-module.ts, calendarChanged). Null: no ratings module.
   */
  readonly ratings: { calendarChanged(): void } | null;
}

/** One change not applied, and why (Chinese words, also logged). */
export interface SkippedChange {
  readonly id: string;
  readonly kind: SyncChange['kind'];
  readonly reason: string;
}

/**
 * What a pull changed, for the caller to announce after commit (the cases' own `case.changed`
 * events are already emitted by the case-change bus).
 */
export interface PullApplyResult {
  /** Changes applied now (not counting those applied by an earlier copy of the response). */
  applied: number;
  /** Changes that could not be applied, recorded so they never hold the cursor back. */
  skipped: number;
  /** Cases that changed: a back-office step, or deadlines recomputed under a new calendar year. */
  caseIds: string[];
  /** The catalog offered for new cases changed (an item added, changed or cancelled). */
  catalogChanged: boolean;
  /** Calendar years whose schedule was replaced. */
  calendarYears: number[];
  /** The skipped changes with their reasons. */
  skippedChanges: SkippedChange[];
}

/**
 * Applies one pull answer (issue 16; contract/sync/pull.ts) in ONE SQLite transaction, opened as
 * a case write: each change whose id is not yet in `sync_applied_changes` is applied and recorded
 * there (a change that cannot be applied is recorded as skipped, its reason logged, so it never
 * holds the cursor), then `sync_state.pull_cursor` becomes `response.cursor`. A crash before the
 * commit leaves neither the changes nor the cursor; the same answer applied again changes nothing.
 * After the commit the catalog and the calendar in force are replaced in memory (the window's copy
 * changes at once, never half), and the follow-ups told of a calendar change.
 *
 * - `catalog.itemChanged`: checked with the shipped catalog file's item schema, then the item's
 *   in-force version (a case keeps the version it was accepted under: its snapshot and the row).
 * - `catalog.itemCancelled`: not offered for new cases from `effectiveFrom` (a hall date) on.
 * - `calendar.yearPublished`: checked with the shipped calendar's year schema; replaces the year
 *   when it supersedes the stored one, and the open cases' deadlines are recomputed as at start.
 * - `case.backOfficeDecision`: `case.backOfficeDecided` on the case; a case this window does not
 *   hold, or whose state does not allow the step, is skipped.
 * @throws SQLite's error when the store cannot be written (nothing is applied then).
 */
export function applyPullResponse(deps: PullApplyDeps, response: PullResponse): PullApplyResult {
  const { db } = deps;
  let staged: StagedCalendar | null = null;
  const result = deps.caseChanges.run((): PullApplyResult => {
    const at = deps.clock.now().toISOString();
    const today = deps.today();
    const done: PullApplyResult = { applied: 0, skipped: 0, caseIds: [], catalogChanged: false, calendarYears: [], skippedChanges: [] };
    const caseIds = new Set<string>();
    const years = new Set<number>();
    for (const change of response.changes) {
      if (statement(db, 'SELECT 1 FROM sync_applied_changes WHERE change_id = ?').get(change.id) !== undefined) continue;
      const outcome = applyChange(deps, change, { at, today });
      if (outcome.kind === 'skipped') {
        done.skipped++;
        done.skippedChanges.push({ id: change.id, kind: change.kind, reason: outcome.reason });
        deps.log.warn('pulled change skipped', { changeId: change.id, kind: change.kind, reason: outcome.reason });
      } else {
        done.applied++;
        if (outcome.catalogChanged) done.catalogChanged = true;
        if (outcome.caseId) caseIds.add(outcome.caseId);
        if (outcome.calendar) {
          staged = outcome.calendar;
          for (const y of outcome.calendar.years) years.add(y);
        }
      }
      statement(db, 'INSERT INTO sync_applied_changes (change_id, kind, applied_at) VALUES (?, ?, ?)').run(change.id, change.kind, at);
    }
    // Once, under the calendar with every year of this answer: the same recompute as at start.
    const calendar: StagedCalendar | null = staged;
    if (calendar) for (const moved of deps.cases.recomputeDeadlines(calendar.calendar, calendar.revision)) caseIds.add(moved.id);
    statement(db, 'UPDATE sync_state SET pull_cursor = ? WHERE id = 1').run(response.cursor);
    done.caseIds = [...caseIds];
    done.calendarYears = [...years].sort((a, b) => a - b);
    return done;
  });
  // Committed: only now does the window serve what it stored.
  if (result.catalogChanged) deps.catalog.catalog.reload();
  const calendar: StagedCalendar | null = staged;
  if (calendar) {
    deps.calendar.install(calendar);
    deps.ratings?.calendarChanged();
  }
  if (result.applied + result.skipped > 0) {
    deps.log.info('pulled changes applied', {
      applied: result.applied,
      skipped: result.skipped,
      cases: result.caseIds.length,
      catalogChanged: result.catalogChanged,
      calendarYears: result.calendarYears,
    });
  }
  return result;
}

function applyChange(deps: PullApplyDeps, change: SyncChange, when: { at: string; today: string }): ChangeOutcome {
  switch (change.kind) {
    case 'catalog.itemChanged':
      return applyItemChanged(deps.db, change, when.at);
    case 'catalog.itemCancelled':
      return applyItemCancelled(deps.db, change, when);
    case 'calendar.yearPublished':
      return applyCalendarYear(deps.calendar, change);
    case 'case.backOfficeDecision':
      try {
        const state = deps.cases.recordBackOfficeDecision({
          changeId: change.id,
          caseId: change.caseId,
          caseNumber: change.caseNumber,
          decision: change.decision,
          decidedAt: change.decidedAt,
          decidedBy: change.decidedBy,
        });
        return { kind: 'applied', caseId: state.id };
      } catch (err) {
        // The step was rolled back to its savepoint; the rest of the answer goes on.
        if (err instanceof CounterError && (err.code === 'not_found' || err.code === 'illegal_transition')) {
          const why = err.message === '办件不存在' ? '本窗口没有这个办件' : err.message;
          return { kind: 'skipped', reason: `后台决定（办件 ${change.caseNumber}）未记录：${why}` };
        }
        throw err;
      }
  }
}
