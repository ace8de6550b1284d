import type { KeyMatcher, ShortcutGroup } from '../../app/shortcuts';

// The window's calling keys (叫号, issue 17): function keys, as on a hardware caller (呼叫器), so a
// clerk calls the next citizen without a mouse and without leaving the page they are on. F1 is
// the key sheet, F2 the intake's 继续受理; F5 (reload), F6 (address bar), F11 (full screen) and
// F12 (developer tools) belong to the browser; the rest are free in the app.

export type QueueKeyAction = 'callNext' | 'recall' | 'skip' | 'choose' | 'pauseToggle' | 'transfer';

export interface QueueKey {
  key: string;
  action: QueueKeyAction;
  /** As the button and the F1 sheet say it. */
  label: string;
}

export const QUEUE_KEYS: readonly QueueKey[] = [
  { key: 'F3', action: 'callNext', label: '叫号' },
  { key: 'F4', action: 'recall', label: '重呼' },
  { key: 'F7', action: 'skip', label: '过号' },
  { key: 'F8', action: 'choose', label: '选号' },
  { key: 'F9', action: 'pauseToggle', label: '暂停 / 恢复' },
  { key: 'F10', action: 'transfer', label: '转移' },
];

/** The actions pressed at once from any page; the others need a choice on 叫号 first. */
export const PRESSED_ANYWHERE: ReadonlySet<QueueKeyAction> = new Set(['callNext', 'recall', 'skip']);

/** The key of an action, as written on its button. */
export function queueKeyOf(action: QueueKeyAction): string {
  return QUEUE_KEYS.find((k) => k.action === action)?.key ?? '';
}

/** The calling key pressed, without Ctrl/Alt/Meta/Shift; undefined for any other key. */
export function queueKeyFor(e: KeyboardEvent): QueueKey | undefined {
  if (e.ctrlKey || e.altKey || e.metaKey || e.shiftKey) return undefined;
  return QUEUE_KEYS.find((k) => k.key === e.key);
}

export const isQueueKey: KeyMatcher = (e) => queueKeyFor(e) !== undefined;

/**
 * For the F1 sheet: the calling keys that work on every page, one line under 全局 (ShortcutTable:
 * the sheet must still fit a 1366×768 screen). On 叫号 itself the sheet has every calling key
 * instead (QUEUE_PAGE_SHORTCUTS).
 */
export const QUEUE_SHORTCUTS: ShortcutGroup = {
  title: '叫号',
  shortcuts: [{ keys: QUEUE_KEYS.filter((k) => PRESSED_ANYWHERE.has(k.action)).map((k) => k.key), separator: '/', action: '叫号 / 重呼 / 过号' }],
};

/**
 * For the F1 sheet opened on 叫号: every calling key (trial finding F1), in four lines so the sheet
 * still fits 1366×768 — F3/F4/F7 (also on every page), F8 with the chooser's keys, F9 and F10 with
 * their dialogs' Enter, and 办结 said as what F3 does (it finishes the ticket held and calls the
 * next one, as a hardware caller's key does): no key of 办结 alone, the free F-keys are kept for
 * F8–F10's kind, and "no key" read as a missing feature (review 27 F12).
 */
export const QUEUE_PAGE_SHORTCUTS: ShortcutGroup = {
  title: '叫号',
  shortcuts: [
    // Short words: the sheet's narrowest column takes this group, and a wrapped line pushed it past 768 px.
    ...QUEUE_SHORTCUTS.shortcuts.map((s) => ({ ...s, action: '叫号/重呼/过号' })),
    { keys: ['F8'], action: '选号 ↑↓ Enter' },
    { keys: ['F9', 'F10'], separator: '/', action: '暂停恢复/转移' },
    { keys: ['F3'], action: '办结并叫下一位' },
  ],
};
