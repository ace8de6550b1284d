import type { KeyMatcher, ShortcutGroup } from '../../app/shortcuts';

/**
 * 请评价 by hand (ratings.requestRating), on the intake result and the case page: Alt+K, by
 * physical key. The letters left free were I, K, O and U — Alt+S/A/M/D/N are the intake form's,
 * Alt+L/B/Y/C/J/G/H/Z the case actions', Alt+P/R/X/Q/V/T/W the printing keys', Alt+digits the
 * sections', and Chromium keeps Alt+D/E/F; I and O read like 1 and 0 on a key cap.
 */
export const REQUEST_RATING_KEY = { code: 'KeyK', label: 'Alt+K', action: '请评价：开启评价器，请群众投币评价' } as const;

/** Alt+K without Ctrl/Shift/Meta. */
export const isRequestRatingKey: KeyMatcher = (e) => e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.code === REQUEST_RATING_KEY.code;

/**
 * For the F1 sheet: the rating key at the window, one line that ShortcutTable puts under 办件详情
 * (the sheet must fit 1366×768; Esc folding the 请评价 panel is said on the panel itself).
 */
export const RATING_SHORTCUTS: ShortcutGroup = {
  title: '评价',
  shortcuts: [{ keys: [REQUEST_RATING_KEY.label], action: '请评价（也在受理结果上）' }],
};
