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
 * the sheet must still fit a 1366×768 screen). F8–F10 (选号, 暂停/恢复, 转移) open 叫号, whose
 * buttons show them.
 */
export const QUEUE_SHORTCUTS: ShortcutGroup = {
  title: '叫号',
  shortcuts: [{ keys: QUEUE_KEYS.filter((k) => PRESSED_ANYWHERE.has(k.action)).map((k) => k.key), separator: '/', action: '叫号 / 重呼 / 过号' }],
};
