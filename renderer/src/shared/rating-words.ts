/**
 * The one set of words and colours for 好差评 ratings in the window: the 请评价 panel, the case
 * page's 评价 card and the 评价 page all read them from here, so a level and an attribution look
 * and read the same everywhere.
 *
 * The levels' colours are ColorBrewer's RdBu 5-class diverging scheme, marked "colour-blind safe"
 * there (https://colorbrewer2.org): blue for satisfied, red for dissatisfied, grey in the middle.
 * No reading depends on colour alone: a level's name is always written beside or on its colour,
 * and the bars of a chart carry their counts.
 */
import {
  SATISFACTION_LABELS,
  SATISFACTIONS,
  type RatingAttribution,
  type Satisfaction,
} from '../../../electron/contract/ratings';

export { SATISFACTION_LABELS };

/** A level's fill (chart bars, the five-step scale, the level's tag). */
export const SATISFACTION_COLORS: { readonly [S in Satisfaction]: string } = {
  very_satisfied: '#0571b0',
  satisfied: '#92c5de',
  basically_satisfied: '#d9d9d9',
  dissatisfied: '#f4a582',
  very_dissatisfied: '#ca0020',
};

/** Text on each fill that stays readable (white on the dark ends, near-black on the light middle). */
export const SATISFACTION_TEXT_COLORS: { readonly [S in Satisfaction]: string } = {
  very_satisfied: '#ffffff',
  satisfied: '#1f1f1f',
  basically_satisfied: '#1f1f1f',
  dissatisfied: '#1f1f1f',
  very_dissatisfied: '#ffffff',
};

/**
 * The level's place on the five-step scale for the little picture beside its name: 5 非常满意 …
 * 1 非常不满意. Display only — a rating is kept and passed by its name (contract/ratings.ts).
 */
export function scaleStep(s: Satisfaction): number {
  return SATISFACTIONS.length - SATISFACTIONS.indexOf(s);
}

/** How a rating was tied to a service, in a word (contract: RATING_ATTRIBUTIONS). */
export const ATTRIBUTION_LABELS: { readonly [A in RatingAttribution]: string } = {
  session: '一次一评',
  on_duty: '在岗人员',
  nobody: '无人在岗',
};

/** The longer sentence behind each attribution word (its tooltip). */
export const ATTRIBUTION_HINTS: { readonly [A in RatingAttribution]: string } = {
  session: '办完业务后开启的一次一评评价，记入该办件、经办人和窗口',
  on_duty: '没有开启评价时投币：记入当时在岗的工作人员和本窗口，不关联办件',
  nobody: '投币时无人登录：只记入本窗口',
};

/**
 * 满意率 as shown: `96.7%` (one decimal, as the hall's monthly figures are written), `100%` and
 * `0%` without a decimal, `—` when there is nothing to count (total 0: the core gives null).
 */
export function formatRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  const percent = Math.round(rate * 1000) / 10;
  return Number.isInteger(percent) ? `${percent}%` : `${percent.toFixed(1)}%`;
}
