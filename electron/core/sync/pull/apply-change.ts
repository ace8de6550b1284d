import type { z } from 'zod';
import type { CalendarYearPublishedSchema, CatalogItemCancelledSchema, CatalogItemChangedSchema } from '../../../contract/sync/pull';
import type { CalendarModule, StagedCalendar } from '../../calendar/calendar-module';
import { calendarYearSchema } from '../../calendar/calendar-schema';
import { cancelCatalogItem, dropPendingCancellation } from '../../catalog/catalog-cancellations';
import { CatalogItemSchema } from '../../catalog/catalog-file-schema';
import { putCatalogItem } from '../../catalog/catalog-store';
import { describeIssues } from '../../schema-issues';
import type { Db } from '../../storage/database';

/** What applying one pulled change did (apply-pull.ts records it and sums them up). */
export type ChangeOutcome =
  | {
      kind: 'applied';
      catalogChanged?: boolean;
      /** The case it changed. */
      caseId?: string;
      /** The calendar as it will be once the pull commits, when a year's schedule changed. */
      calendar?: StagedCalendar;
    }
  | {
      kind: 'skipped';
      reason: string;
      /**
       * true: a newer program may apply it (a field or kind this one does not know): kept out of
       * the applied set and tried again after an upgrade (pull-deferred.ts). false: done with.
       */
      deferred: boolean;
      /** The case it noted the skip on (case.backOfficeDecisionNotRecorded). */
      caseId?: string;
    };

/** Where the catalog import log says a pulled change came from. */
function sourceOf(changeId: string): string {
  return `sync:${changeId}`;
}

/**
 * `catalog.itemChanged`: the item is checked with the schema of the shipped catalog files (a
 * field the window does not know, a time limit out of range … skips it, naming the fields), then
 * becomes its code's in-force version; an announced cancellation of it is dropped (published
 * again, it is offered again). Call in the pull's transaction.
 */
export function applyItemChanged(db: Db, change: z.infer<typeof CatalogItemChangedSchema>, at: string): ChangeOutcome {
  const parsed = CatalogItemSchema.safeParse(change.item);
  if (!parsed.success) {
    // A field the shipped schema does not know yet is the usual cause: a newer program may read it.
    return { kind: 'skipped', reason: `事项 ${String(change.item['code'])} 的内容不符合事项目录格式：${describeIssues(parsed.error.issues)}`, deferred: true };
  }
  const result = putCatalogItem(db, parsed.data, change.catalogVersion, sourceOf(change.id), at);
  const reinstated = dropPendingCancellation(db, parsed.data.code);
  return { kind: 'applied', catalogChanged: result.unchanged === 0 || reinstated };
}

/** `catalog.itemCancelled`: retired now if its hall date has come, else from that date. Call in the pull's transaction. */
export function applyItemCancelled(
  db: Db,
  change: z.infer<typeof CatalogItemCancelledSchema>,
  when: { at: string; today: string },
): ChangeOutcome {
  const done = cancelCatalogItem(
    db,
    { code: change.code, effectiveFrom: change.effectiveFrom, catalogVersion: change.catalogVersion },
    when.today,
    sourceOf(change.id),
    when.at,
  );
  return { kind: 'applied', catalogChanged: done !== 'not_in_force' };
}

/**
 * `calendar.yearPublished`: the schedule is checked with the shipped calendar's year schema and
 * must be the year the change names; stored when it supersedes the stored year (an official
 * schedule over a provisional one, a later correction over an earlier one). Call in the pull's
 * transaction.
 */
export function applyCalendarYear(
  calendar: Pick<CalendarModule, 'stageYear'>,
  change: z.infer<typeof CalendarYearPublishedSchema>,
): ChangeOutcome {
  const parsed = calendarYearSchema.safeParse(change.schedule);
  if (!parsed.success) {
    return { kind: 'skipped', reason: `${change.year} 年节假日安排不符合日历格式：${describeIssues(parsed.error.issues)}`, deferred: true };
  }
  if (parsed.data.year !== change.year) {
    return { kind: 'skipped', reason: `节假日安排所写年份（${parsed.data.year}）与通知的年份（${change.year}）不符`, deferred: false };
  }
  const staged = calendar.stageYear(parsed.data);
  return staged ? { kind: 'applied', calendar: staged } : { kind: 'applied' };
}
