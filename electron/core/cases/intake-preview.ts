import type { WorkingDays } from '../../contract/calendar';
import type { IntakePreview } from '../../contract/cases';
import { CounterError } from '../../contract/errors';
import { deferralLimit, deferralUnavailable } from '../../contract/rules/deferral-limit';
import { addWorkingDays, provisionalYearsBetween, workingDaysIn, yearStatus, type WorkCalendar } from '../calendar';
import { dueDatesFor } from './case-commands';
import type { ItemSnapshot } from './case-state';

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
  return {
    acceptanceDate,
    promisedDueDate: due.promisedDueDate,
    legalDueDate: due.legalDueDate,
    promisedDueProvisional: due.promisedDueProvisional,
    legalDueProvisional: due.legalDueProvisional,
    deferral,
    defaultDeferralDueDate: deferral.possible ? deferral.defaultDueDate : null,
  };
}

/** `calendar.workingDays`: the range's working days and its provisional years (contract/calendar.ts). */
export function workingDaysOf(calendar: WorkCalendar, from: string, to: string): WorkingDays {
  const provisionalYears: number[] = [];
  const [first, last] = [from, to].map((d) => Number(d.slice(0, 4))) as [number, number];
  for (let y = first; y <= last; y++) if (yearStatus(calendar, y) === 'provisional') provisionalYears.push(y);
  try {
    return { workingDays: workingDaysIn(calendar, from, to), provisionalYears };
  } catch (err) {
    // Only a year with neither a published schedule nor statutory rules in the app gets here
    // (before 2025 and not in the data): say so rather than guess its working days.
    if (!(err instanceof RangeError)) throw err;
    throw new CounterError('invalid_arguments', '该日期范围内有年份没有节假日安排', {
      fieldErrors: [{ path: 'from', message: '该日期范围内有年份没有节假日安排' }],
    });
  }
}
