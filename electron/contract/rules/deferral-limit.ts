import type { CaseType } from '../catalog';

export interface DeferralLimit {
  /** The latest day a deferred (容缺) material may be due, inclusive. */
  date: string;
  /** Which deadline that is, for messages: 承诺办结日, or for 即办件 法定办结日. */
  label: string;
}

/**
 * A deferred material must arrive before the case can be approved, so its due date may not
 * lie beyond the case's own deadline: the promised date, or for a 即办件 (due the day it is
 * accepted) the legal one. Shared by the UI, which says it beside the date, and the core.
 */
export function deferralLimit(
  caseType: CaseType,
  due: { promisedDueDate: string; legalDueDate: string },
): DeferralLimit {
  return caseType === 'immediate'
    ? { date: due.legalDueDate, label: '法定办结日' }
    : { date: due.promisedDueDate, label: '承诺办结日' };
}

/** Why a due date cannot be chosen for a deferred material accepted on `acceptanceDate`, or null. */
export function deferralDueDateProblem(dueDate: string, acceptanceDate: string, limit: DeferralLimit): string | null {
  if (limit.date <= acceptanceDate) return `该事项${limit.label}即受理当日，不能容缺受理，请一次性告知补正`;
  if (dueDate <= acceptanceDate) return '补交期限应晚于受理日';
  if (dueDate > limit.date) return `补交期限不能晚于${limit.label} ${limit.date}`;
  return null;
}
