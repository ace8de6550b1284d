/**
 * The geometry of the figures' pictures, kept pure so it is tested without drawing: a stacked
 * bar of the five levels per row, and the 满意率 bars by day. Drawn as plain SVG by hand
 * (SatisfactionBars.tsx, RateByDayChart.tsx): five rectangles a row and one bar a day need no
 * chart library, and hand-drawn SVG keeps every label, colour and keyboard/screen-reader text
 * under the page's control.
 */
import { SATISFACTIONS, type Satisfaction } from '../../../../electron/contract/ratings';

export type LevelCounts = { readonly [S in Satisfaction]: number };

/** One level's part of a row's bar. `x` and `width` are fractions (0..1) of the bar's length. */
export interface BarSegment {
  satisfaction: Satisfaction;
  count: number;
  x: number;
  width: number;
  /** Whole percent of the row, the five summing to exactly 100 (largest remainder); 0 when the row is empty. */
  percent: number;
}

/**
 * The five levels of a row, best first, each as long as its share of the row's ratings (a 100 %
 * bar: what the picture compares is how the ratings split, the table beside it has the totals).
 * An empty row gives five segments of width 0. Counts must be whole and not negative.
 */
export function barSegments(counts: LevelCounts): BarSegment[] {
  const total = SATISFACTIONS.reduce((n, s) => n + counts[s], 0);
  const percents = wholePercents(SATISFACTIONS.map((s) => counts[s]));
  let x = 0;
  return SATISFACTIONS.map((s, i) => {
    const width = total === 0 ? 0 : counts[s] / total;
    const segment = { satisfaction: s, count: counts[s], x, width, percent: percents[i] ?? 0 };
    x += width;
    return segment;
  });
}

/**
 * Whole percents of `values` that add up to 100 (Hamilton's largest-remainder method), so the
 * labels of a bar never read 33 % + 33 % + 33 %. All zero when the values are.
 */
export function wholePercents(values: readonly number[]): number[] {
  const total = values.reduce((a, b) => a + b, 0);
  if (total === 0) return values.map(() => 0);
  const exact = values.map((v) => (v * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left--;
  }
  return floors;
}

/**
 * Whether a segment `widthPx` wide has room for its count written in it (`chars` characters of
 * about 7.5 px at the page's 12 px, plus 4 px each side). A narrower one is still drawn; its count
 * is in its tooltip and in the table.
 */
export function labelFits(widthPx: number, chars: number): boolean {
  return widthPx >= chars * 7.5 + 8;
}

/**
 * Every `step`-th day keeps its label on a day chart `count` days long so at most `maxLabels`
 * are written (a month's 31 dates do not fit under 31 narrow bars). Always ≥ 1.
 */
export function labelStep(count: number, maxLabels: number): number {
  if (count <= 0 || maxLabels <= 0) return 1;
  return Math.max(1, Math.ceil(count / maxLabels));
}
