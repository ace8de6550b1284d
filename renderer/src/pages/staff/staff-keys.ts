import type { ShortcutGroup } from '../../app/shortcuts';
import { mayCall } from '../../app/role-access';
import type { Role } from '../../../../electron/contract';

/** The 人员 page's keys for the F1 sheet: only those the role has a use for (N adds, 系统管理员 only). */
export function staffShortcuts(role: Role): ShortcutGroup {
  return {
    title: '人员',
    shortcuts: [
      { keys: ['/'], action: '定位到筛选框' },
      { keys: ['↓'], action: '在筛选框中：进入人员列表' },
      { keys: ['↑', '↓'], separator: '/', action: '在人员列表中：上下选择' },
      ...(mayCall(role, 'staff.add') ? [{ keys: ['N'], action: '新增人员（不在输入框中时）' }] : []),
    ],
  };
}

/** The key that opens 新增人员 anywhere on the page but in a text field (N, without modifiers). */
export function isAddKey(e: KeyboardEvent): boolean {
  return !e.ctrlKey && !e.altKey && !e.metaKey && (e.key === 'n' || e.key === 'N');
}
