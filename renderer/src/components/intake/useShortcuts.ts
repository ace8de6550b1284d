/**
 * The intake screens' keys, bound through the frame's hotkey hook so they follow the app's
 * rules: silent while the window is paused behind the lock screen or a dialog is up, and
 * unmodified keys never fire while the clerk is typing or composing with an IME.
 */
import type { ShortcutGroup } from '../../app/shortcuts';

export { useHotkey } from '../../app/shortcuts';

export function isCtrlEnter(e: KeyboardEvent): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey;
}

/** Alt+<letter> by physical key: on some layouts Alt with a letter types another character. */
export function alt(code: string): (e: KeyboardEvent) => boolean {
  return (e) => e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.code === code;
}

export function isSlash(e: KeyboardEvent): boolean {
  return e.key === '/' && !e.ctrlKey && !e.altKey && !e.metaKey;
}

export function isNextKey(e: KeyboardEvent): boolean {
  return (e.key === 'F2' && !e.ctrlKey && !e.altKey && !e.metaKey) || alt('KeyN')(e);
}

/** For the F1 help (the frame's SHORTCUT_GROUPS): every key the intake screens use. */
export const INTAKE_SHORTCUTS: ShortcutGroup = {
  title: '受理',
  shortcuts: [
    { keys: ['/', 'Alt+S'], action: '定位到事项搜索' },
    { keys: ['↑', '↓'], separator: '/', action: '事项搜索结果中上下选择' },
    { keys: ['Enter'], action: '选定事项；在申请人栏中：到下一项' },
    { keys: ['Alt+A'], action: '到申请人' },
    { keys: ['Alt+M'], action: '到材料清单' },
    { keys: ['Alt+D'], action: '到受理决定' },
    { keys: ['Space'], action: '材料清单中：已收 / 未收' },
    { keys: ['F'], action: '材料清单中：切换收取形式（原件、复印件、原件及复印件）' },
    { keys: ['+', '-'], separator: '/', action: '材料清单中：增减份数' },
    { keys: ['D'], action: '材料清单中：标记不符合要求并填写说明' },
    { keys: ['A'], action: '材料清单中：全部标记为已收' },
    { keys: ['Ctrl+Enter'], action: '确认受理决定（任意位置）' },
    { keys: ['F2', 'Alt+N'], action: '继续受理下一件 / 清空重来' },
  ],
};
