import type { IntakePreview } from '../../contract/cases';
import { deferralLimit, deferralUnavailable } from '../../contract/rules/deferral-limit';
import { addWorkingDays, provisionalYearsBetween, type WorkCalendar } from '../calendar';
import { dueDatesFor } from './case-commands';
import type { ItemSnapshot } from './case-state';
import { acceptanceDates } from './intake-rules';

/**
 * What the intake screen shows before anything is stored: today's deadlines for the item, each
 * with its 暂定 mark, and whether 容缺受理 is possible at all. When it is, the default due date
 * for a deferred material is `deferralWorkingDays` working days on, never beyond the case's
 * own limit (deferral-limit.ts); when the limit is today (a 即办件 with a legal limit of 0
 * working days) no date is offered, only the reason.
 */
export function intakePreview(
  calendar: WorkCalendar,
  item: ItemSnapshot,
  acceptanceDate: string,
  deferralWorkingDays: number,
): IntakePreview {
  const due = dueDatesFor(calendar, item, acceptanceDate);
  const limit = deferralLimit(item.caseType, due);
  const unavailable = deferralUnavailable(acceptanceDate, limit);
  let deferral: IntakePreview['deferral'];
  if (unavailable !== null) {
    deferral = { possible: false, reason: unavailable };
  } else {
    const offered = addWorkingDays(calendar, acceptanceDate, deferralWorkingDays).date;
    // The limit is itself a working day after today (a computed deadline), so capping keeps
    // the default a working day.
    const defaultDueDate = offered > limit.date ? limit.date : offered;
    deferral = {
      possible: true,
      defaultDueDate,
      defaultDueProvisional: provisionalYearsBetween(calendar, acceptanceDate, defaultDueDate).length > 0,
      latestDueDate: limit.date,
      latestDueLabel: limit.label,
    };
  }
  // Not `{ ...acceptanceDates(…), deferral, … }`: see toCaseDetail (case-view.ts) on spreads.
  return Object.assign(acceptanceDates(acceptanceDate, due), {
    deferral,
    defaultDeferralDueDate: deferral.possible ? deferral.defaultDueDate : null,
  });
}
