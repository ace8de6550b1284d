import type { z } from 'zod';
import { isSatisfied, SATISFACTIONS, type RatingGrouping, type RatingSummaryArgs, type RatingSummaryRow, type Satisfaction } from '../../../contract/ratings';
import type { Db } from '../../storage/database';
import { statement } from '../../storage/statements';

export type RatingSummaryQuery = z.output<typeof RatingSummaryArgs>;

/** How many ratings of one level one group has, and whether they were excluded by an upheld appeal. */
export interface RatingTally {
  satisfaction: Satisfaction;
  excluded: boolean;
  count: number;
}

/**
 * One group's figures from its tallies. 满意率 = (非常满意 + 满意 + 基本满意) / all (DOMAIN.md,
 * Ratings; 国办发〔2019〕51号), with ratings whose appeal was upheld left out of both and counted
 * in `excluded` instead; null when nothing is counted (no rate of nothing).
 */
export function summaryRow(key: string, label: string, tallies: readonly RatingTally[]): RatingSummaryRow {
  const counts = { very_satisfied: 0, satisfied: 0, basically_satisfied: 0, dissatisfied: 0, very_dissatisfied: 0 };
  let excluded = 0;
  for (const t of tallies) {
    if (t.excluded) excluded += t.count;
    else counts[t.satisfaction] += t.count;
  }
  const total = SATISFACTIONS.reduce((sum, s) => sum + counts[s], 0);
  const satisfied = SATISFACTIONS.filter(isSatisfied).reduce((sum, s) => sum + counts[s], 0);
  return { key, label, counts, total, excluded, satisfactionRate: total === 0 ? null : satisfied / total };
}

/** Key and label of a group: what the SQL groups on, and what the page calls it. */
const GROUP_SQL: { readonly [G in RatingGrouping]: { key: string; label: string; joins: string } } = {
  window: { key: 'r.window_number', label: "r.window_number || '号窗口'", joins: '' },
  staff: { key: 'r.staff_id', label: 'max(s.name)', joins: 'LEFT JOIN staff s ON s.id = r.staff_id' },
  // The item's name as the latest rated case accepted it (a name may change between catalog versions).
  item: {
    key: 'c.item_code',
    label: "max(json_extract(cs.state, '$.item.name'))",
    joins: 'LEFT JOIN cases c ON c.id = r.case_id LEFT JOIN case_states cs ON cs.case_seq = c.seq',
  },
  day: { key: 'r.rated_date', label: 'r.rated_date', joins: '' },
};

/** Words for a group without its key: no one signed in, or a rating with no case. */
const NO_KEY: { readonly [G in RatingGrouping]: { key: string; label: string } } = {
  window: { key: 'none', label: '未知窗口' },
  staff: { key: 'none', label: '无人在岗' },
  item: { key: 'none', label: '未关联办件' },
  day: { key: 'none', label: '未知日期' },
};

/** Day rows are given for every day of the range (zeros included, for the chart) up to this many days. */
export const MAX_FILLED_DAYS = 366;

function daysFrom(from: string, to: string): string[] | null {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const days = Math.round((end - start) / 86_400_000) + 1;
  if (!(days >= 1 && days <= MAX_FILLED_DAYS)) return null;
  return Array.from({ length: days }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

interface TallyRow {
  key: string | number | null;
  label: string | null;
  satisfaction: Satisfaction;
  excluded: number;
  count: number;
}

/**
 * The figures of the ratings given on hall dates from..to (inclusive; the stored `rated_date`,
 * the hall date of the coin's believed time, so the range is an index range of ratings_by_day and the days are the hall's,
 * never the PC's time zone), grouped by window, staff member, item (through the case) or day,
 * with the `all` row over the whole range. Rows: windows by number, days in order (every day of
 * a range of up to MAX_FILLED_DAYS, zeros included), staff and items by most ratings counted.
 */
export function summariseRatings(db: Db, args: RatingSummaryQuery): { rows: RatingSummaryRow[]; all: RatingSummaryRow } {
  const group = GROUP_SQL[args.groupBy];
  const tallies = statement(
    db,
    `SELECT ${group.key} AS key, ${group.label} AS label, r.satisfaction AS satisfaction, coalesce(f.excluded, 0) AS excluded, count(*) AS count
     FROM ratings r LEFT JOIN follow_ups f ON f.rating_id = r.id ${group.joins}
     WHERE r.rated_date BETWEEN ? AND ?
     GROUP BY ${group.key}, r.satisfaction, coalesce(f.excluded, 0)`,
  ).all(args.from, args.to) as TallyRow[];

  const groups = new Map<string, { label: string; tallies: RatingTally[] }>();
  for (const t of tallies) {
    const key = t.key === null ? NO_KEY[args.groupBy].key : String(t.key);
    const label = t.key === null ? NO_KEY[args.groupBy].label : (t.label ?? String(t.key));
    const entry = groups.get(key) ?? { label, tallies: [] };
    entry.tallies.push({ satisfaction: t.satisfaction, excluded: t.excluded === 1, count: t.count });
    groups.set(key, entry);
  }
  if (args.groupBy === 'day') {
    for (const day of daysFrom(args.from, args.to) ?? []) if (!groups.has(day)) groups.set(day, { label: day, tallies: [] });
  }
  const rows = [...groups].map(([key, g]) => summaryRow(key, g.label, g.tallies));
  if (args.groupBy === 'window') rows.sort((a, b) => Number(a.key) - Number(b.key));
  else if (args.groupBy === 'day') rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  else rows.sort((a, b) => b.total - a.total || b.excluded - a.excluded || a.label.localeCompare(b.label, 'zh-CN'));
  const all = summaryRow(
    'all',
    '合计',
    tallies.map((t) => ({ satisfaction: t.satisfaction, excluded: t.excluded === 1, count: t.count })),
  );
  return { rows, all };
}
