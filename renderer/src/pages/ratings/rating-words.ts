/**
 * Words and colours the 评价 page uses for ratings. The levels' colours are ColorBrewer's RdBu
 * 5-class diverging scheme, marked "colour-blind safe" there (https://colorbrewer2.org): blue for
 * satisfied, red for dissatisfied, grey in the middle; the bars also carry each level's count and
 * the legend its name, so no reading depends on colour alone.
 */
import {
  SATISFACTION_LABELS,
  type RatingAttribution,
  type Satisfaction,
} from '../../../../electron/contract/ratings';

export const SATISFACTION_COLORS: { readonly [S in Satisfaction]: string } = {
  very_satisfied: '#0571b0',
  satisfied: '#92c5de',
  basically_satisfied: '#d9d9d9',
  dissatisfied: '#f4a582',
  very_dissatisfied: '#ca0020',
};

/** Text on each colour that stays readable (white on the dark ends, near-black on the light middle). */
export const SATISFACTION_TEXT_COLORS: { readonly [S in Satisfaction]: string } = {
  very_satisfied: '#ffffff',
  satisfied: '#1f1f1f',
  basically_satisfied: '#1f1f1f',
  dissatisfied: '#1f1f1f',
  very_dissatisfied: '#ffffff',
};

/** How a rating was tied to a service, as the list says it (contract: RATING_ATTRIBUTIONS). */
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

export { SATISFACTION_LABELS };

/**
 * 满意率 as shown: `96.7%` (one decimal, as the hall's monthly figures are written), `100%` and
 * `0%` without a decimal, `—` when there is nothing to count (total 0: the core gives null).
 */
export function formatRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  const percent = Math.round(rate * 1000) / 10;
  return Number.isInteger(percent) ? `${percent}%` : `${percent.toFixed(1)}%`;
}
