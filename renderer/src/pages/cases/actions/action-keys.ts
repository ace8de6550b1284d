import type { CaseAction } from '../../../../../electron/contract';
import type { KeyMatcher, ShortcutGroup } from '../../../app/shortcuts';

interface ActionKey {
  /** `KeyboardEvent.code` of the letter, so a keyboard layout or an IME cannot change it. */
  code: string;
  /** As written on the button and in the F1 sheet. */
  label: string;
  /** What the key does, for the F1 sheet. */
  action: string;
}

/**
 * The key of each case action on the case page (Alt + the pinyin initial of the word that sets
 * the action apart): shown on its button and listed in F1. None is taken elsewhere in the app:
 * Alt+digits open the sections, Alt+S/A/M/D/N belong to the intake page, and Chromium keeps
 * Alt+D/E/F for itself.
 */
export const CASE_ACTION_KEYS: Readonly<Record<CaseAction, ActionKey>> = {
  decide_intake: { code: 'KeyL', label: 'Alt+L', action: '受理决定（转到受理页）' },
  supplement_materials: { code: 'KeyB', label: 'Alt+B', action: '补交容缺材料 / 登记补正材料' },
  reject_intake: { code: 'KeyY', label: 'Alt+Y', action: '不予受理（逾期未补正）' },
  start_review: { code: 'KeyC', label: 'Alt+C', action: '进入审查' },
  decide: { code: 'KeyJ', label: 'Alt+J', action: '作出决定' },
  deliver: { code: 'KeyG', label: 'Alt+G', action: '送达' },
  withdraw: { code: 'KeyH', label: 'Alt+H', action: '撤回申请' },
  terminate: { code: 'KeyZ', label: 'Alt+Z', action: '终止办理' },
};

/** Alt + the action's letter, without Ctrl/Shift/Meta. */
export function actionKey(action: CaseAction): KeyMatcher {
  const { code } = CASE_ACTION_KEYS[action];
  return (e) => e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.code === code;
}

/** For the F1 sheet (under 办件详情): the case page's action keys, in the order the buttons appear. */
export const CASE_ACTION_SHORTCUTS: ShortcutGroup = {
  title: '办件详情',
  shortcuts: Object.values(CASE_ACTION_KEYS).map((k) => ({ keys: [k.label], action: k.action })),
};
