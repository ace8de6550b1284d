import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildWorkCalendar, isWorkingDay, loadCalendarFile, type CalendarYear } from '../../../../electron/core/calendar';

const calendarPath = fileURLToPath(new URL('../../../../resources/calendar/cn-calendar.json', import.meta.url));
const file = loadCalendarFile(JSON.parse(readFileSync(calendarPath, 'utf8')) as unknown);
const base = file.years.find((y) => y.year === 2026)!;

// 2026-12-31 is a Thursday: a working day unless a notice rests it. The 2026 notice may speak of
// it (its own year) and so may the 2027 one (a notice may list days of the December before).
const DAY = '2026-12-31';

function notice(year: number, status: CalendarYear['status'], publishedOn: string | undefined, rests: boolean): CalendarYear {
  const entry: CalendarYear = {
    ...base,
    year,
    status,
    holidays: rests ? [{ ...base.holidays[0]!, dates: [DAY] }] : [],
    makeUpWorkdays: rests ? [] : [DAY],
  };
  if (publishedOn === undefined) delete (entry as { publishedOn?: string }).publishedOn;
  else entry.publishedOn = publishedOn;
  return entry;
}

/** Whether DAY is worked when both notices speak of it, checked in both orders of the data. */
function worked(a: CalendarYear, b: CalendarYear): boolean {
  const one = isWorkingDay(buildWorkCalendar([a, b]), DAY);
  const other = isWorkingDay(buildWorkCalendar([b, a]), DAY);
  expect(one, 'the order of the data must not matter').toBe(other);
  return one;
}

describe('two notices speaking of the same day', () => {
  it('follow the official one over a provisional one, whatever their dates', () => {
    expect(worked(notice(2026, 'official', '2025-11-01', true), notice(2027, 'provisional', '2026-11-01', false))).toBe(false);
    expect(worked(notice(2026, 'provisional', '2026-11-01', true), notice(2027, 'official', '2025-11-01', false))).toBe(true);
  });

  it('between official ones, follow the later publication (a correction replaces what it corrects)', () => {
    expect(worked(notice(2026, 'official', '2025-11-01', true), notice(2027, 'official', '2026-11-01', false))).toBe(true);
    expect(worked(notice(2026, 'official', '2026-11-01', true), notice(2027, 'official', '2025-11-01', false))).toBe(false);
    // A notice with no publication date counts as the earliest.
    expect(worked(notice(2026, 'official', undefined, true), notice(2027, 'official', '2025-11-01', false))).toBe(true);
    expect(worked(notice(2026, 'official', '2025-11-01', true), notice(2027, 'official', undefined, false))).toBe(false);
  });

  it('published the same day, follow the notice of the day’s own year', () => {
    expect(worked(notice(2026, 'official', '2025-11-01', true), notice(2027, 'official', '2025-11-01', false))).toBe(false);
    expect(worked(notice(2026, 'official', '2025-11-01', false), notice(2027, 'official', '2025-11-01', true))).toBe(true);
  });
});
