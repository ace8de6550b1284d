import { z } from 'zod';
import { IsoDate } from './common';

/** The longest range `calendar.workingDays` answers, in days (a year and a bit: any 容缺 limit fits). */
export const WORKING_DAYS_RANGE_MAX = 400;

function dayNumber(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
}

/** `calendar.workingDays`: both bounds inclusive, hall dates. */
export const WorkingDaysArgs = z
  .object({ from: IsoDate, to: IsoDate })
  .strict()
  .superRefine((a, ctx) => {
    const span = dayNumber(a.to) - dayNumber(a.from) + 1;
    if (span < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
    else if (span > WORKING_DAYS_RANGE_MAX) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `日期范围不能超过 ${WORKING_DAYS_RANGE_MAX} 天` });
    }
  });
export type WorkingDaysInput = z.input<typeof WorkingDaysArgs>;

/**
 * The hall calendar over a range: the working days in it (make-up Saturdays included,
 * holidays left out), ascending, and the years in it whose schedule is not yet published —
 * a date in such a year, or reached across one, is 暂定.
 */
export const WorkingDaysSchema = z.object({
  workingDays: z.array(z.string()),
  provisionalYears: z.array(z.number().int()),
});
export type WorkingDays = z.infer<typeof WorkingDaysSchema>;

/**
 * Whether counting from `acceptanceDate` to `date` crosses a day of one of `provisionalYears`
 * (as `calendar.workingDays` listed them for a range starting no later than the day after
 * acceptance): the days counted are those after the acceptance day up to `date`, so every year
 * from the day after acceptance to `date`'s own is crossed. The core's rule, provisionalYearsBetween.
 */
export function touchesProvisionalYear(provisionalYears: readonly number[], acceptanceDate: string, date: string): boolean {
  if (date <= acceptanceDate) return false;
  const acceptanceYear = Number(acceptanceDate.slice(0, 4));
  const first = acceptanceDate.endsWith('-12-31') ? acceptanceYear + 1 : acceptanceYear;
  const last = Number(date.slice(0, 4));
  return provisionalYears.some((y) => y >= first && y <= last);
}

/**
 * What `intake.preview` says of 容缺受理 for the item today: possible, with the due date offered
 * by default and the latest one allowed; or impossible, with the reason to show instead
 * (a 即办件 due the day it is accepted leaves no day to defer a material to).
 */
export const DeferralOfferSchema = z.discriminatedUnion('possible', [
  z.object({
    possible: z.literal(true),
    /** `intake.deferralWorkingDays` working days after today, never beyond `latestDueDate`. */
    defaultDueDate: z.string(),
    /** The default date touches a year whose schedule is not published (暂定). */
    defaultDueProvisional: z.boolean(),
    /** The latest due date allowed (inclusive) and which deadline it is (承诺办结日 / 法定办结日). */
    latestDueDate: z.string(),
    latestDueLabel: z.string(),
  }),
  z.object({ possible: z.literal(false), reason: z.string() }),
]);
export type DeferralOffer = z.infer<typeof DeferralOfferSchema>;
