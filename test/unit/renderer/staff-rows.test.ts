import { describe, expect, it } from 'vitest';
import type { StaffMember } from '../../../electron/contract';
import { actsOn, matchesFilter, ownRowRefusal, standingOf, type Viewer } from '../../../renderer/src/pages/staff/staff-rows';

const NOW = Date.parse('2026-11-30T01:28:00Z'); // 09:28 in Shanghai
const ZONE = 'Asia/Shanghai';

function member(over: Partial<StaffMember>): StaffMember {
  return {
    id: 'm',
    staffNumber: '1001',
    name: '王芳',
    role: 'clerk',
    active: true,
    lockedUntil: null,
    pinChangeRequired: false,
    createdAt: '2026-11-01T00:00:00Z',
    ...over,
  };
}

const lockedTill0931 = '2026-11-30T01:31:00Z';
const admin: Viewer = { id: 'admin', role: 'it_admin' };
const lead: Viewer = { id: 'lead', role: 'lead' };

describe('the 状态 column', () => {
  it('says 正常, or until when (the hall’s time) sign-in is locked', () => {
    expect(standingOf(member({}), NOW, ZONE)).toEqual({ kind: 'active', label: '正常' });
    expect(standingOf(member({ lockedUntil: lockedTill0931 }), NOW, ZONE)).toEqual({ kind: 'locked', label: '已锁定至 09:31' });
  });

  it('forgets a lock that has run out', () => {
    expect(standingOf(member({ lockedUntil: '2026-11-30T01:20:00Z' }), NOW, ZONE).label).toBe('正常');
  });

  it('says 已停用 for a disabled account, locked or not', () => {
    expect(standingOf(member({ active: false, lockedUntil: lockedTill0931 }), NOW, ZONE)).toEqual({ kind: 'disabled', label: '已停用' });
  });
});

describe('the acts offered on a row', () => {
  it('gives the 系统管理员 every act on anyone, 解锁 only while locked', () => {
    expect(actsOn(admin, member({ lockedUntil: lockedTill0931 }), NOW)).toEqual(['unlock', 'resetPin', 'setRole', 'setActive']);
    expect(actsOn(admin, member({ role: 'lead' }), NOW)).toEqual(['resetPin', 'setRole', 'setActive']);
    expect(actsOn(admin, member({ role: 'it_admin', id: 'other' }), NOW)).toEqual(['resetPin', 'setRole', 'setActive']);
  });

  it('shows the acts on one’s own row, each disabled with the core’s reason', () => {
    const own = member({ id: 'admin', role: 'it_admin' });
    expect(actsOn(admin, own, NOW)).toEqual(['resetPin', 'setRole', 'setActive']);
    expect(ownRowRefusal(admin, own, 'setActive')).toBe('不能停用自己的账号');
    expect(ownRowRefusal(admin, own, 'setRole')).toBe('不能更改自己的角色');
    expect(ownRowRefusal(admin, own, 'resetPin')).toBe('修改自己的密码请用右上角“修改密码”');
    expect(ownRowRefusal(admin, own, 'unlock')).toBe('不能为自己解除锁定');
  });

  it('refuses nothing on someone else’s row', () => {
    for (const act of ['unlock', 'resetPin', 'setRole', 'setActive'] as const) {
      expect(ownRowRefusal(admin, member({ id: 'other' }), act)).toBeNull();
    }
  });

  it('gives a 组长 only 解锁 and 重置密码, and only for a 窗口工作人员', () => {
    expect(actsOn(lead, member({ lockedUntil: lockedTill0931 }), NOW)).toEqual(['unlock', 'resetPin']);
    expect(actsOn(lead, member({}), NOW)).toEqual(['resetPin']);
    expect(actsOn(lead, member({ role: 'lead', id: 'other', lockedUntil: lockedTill0931 }), NOW)).toEqual([]);
    expect(actsOn(lead, member({ role: 'it_admin', id: 'x' }), NOW)).toEqual([]);
    expect(actsOn(lead, member({ id: 'lead', role: 'lead' }), NOW)).toEqual([]);
  });

  it('gives a 窗口工作人员 nothing', () => {
    expect(actsOn({ id: 'c', role: 'clerk' }, member({ lockedUntil: lockedTill0931 }), NOW)).toEqual([]);
  });
});

describe('the filter box', () => {
  const wang = member({ staffNumber: 'A1001', name: '王芳', role: 'lead' });
  it('matches part of the 工号 (any case), the 姓名 or the role’s name', () => {
    expect(matchesFilter(wang, 'a10')).toBe(true);
    expect(matchesFilter(wang, '王')).toBe(true);
    expect(matchesFilter(wang, '组长')).toBe(true);
    expect(matchesFilter(wang, ' ')).toBe(true);
    expect(matchesFilter(wang, '李')).toBe(false);
    expect(matchesFilter(wang, '管理员')).toBe(false);
  });
});
