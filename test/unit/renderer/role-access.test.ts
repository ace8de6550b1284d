import { describe, expect, it } from 'vitest';
import { ROLES, type MethodName, type Role } from '../../../electron/contract';
import { homePathFor, mayCall, mayOpen, SECTIONS, sectionsFor } from '../../../renderer/src/app/role-access';
import { navShortcuts } from '../../../renderer/src/app/shortcuts';
import { signOutNotice } from '../../../renderer/src/app/sign-out';

const shown = (role: (typeof ROLES)[number]) => sectionsFor(role).map((s) => `${s.digit} ${s.label}`);

describe('the navigation shows each role what the method table lets it do', () => {
  it('a 窗口工作人员 has the window’s work (打印任务 beside 办件) and the settings, numbered Alt+1 … Alt+7', () => {
    expect(shown('clerk')).toEqual(['1 受理', '2 办件', '3 打印任务', '4 叫号', '5 评价', '6 统计', '7 设置']);
  });

  it('a 组长 has the same and 人员 before 设置', () => {
    expect(shown('lead')).toEqual(['1 受理', '2 办件', '3 打印任务', '4 叫号', '5 评价', '6 统计', '7 人员', '8 设置']);
  });

  it('a 系统管理员 has 人员 and 设置 only, as Alt+1 and Alt+2: no cases, no applicants', () => {
    expect(shown('it_admin')).toEqual(['1 人员', '2 设置']);
  });

  it('nobody signed in sees nothing', () => {
    expect(sectionsFor(undefined)).toEqual([]);
  });
});

describe('mayCall is the dispatcher’s rule read from the method table', () => {
  it('answers as the table says for a few methods a user would notice', () => {
    expect(mayCall('clerk', 'intake.submit')).toBe(true);
    expect(mayCall('it_admin', 'intake.submit')).toBe(false);
    expect(mayCall('clerk', 'staff.list')).toBe(false);
    expect(mayCall('lead', 'staff.list')).toBe(true);
    expect(mayCall('lead', 'staff.unlock')).toBe(true);
    expect(mayCall('lead', 'staff.add')).toBe(false);
    expect(mayCall('lead', 'settings.update')).toBe(false);
    expect(mayCall('it_admin', 'settings.update')).toBe(true);
  });

  it('lets every role call the methods that ask no role (sign-in, 修改密码, the window’s name)', () => {
    for (const role of ROLES) {
      expect(mayCall(role, 'session.changePin')).toBe(true);
      expect(mayCall(role, 'app.windowInfo')).toBe(true);
      expect(mayCall(role, 'session.pause')).toBe(true);
    }
  });

  it('keeps each role to its work: the window’s for the clerk, staff care for the lead, administration for IT', () => {
    const may = (role: Role, names: readonly MethodName[]) => names.filter((name) => mayCall(role, name));
    const clerkWork = ['intake.submit', 'cases.search', 'cases.get', 'drafts.save'] as const;
    const staffCare = ['staff.list', 'staff.unlock', 'staff.resetPin'] as const;
    const administration = ['staff.add', 'staff.setRole', 'staff.setActive', 'settings.get', 'settings.update', 'settings.history'] as const;
    expect(may('clerk', [...clerkWork, ...staffCare, ...administration])).toEqual([...clerkWork]);
    expect(may('lead', [...clerkWork, ...staffCare, ...administration])).toEqual([...clerkWork, ...staffCare]);
    expect(may('it_admin', [...clerkWork, ...staffCare, ...administration])).toEqual([...staffCare, ...administration]);
  });
});

describe('paths a role may not use are refused, not opened', () => {
  it('refuses a case page to the 系统管理员 and 人员 to a 窗口工作人员', () => {
    expect(mayOpen('it_admin', '/cases/2b8e6f0c-0000-4000-8000-000000000000')).toBe(false);
    expect(mayOpen('it_admin', '/intake')).toBe(false);
    expect(mayOpen('clerk', '/staff')).toBe(false);
    expect(mayOpen('lead', '/staff')).toBe(true);
    expect(mayOpen('clerk', '/cases/x/intake')).toBe(true);
  });

  it('does not mistake a path that only starts like a section for it', () => {
    expect(mayOpen('clerk', '/staffing')).toBe(true); // no such section: the page says so
  });

  it('starts each role on a section it may use: the clerk at 受理, the administrator at 设置', () => {
    expect(homePathFor('clerk')).toBe('/intake');
    expect(homePathFor('lead')).toBe('/intake');
    expect(homePathFor('it_admin')).toBe('/settings');
    for (const role of ROLES) expect(mayOpen(role, homePathFor(role))).toBe(true);
  });

  it('gives every section a distinct path', () => {
    expect(new Set(SECTIONS.map((s) => s.path)).size).toBe(SECTIONS.length);
  });
});

describe('the F1 sheet names the sections the role has, in the order Alt+1 … opens them', () => {
  it('as one line, so a 组长’s seven sections still fit a 1366×768 screen', () => {
    expect(navShortcuts(sectionsFor('lead'))).toEqual([{ keys: ['Alt+1…8'], action: '依次打开：受理、办件、打印任务、叫号、评价、统计、人员、设置' }]);
    expect(navShortcuts(sectionsFor('it_admin'))).toEqual([{ keys: ['Alt+1…2'], action: '依次打开：人员、设置' }]);
    expect(navShortcuts(sectionsFor('clerk').slice(0, 1))).toEqual([{ keys: ['Alt+1'], action: '依次打开：受理' }]);
    expect(navShortcuts([])).toEqual([]);
  });
});

describe('the 退出 dialog speaks of the 受理单 draft only to a role with intake', () => {
  it('tells the 窗口工作人员 and the 组长 their draft is kept, and the 系统管理员 nothing about drafts', () => {
    expect(signOutNotice('clerk')).toContain('受理单会保存为草稿');
    expect(signOutNotice('lead')).toContain('受理单会保存为草稿');
    expect(signOutNotice('it_admin')).not.toContain('草稿');
    expect(signOutNotice('it_admin')).toContain('不会保存');
  });
});
