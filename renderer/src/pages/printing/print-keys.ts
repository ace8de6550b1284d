import type { KeyMatcher, ShortcutGroup } from '../../app/shortcuts';

/** A key shown on its button and listed in F1. */
export interface PrintKey {
  /** `KeyboardEvent.code` of the letter, so a keyboard layout or an IME cannot change it. */
  code: string;
  label: string;
  action: string;
}

/**
 * The keys of the printing buttons on the intake result (Alt + a letter, by physical key, as the
 * intake and case pages do). None is taken elsewhere: Alt+S/A/M/D/N belong to the intake form,
 * Alt+L/B/Y/C/J/G/H/Z to the case page's actions, Alt+digits to the sections, and Chromium keeps
 * Alt+D/E/F. P for Print (补打), R for Retry (重新打印), X for crossing out (作废), V for View
 * (预览回执), T for 通知书, W for 文书 (the case page's 文书 card), Q for 确认 (确认已打印).
 */
export const PRINT_KEYS = {
  reprint: { code: 'KeyP', label: 'Alt+P', action: '补打回执（纸上标“补打”）' },
  retry: { code: 'KeyR', label: 'Alt+R', action: '重新打印未打印的回执' },
  discard: { code: 'KeyX', label: 'Alt+X', action: '作废回执打印任务（填写原因）' },
  confirm: { code: 'KeyQ', label: 'Alt+Q', action: '结果不明的回执已出纸：确认已打印' },
  preview: { code: 'KeyV', label: 'Alt+V', action: '预览回执' },
  notice: { code: 'KeyT', label: 'Alt+T', action: '预览、打印本次出具的通知书' },
  documents: { code: 'KeyW', label: 'Alt+W', action: '办件详情中：到“文书”' },
} as const satisfies Record<string, PrintKey>;

/** Alt + the key's letter, without Ctrl/Shift/Meta. */
export function printKey(key: PrintKey): KeyMatcher {
  return (e) => e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.code === key.code;
}

/** Ctrl+P (⌘P): print the document on screen, instead of the browser printing the whole app. */
export const isPrintKey: KeyMatcher = (e) => (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.code === 'KeyP';

/** For the F1 sheet: the printing keys of the intake result, in words short enough for a narrow column. */
export const PRINTING_SHORTCUTS: ShortcutGroup = {
  title: '打印（受理结果）',
  shortcuts: [
    { keys: [PRINT_KEYS.reprint.label], action: '补打回执' },
    { keys: [PRINT_KEYS.retry.label], action: '重新打印回执' },
    { keys: [PRINT_KEYS.discard.label], action: '作废回执打印' },
    { keys: [PRINT_KEYS.confirm.label], action: '确认回执已打印' },
    { keys: [PRINT_KEYS.preview.label], action: '预览回执' },
    { keys: [PRINT_KEYS.notice.label], action: '预览、打印通知书' },
  ],
};

/** For the F1 sheet: the 文书 card of the case page and the document preview. */
export const DOCUMENT_SHORTCUTS: ShortcutGroup = {
  title: '文书',
  shortcuts: [
    { keys: [PRINT_KEYS.documents.label], action: '办件详情：到文书' },
    { keys: ['Ctrl+P'], action: '预览中：打印' },
    { keys: ['Esc'], action: '预览中：返回' },
  ],
};
