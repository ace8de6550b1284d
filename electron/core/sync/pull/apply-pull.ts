import { isUnreadableChange, type SyncChange, type TolerantPullResponse } from '../../../contract/sync/pull';
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
import { changeTarget, PullDeferrals } from './pull-deferred';

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
  /** This program's version (CoreContext.appVersion): changes it cannot read are deferred under it. */
  readonly appVersion: string;
  /** The pull runs as one case write, so the case changes it makes reach every module's subscribers. */
  readonly caseChanges: CaseChangeBus;
  readonly catalog: Pick<CatalogModule, 'catalog'>;
  readonly calendar: Pick<CalendarModule, 'stageYear' | 'install'>;
  readonly cases: Pick<CasesModule, 'recordBackOfficeDecision' | 'recordBackOfficeDecisionNotRecorded' | 'recomputeDeadlines'>;
  /**
   * Told after commit when the calendar changed, so the open 差评 follow-ups' due dates are
   * counted again (ratings-module.ts, calendarChanged). Null: no ratings module.
   */
  readonly ratings: { calendarChanged(): void } | null;
}

/** One change not applied, and why (Chinese words, also logged). */
export interface SkippedChange {
  readonly id: string;
  /** The change's kind as the server named it (a newer server's kind too). */
  readonly kind: string;
  readonly reason: string;
  /** A newer program may apply it: kept out of the applied set and tried again after an upgrade. */
  readonly deferred: boolean;
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
 * there, then `sync_state.pull_cursor` becomes `response.cursor`. A change that cannot be applied
 * never holds the cursor: it is skipped with its reason (logged, and in the result). One this
 * program cannot read — an unknown kind, a known kind its schema refuses (UnreadableChange), a
 * catalog item or schedule the shipped schemas refuse — may be read by a newer one: it is deferred
 * (pull-deferred.ts: kept out of sync_applied_changes, listed with its reason under this program
 * version, pulled again after an upgrade). Any other skip is done with and recorded as applied. A crash before the
 * commit leaves neither the changes nor the cursor; the same answer applied again changes nothing.
 * After the commit the catalog and the calendar in force are replaced in memory (the window's copy
 * changes at once, never half), and the follow-ups told of a calendar change.
 *
 * - `catalog.itemChanged`: checked with the shipped catalog file's item schema, then the item's
 *   in-force version (a case keeps the version it was accepted under: its snapshot and the row).
 * - `catalog.itemCancelled`: not offered for new cases from `effectiveFrom` (a hall date) on.
 * - `calendar.yearPublished`: checked with the shipped calendar's year schema; replaces the year
 *   when it supersedes the stored one, and the open cases' deadlines are recomputed as at start.
 * - `case.backOfficeDecision`: `case.backOfficeDecided` on the case. A step the case's state does
 *   not allow (the case withdrawn here while the officer decided on the upstream's older copy) is
 *   noted on the case as `case.backOfficeDecisionNotRecorded` with the reason, which goes up so
 *   the back office shows it; a case this window does not hold is skipped.
 * @throws SQLite's error when the store cannot be written (nothing is applied then).
 */
export function applyPullResponse(deps: PullApplyDeps, response: TolerantPullResponse): PullApplyResult {
  const { db } = deps;
  let staged: StagedCalendar | null = null;
  const result = deps.caseChanges.run((): PullApplyResult => {
    const at = deps.clock.now().toISOString();
    const today = deps.today();
    const done: PullApplyResult = { applied: 0, skipped: 0, caseIds: [], catalogChanged: false, calendarYears: [], skippedChanges: [] };
    const caseIds = new Set<string>();
    const years = new Set<number>();
    const deferrals = PullDeferrals.load(db, deps.appVersion);
    for (const change of response.changes) {
      if (statement(db, 'SELECT 1 FROM sync_applied_changes WHERE change_id = ?').get(change.id) !== undefined) continue;
      const target = changeTarget(change.kind, isUnreadableChange(change) ? change.raw : change);
      const outcome: ChangeOutcome = isUnreadableChange(change)
        ? { kind: 'skipped', reason: change.reason, deferred: true }
        : deferrals.retryVerdict(change.id) === 'superseded'
          ? // Deferred by an earlier version; a later change for its item was applied since.
            { kind: 'skipped', reason: `变更（${change.kind}）由旧版程序暂缓应用，其后同一事项已有新的变更，不再应用`, deferred: false }
          : applyChange(deps, change, { at, today });
      if (outcome.kind === 'skipped') {
        done.skipped++;
        done.skippedChanges.push({ id: change.id, kind: change.kind, reason: outcome.reason, deferred: outcome.deferred });
        deps.log.warn('pulled change skipped', { changeId: change.id, kind: change.kind, reason: outcome.reason, deferred: outcome.deferred });
        if (outcome.caseId) caseIds.add(outcome.caseId);
        if (outcome.deferred) {
          // Not marked applied: a newer program pulls it again and may apply it.
          deferrals.defer({ id: change.id, kind: change.kind, reason: outcome.reason, at, target });
          continue;
        }
      } else {
        done.applied++;
        deferrals.applied(target);
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
    deferrals.save(!response.more);
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
      return applyBackOfficeDecision(deps, change);
  }
}

/**
 * A back-office step on one of this window's cases. A step its state does not allow is noted on
 * the case (case.backOfficeDecisionNotRecorded), so the window's refusal reaches the back office.
 */
function applyBackOfficeDecision(deps: PullApplyDeps, change: Extract<SyncChange, { kind: 'case.backOfficeDecision' }>): ChangeOutcome {
  const decision = {
    changeId: change.id,
    caseId: change.caseId,
    caseNumber: change.caseNumber,
    decision: change.decision,
    decidedAt: change.decidedAt,
    decidedBy: change.decidedBy,
  };
  try {
    const state = deps.cases.recordBackOfficeDecision(decision);
    return { kind: 'applied', caseId: state.id };
  } catch (err) {
    // The step was rolled back to its savepoint; the rest of the answer goes on.
    if (!(err instanceof CounterError) || (err.code !== 'not_found' && err.code !== 'illegal_transition')) throw err;
    const why = err.message === '办件不存在' ? '本窗口没有这个办件' : err.message;
    const reason = `后台决定（办件 ${change.caseNumber}）未记录：${why}`;
    if (err.code === 'not_found') return { kind: 'skipped', reason, deferred: false };
    const noted = deps.cases.recordBackOfficeDecisionNotRecorded(decision, err.message);
    return { kind: 'skipped', reason, deferred: false, caseId: noted.id };
  }
}
