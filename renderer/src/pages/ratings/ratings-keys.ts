import type { KeyMatcher, ShortcutGroup } from '../../app/shortcuts';
import type { FollowUpAction } from './follow-up-actions';

/**
 * The 评价 page's keys. The three views are 1 / 2 / 3 (plain digits, never while typing). On a
 * follow-up, Alt+U opens the step the signed-in person would take next (核实, 回访, 整改, 办结,
 * 复核 for a 组长; 申诉 for the rated staff member — one person never has both). U is the last
 * letter no other page uses: Alt+S/A/M/D/N are the intake form's, L/B/Y/C/J/G/H/Z the case
 * actions', P/R/X/Q/V/T/W printing's, K is 请评价 (components/rating-session/rating-keys.ts),
 * Chromium keeps D/E/F, and I and O read like 1 and 0 on a key cap.
 */
export const NEXT_STEP_KEY = { code: 'KeyU', label: 'Alt+U' } as const;

/** Alt+U by physical key (a layout or an IME cannot change it), no other modifier. */
export const isNextStepKey: KeyMatcher = (e) => e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.code === NEXT_STEP_KEY.code;

/**
 * The action Alt+U opens among those offered: 办结 once measures are on record (the step that
 * is left), else the stage's step, else 申诉. Undefined when none is offered.
 */
export function primaryAction(actions: readonly FollowUpAction[]): FollowUpAction | undefined {
  if (actions.includes('close')) return 'close';
  return actions.find((a) => a !== 'appeal') ?? actions[0];
}

/** For the F1 sheet (U1's 请评价 keys are the group 评价; this page's are 评价页). */
export const RATINGS_PAGE_SHORTCUTS: ShortcutGroup = {
  title: '评价页',
  // Short words: the sheet's fourth column is narrow, and the whole sheet must fit 1366×768.
  shortcuts: [
    { keys: ['1', '2', '3'], separator: '/', action: '统计 / 记录 / 回访' },
    { keys: ['↑', '↓'], separator: '/', action: '回访列表：选择（Enter 打开）' },
    { keys: [NEXT_STEP_KEY.label], action: '回访：办理下一步' },
    { keys: ['Esc'], action: '回访：返回列表' },
  ],
};
