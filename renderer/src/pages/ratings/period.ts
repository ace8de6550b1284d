/**
 * The periods the 评价 figures are asked for, turned into the hall-calendar dates
 * `ratings.summary` takes. Pure, so it is tested without a window; `today` is always the hall's
 * date from app.windowInfo, never this PC's.
 */
import { addDays } from '../../shared/format';

/** 今日, 本周 (Monday to today, as Chinese calendars count weeks), 本月, or a chosen from–to pair. */
export type PeriodChoice =
  | { kind: 'today' }
  | { kind: 'week' }
  | { kind: 'month' }
  | { kind: 'custom'; from: string | null; to: string | null };

export type PeriodKind = PeriodChoice['kind'];

export const PERIOD_LABELS: { readonly [K in PeriodKind]: string } = {
  today: '今日',
  week: '本周',
  month: '本月',
  custom: '自定义',
};

/** Both ends included, `YYYY-MM-DD`. */
export interface DateRange {
  from: string;
  to: string;
}

/** Why a custom pair cannot be asked for, in the words shown beside each field. */
export interface PeriodErrors {
  from?: string;
  to?: string;
}

export type PeriodResult = { ok: true; range: DateRange } | { ok: false; errors: PeriodErrors };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Weekday of a calendar date, 0 = Sunday … 6 = Saturday; computed in UTC so no zone shifts it. */
function weekday(isoDate: string): number {
  return new Date(`${isoDate}T00:00:00Z`).getUTCDay();
}

/**
 * The dates a choice stands for, counted from the hall's `today` (`YYYY-MM-DD`). A preset always
 * ends today (no rating can come from a later day). A custom pair must have both ends, the first
 * not after the second (the contract's RatingSummaryArgs says the same, in the same words) and
 * neither after today.
 */
export function periodRange(choice: PeriodChoice, today: string): PeriodResult {
  switch (choice.kind) {
    case 'today':
      return { ok: true, range: { from: today, to: today } };
    case 'week': {
      // Monday first: Sunday is the 7th day of its week, not the 1st.
      const back = (weekday(today) + 6) % 7;
      return { ok: true, range: { from: addDays(today, -back), to: today } };
    }
    case 'month':
      return { ok: true, range: { from: `${today.slice(0, 8)}01`, to: today } };
    case 'custom': {
      const errors: PeriodErrors = {};
      const { from, to } = choice;
      if (!from || !ISO_DATE.test(from)) errors.from = '请选择开始日期';
      else if (from > today) errors.from = '开始日期不能晚于今天';
      if (!to || !ISO_DATE.test(to)) errors.to = '请选择结束日期';
      else if (to > today) errors.to = '结束日期不能晚于今天';
      if (!errors.from && !errors.to && from && to && from > to) errors.to = '开始日期不能晚于结束日期';
      if (errors.from || errors.to || !from || !to) return { ok: false, errors };
      return { ok: true, range: { from, to } };
    }
  }
}

/** Every date from `from` to `to`, both included (for a day chart that shows days without ratings too). */
export function daysOf(range: DateRange): string[] {
  const days: string[] = [];
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) days.push(d);
  return days;
}
