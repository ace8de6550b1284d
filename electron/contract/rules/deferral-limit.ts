import type { CaseType } from '../catalog';

export interface DeferralLimit {
  /** The latest day a deferred (容缺) material may be due, inclusive. */
  date: string;
  /** Which deadline that is, for messages: 承诺办结日, or for 即办件 法定办结日. */
  label: string;
  /** That deadline touches a year whose schedule is unpublished (暂定); false when not known. */
  provisional: boolean;
}

/**
 * A deferred material must arrive before the case can be approved, so its due date may not
 * lie beyond the case's own deadline: the promised date, or for a 即办件 (due the day it is
 * accepted) the legal one. Shared by the UI, which says it beside the date, and the core.
 */
export function deferralLimit(
  caseType: CaseType,
  due: { promisedDueDate: string; legalDueDate: string; promisedDueProvisional?: boolean; legalDueProvisional?: boolean },
): DeferralLimit {
  return caseType === 'immediate'
    ? { date: due.legalDueDate, label: '法定办结日', provisional: due.legalDueProvisional ?? false }
    : { date: due.promisedDueDate, label: '承诺办结日', provisional: due.promisedDueProvisional ?? false };
}

/**
 * Why 容缺受理 is impossible for a case accepted on `acceptanceDate`, or null when it is
 * possible: a deferred material must be due after the acceptance day and no later than the
 * limit, so an item due the same day (a 即办件 whose legal limit is 0 working days) leaves no
 * day for it. Shown instead of a due date wherever 容缺 would be offered.
 */
export function deferralUnavailable(acceptanceDate: string, limit: DeferralLimit): string | null {
  return limit.date <= acceptanceDate ? `该事项${limit.label}即受理当日，不能容缺受理，请一次性告知补正` : null;
}

/**
 * Why a due date cannot be chosen for a deferred material accepted on `acceptanceDate`, or null.
 * `limit` null: the case's deadlines are not known yet (the window is still asking for them), so
 * only the rule of the acceptance day applies.
 */
export function deferralDueDateProblem(dueDate: string, acceptanceDate: string, limit: DeferralLimit | null): string | null {
  const unavailable = limit === null ? null : deferralUnavailable(acceptanceDate, limit);
  if (unavailable) return unavailable;
  if (dueDate <= acceptanceDate) return '补交期限应晚于受理日';
  if (limit !== null && dueDate > limit.date) return `补交期限不能晚于${limit.label} ${limit.date}${limit.provisional ? '（暂定）' : ''}`;
  return null;
}
