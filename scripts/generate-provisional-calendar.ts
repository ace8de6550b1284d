// Writes provisional years into resources/calendar/cn-calendar.json from the statutory rules.
//
//   npx tsx scripts/generate-provisional-calendar.ts [year ...]
//
// With years: adds or regenerates those years. Without: regenerates the provisional years
// already in the file (e.g. after a lunar-typescript upgrade). An official year is never
// overwritten — when the State Council publishes a year, enter it by hand with its source and
// it replaces the provisional entry. A unit test checks the shipped provisional entries equal
// what the rules produce, so the file and the code cannot drift apart.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CalendarFile, CalendarYear } from '../electron/core/calendar';
import { loadCalendarFile, provisionalCalendarYear } from '../electron/core/calendar';

const calendarPath = fileURLToPath(new URL('../resources/calendar/cn-calendar.json', import.meta.url));

function stringList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

// One holiday per line keeps diffs of a new year's schedule readable next to the notice.
function formatYear(entry: CalendarYear): string {
  const lines = [`      "year": ${entry.year}`, `      "status": ${JSON.stringify(entry.status)}`];
  if (entry.source !== undefined) lines.push(`      "source": ${JSON.stringify(entry.source)}`);
  if (entry.publishedOn !== undefined) lines.push(`      "publishedOn": ${JSON.stringify(entry.publishedOn)}`);
  const holidays = entry.holidays.map(
    (h) => `        { "name": ${JSON.stringify(h.name)}, "dates": ${stringList(h.dates)} }`,
  );
  lines.push(`      "holidays": [\n${holidays.join(',\n')}\n      ]`);
  lines.push(`      "makeUpWorkdays": ${stringList(entry.makeUpWorkdays)}`);
  return `    {\n${lines.join(',\n')}\n    }`;
}

function formatCalendarFile(file: CalendarFile): string {
  return `{\n  "format": ${file.format},\n  "years": [\n${file.years.map(formatYear).join(',\n')}\n  ]\n}\n`;
}

function main(args: readonly string[]): void {
  const file = loadCalendarFile(JSON.parse(readFileSync(calendarPath, 'utf8')) as unknown);
  const requested = args.map((arg) => {
    const year = Number(arg);
    if (!Number.isInteger(year)) throw new Error(`Not a year: ${arg}`);
    return year;
  });
  const targets = requested.length > 0 ? requested : file.years.filter((y) => y.status === 'provisional').map((y) => y.year);

  const byYear = new Map(file.years.map((entry) => [entry.year, entry] as const));
  for (const year of targets) {
    if (byYear.get(year)?.status === 'official') {
      throw new Error(`${year} has an official schedule in the file; refusing to replace it with a provisional one`);
    }
    byYear.set(year, provisionalCalendarYear(year));
  }

  const updated: CalendarFile = {
    format: file.format,
    years: [...byYear.values()].sort((a, b) => a.year - b.year),
  };
  const text = formatCalendarFile(updated);
  // Re-validate what is about to ship rather than trusting the serializer.
  loadCalendarFile(JSON.parse(text) as unknown);
  writeFileSync(calendarPath, text);
  console.log(`Wrote ${calendarPath}: provisional ${targets.join(', ') || '(none)'}`);
}

main(process.argv.slice(2));
