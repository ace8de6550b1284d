// What the 人员 page shows of an account and which acts it offers on it: pure, so the rules are
// tested without a screen.
import { mayCall } from '../../app/role-access';
import { ROLE_LABELS, type Role, type StaffMember } from '../../../../electron/contract';
import { formatTimeOfDay } from '../../shared/format';

/** Whether the account's sign-in is refused now for too many wrong PINs (`now` in ms since the epoch). */
export function isLocked(member: Pick<StaffMember, 'lockedUntil'>, now: number): boolean {
  return member.lockedUntil !== null && Date.parse(member.lockedUntil) > now;
}

/** The 状态 column: 已停用 before a lock (a disabled account cannot sign in at all). */
export interface StaffStanding {
  kind: 'active' | 'disabled' | 'locked';
  /** 正常 / 已停用 / 已锁定至 09:31 (the hall's time). */
  label: string;
}

/** The account's standing at `now`, the lock's end shown in the hall's `timeZone`. */
export function standingOf(member: Pick<StaffMember, 'active' | 'lockedUntil'>, now: number, timeZone: string): StaffStanding {
  if (!member.active) return { kind: 'disabled', label: '已停用' };
  if (isLocked(member, now) && member.lockedUntil !== null) {
    return { kind: 'locked', label: `已锁定至 ${formatTimeOfDay(member.lockedUntil, timeZone)}` };
  }
  return { kind: 'active', label: '正常' };
}

/** Acts on one account, each a contract method. */
export type StaffAct = 'setRole' | 'resetPin' | 'setActive' | 'unlock';

/** Who is looking at the list. */
export interface Viewer {
  id: string;
  role: Role;
}

/**
 * Whether the viewer looks after `target`'s account at all: a 系统管理员 anyone's, a 组长 only a
 * 窗口工作人员's (staff-module.ts and the comments of methods.ts: 组长 unlock and reset a clerk's
 * PIN; a 组长's or 系统管理员's account is the 系统管理员's).
 */
function looksAfter(viewer: Viewer, target: Pick<StaffMember, 'role'>): boolean {
  return viewer.role === 'it_admin' || target.role === 'clerk';
}

/**
 * The acts the 人员 page shows on `member`'s row, in the order shown: each only if the role may
 * call its method (the method table) and looks after that account. 解锁 only while locked. On
 * one's own row they are shown but disabled, with the reason (ownRowRefusal), rather than
 * offered and then refused by the core.
 */
export function actsOn(viewer: Viewer, member: StaffMember, now: number): StaffAct[] {
  if (!looksAfter(viewer, member)) return [];
  const acts: StaffAct[] = [];
  if (isLocked(member, now) && mayCall(viewer.role, 'staff.unlock')) acts.push('unlock');
  if (mayCall(viewer.role, 'staff.resetPin')) acts.push('resetPin');
  if (mayCall(viewer.role, 'staff.setRole')) acts.push('setRole');
  if (mayCall(viewer.role, 'staff.setActive')) acts.push('setActive');
  return acts;
}

/**
 * Why `act` cannot be done on one's own account, in the core's words (staff-module.ts refuses
 * each of them when the target is the caller: 不能停用自己的账号, 不能更改自己的角色, 不能重设自己的密码,
 * 不能为自己解除锁定); null when `member` is someone else. One's own PIN is changed with 修改密码
 * in the header (session.changePin).
 */
export function ownRowRefusal(viewer: Viewer, member: Pick<StaffMember, 'id'>, act: StaffAct): string | null {
  if (member.id !== viewer.id) return null;
  switch (act) {
    case 'resetPin':
      return '修改自己的密码请用右上角“修改密码”';
    case 'unlock':
      return '不能为自己解除锁定';
    case 'setRole':
      return '不能更改自己的角色';
    case 'setActive':
      return '不能停用自己的账号';
  }
}

/**
 * Whether `member` matches what was typed in the filter box: part of the 工号, the 姓名 or the
 * role's name (组长 lists the team leaders). Blank matches everyone.
 */
export function matchesFilter(member: Pick<StaffMember, 'staffNumber' | 'name' | 'role'>, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  return (
    member.staffNumber.toLowerCase().includes(q) || member.name.includes(q) || ROLE_LABELS[member.role].includes(q)
  );
}
