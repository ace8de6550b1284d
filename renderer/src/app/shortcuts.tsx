import { createContext, useContext, useEffect, useRef } from 'react';

/**
 * False while the window is paused (the frame stays mounted under the lock screen so a half
 * filled form survives a break, but nothing behind the lock may react to keys).
 */
export const ShortcutsEnabledContext = createContext(true);

export type KeyMatcher = (e: KeyboardEvent) => boolean;

export const keys = {
  /** Alt + digit, by physical key so a keyboard layout or IME cannot change it. */
  altDigit:
    (digit: number): KeyMatcher =>
    (e) =>
      e.altKey && !e.ctrlKey && !e.metaKey && (e.code === `Digit${digit}` || e.code === `Numpad${digit}`),
  ctrl:
    (code: string): KeyMatcher =>
    (e) =>
      (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.code === code,
  /** A key without Ctrl/Alt/Meta; Shift is allowed because `?` needs it on most layouts. */
  plain:
    (...names: string[]): KeyMatcher =>
    (e) =>
      !e.ctrlKey && !e.altKey && !e.metaKey && names.includes(e.key),
};

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'password', 'number', 'tel', 'email', 'url', 'date', 'time', '']);

/** Whether a key press here is somebody typing (so `/` is a slash, not "go to search"). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(target.type);
  const role = target.getAttribute('role');
  return role === 'textbox' || role === 'combobox' || role === 'spinbutton';
}

/**
 * A modal dialog is up: page shortcuts must not act on the page behind it. A dialog on its way
 * out does not count: antd's leave animation (~0.3 s) marks the dialog element `…-leave`, and a
 * key pressed right after closing one (Ctrl+S after 继续填写) was otherwise swallowed.
 * `countLeaving`: count it too, for moving the cursor (the dialog gives focus back as it goes).
 */
export function isDialogOpen({ countLeaving = false }: { countLeaving?: boolean } = {}): boolean {
  for (const el of document.querySelectorAll('[role="dialog"], [role="alertdialog"]')) {
    if (!el.checkVisibility()) continue;
    if (!countLeaving && /(^|\s)[\w-]+-leave(\s|$)/.test(el.className)) continue;
    return true;
  }
  return false;
}

export interface HotkeyOptions {
  enabled?: boolean;
  /** Fire even while focus is in a text field (only for keys that cannot be typed text). */
  whileTyping?: boolean;
  /** Fire while a dialog is open. */
  inDialogs?: boolean;
}

/** Keys that cannot be typed text: a shortcut with Ctrl/Alt/Meta, or a function key. */
function isModifiedKey(e: KeyboardEvent): boolean {
  return e.ctrlKey || e.altKey || e.metaKey || /^F\d{1,2}$/.test(e.key);
}

/**
 * Binds a key for as long as the component is mounted. Unmodified keys never fire while the
 * clerk is typing or composing Chinese with an IME; keys with Ctrl/Alt or function keys do.
 *
 * Modified keys are taken in the capture phase, before the focused widget sees them, and go no
 * further once used: a drop-down opens on any Enter, Ctrl+Enter included, and marks the key
 * used, so Ctrl+Enter (confirm) in a closed drop-down used to open it instead of confirming.
 * Unmodified keys wait for the bubble phase, so a widget that uses them (↓ in an open list,
 * Enter choosing an option) keeps them.
 */
export function useHotkey(matches: KeyMatcher, handler: (e: KeyboardEvent) => void, options: HotkeyOptions = {}): void {
  const allowed = useContext(ShortcutsEnabledContext);
  const latest = useRef({ matches, handler, options });
  latest.current = { matches, handler, options };
  const enabled = allowed && (options.enabled ?? true);
  useEffect(() => {
    if (!enabled) return;
    const listen = (capture: boolean) => (e: KeyboardEvent) => {
      const { matches: m, handler: h, options: o } = latest.current;
      const modified = isModifiedKey(e);
      if (modified !== capture) return;
      // 229: the key went to an IME; defaultPrevented: a focused widget (an open Select) used it.
      if (e.isComposing || e.keyCode === 229 || e.defaultPrevented) return;
      if (!m(e)) return;
      if (!modified && !o.whileTyping && isTypingTarget(e.target)) return;
      if (!o.inDialogs && isDialogOpen()) return;
      e.preventDefault();
      if (modified) e.stopPropagation();
      h(e);
    };
    const onCapture = listen(true);
    const onBubble = listen(false);
    window.addEventListener('keydown', onCapture, true);
    window.addEventListener('keydown', onBubble);
    return () => {
      window.removeEventListener('keydown', onCapture, true);
      window.removeEventListener('keydown', onBubble);
    };
  }, [enabled]);
}

export interface ShortcutDoc {
  /** Alternatives, each written as keys joined by `+`, e.g. `Alt+1`. */
  keys: string[];
  /** Between alternatives; `或` unless the keys are a pair like ↑ / ↓. */
  separator?: string;
  action: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: ShortcutDoc[];
}

/**
 * Alt+1 … Alt+n for the sections shown to the signed-in role (nav.tsx navItemsFor), as one line
 * naming them in order: the navigation shows each one's key beside it, and seven lines of
 * "打开…" would push a 组长's sheet off a 1366×768 screen.
 */
export function navShortcuts(items: ReadonlyArray<{ digit: number; label: string }>): ShortcutDoc[] {
  const last = items[items.length - 1];
  if (last === undefined) return [];
  // `Alt+1…7`: one key cap for the digits keeps the keys column narrow.
  const keys = [last.digit === 1 ? 'Alt+1' : `Alt+1…${last.digit}`];
  return [{ keys, action: `依次打开：${items.map((n) => n.label).join('、')}` }];
}

/**
 * Every shortcut in the app, for the help dialog (F1) and the settings page. The sections'
 * Alt+digit keys depend on the role and are put in front of 全局 by ShortcutTable (navShortcuts).
 */
export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    title: '全局',
    shortcuts: [
      { keys: ['Ctrl+L'], action: '暂离：锁定屏幕，暂停服务' },
      { keys: ['F1', '?'], action: '显示或关闭本快捷键说明' },
      { keys: ['Esc'], action: '关闭对话框' },
    ],
  },
  {
    title: '对话框',
    shortcuts: [
      { keys: ['Enter'], action: '在单行输入框中：确认' },
      { keys: ['Ctrl+Enter'], action: '确认（任意位置，包括多行文本框和下拉框）' },
    ],
  },
  {
    title: '办件列表',
    shortcuts: [
      { keys: ['/'], action: '定位到搜索框' },
      { keys: ['Enter'], action: '在搜索框中：查询' },
      { keys: ['↓'], action: '在搜索框中：进入结果列表' },
      { keys: ['↑', '↓'], separator: '/', action: '上下选择办件' },
      { keys: ['Enter'], action: '打开选中的办件' },
    ],
  },
  {
    title: '办件详情',
    shortcuts: [{ keys: ['Esc'], action: '返回办件列表' }],
  },
  {
    title: '登录与暂离',
    shortcuts: [{ keys: ['Enter'], action: '登录 / 恢复服务' }],
  },
];
