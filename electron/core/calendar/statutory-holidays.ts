import { Lunar } from 'lunar-typescript';
import type { Solar } from 'lunar-typescript';
import type { CalendarYear } from './calendar-schema';
import { MAX_CALENDAR_YEAR } from './calendar-schema';

/** 《全国年节及纪念日放假办法》 as revised in November 2024 applies from this year on. */
export const RULES_EFFECTIVE_FROM = 2025;

function ymd(solar: Solar): string {
  return solar.toYmd();
}

function isoOf(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The statutory days off of `year` by the rules alone — what the law guarantees before the
 * State Council publishes the year's schedule. No make-up workdays and no compensatory days:
 * only the published schedule may move days, and the app never invents one.
 *
 * Only the 2024 revision is implemented, so years before it took effect are refused rather
 * than answered with the wrong rules (before 2025 春节 had 3 days and 劳动节 1).
 */
export function provisionalCalendarYear(year: number): CalendarYear {
  if (!Number.isInteger(year) || year < RULES_EFFECTIVE_FROM || year > MAX_CALENDAR_YEAR) {
    throw new RangeError(
      `No statutory holiday rules for ${year}: provisional years are computed for ${RULES_EFFECTIVE_FROM}–${MAX_CALENDAR_YEAR} only; earlier years need their official schedule`,
    );
  }

  // 正月初一 of the lunar year that begins in this Gregorian year (always late Jan – mid Feb),
  // and 除夕 is the day before it whether the 12th month had 29 or 30 days.
  const springFestival = Lunar.fromYmd(year, 1, 1).getSolar();
  const newYearsEve = springFestival.next(-1);

  // The lunar year's solar-term table runs from the previous winter solstice, so it holds
  // exactly one 清明, in April of this Gregorian year.
  const qingming = Lunar.fromYmd(year, 1, 1).getJieQiTable()['清明'];
  // Stryker disable all: a guard against a changed lunar-typescript — the pinned library gives
  // 清明 in every year 2025–2100 (statutory-holidays.test.ts builds each), so no test reaches it.
  if (qingming === undefined || qingming.getYear() !== year) {
    throw new Error(`lunar-typescript gave no 清明 solar term in ${year}`);
  }
  // Stryker restore all

  const dragonBoat = Lunar.fromYmd(year, 5, 5).getSolar();
  const midAutumn = Lunar.fromYmd(year, 8, 15).getSolar();

  return {
    year,
    status: 'provisional',
    holidays: [
      { name: '元旦', dates: [isoOf(year, 1, 1)] },
      {
        name: '春节',
        dates: [newYearsEve, springFestival, springFestival.next(1), springFestival.next(2)].map(ymd),
      },
      { name: '清明节', dates: [ymd(qingming)] },
      { name: '劳动节', dates: [isoOf(year, 5, 1), isoOf(year, 5, 2)] },
      { name: '端午节', dates: [ymd(dragonBoat)] },
      { name: '中秋节', dates: [ymd(midAutumn)] },
      { name: '国庆节', dates: [isoOf(year, 10, 1), isoOf(year, 10, 2), isoOf(year, 10, 3)] },
    ],
    makeUpWorkdays: [],
  };
}
