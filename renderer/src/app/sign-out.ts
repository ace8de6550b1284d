import type { Role } from '../../../electron/contract';
import { mayCall } from './role-access';

/**
 * What the 退出 dialog says will become of unsaved work. Only a role that keeps intake drafts
 * (may call drafts.save — the method table decides) hears about the 受理单 draft; a 系统管理员
 * has no intake, so the draft sentence would only puzzle them.
 */
export function signOutNotice(role: Role): string {
  return mayCall(role, 'drafts.save')
    ? '正在填写的受理单会保存为草稿，下次登录时恢复；其他未提交的内容（如打开的对话框）不会保存。'
    : '未提交的内容（如打开的对话框）不会保存。';
}
