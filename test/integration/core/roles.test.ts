import { afterEach, describe, expect, it } from 'vitest';
import { methods, type MethodName } from '../../../electron/contract';
import { ROLES, type Role } from '../../../electron/contract/roles';
import { createLogger, openStaffAdmin } from '../../../electron/core';
import { createTestCore, STAFF_BY_ROLE, type TestCore } from '../../support/core-fixture';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const ALL = Object.keys(methods) as MethodName[];
const STAFF_METHODS = ALL.filter((m) => methods[m].access === 'staff');

/** The error code of a call, or 'ok'. */
async function outcome(core: TestCore, method: string, args: unknown): Promise<string> {
  const envelope = await core.raw(method, args);
  return envelope.ok ? 'ok' : envelope.error.code;
}

describe('the role of every contract method', () => {
  it('names at least one role for every staff method, and none for public and display ones', () => {
    for (const m of ALL) {
      if (methods[m].access === 'staff') expect(methods[m].roles.length, m).toBeGreaterThan(0);
      else expect(methods[m].roles, m).toEqual([]);
    }
    // Every role may do something, and the administrator is kept apart from the window's cases.
    for (const role of ROLES) expect(STAFF_METHODS.some((m) => methods[m].roles.includes(role)), role).toBe(true);
    expect(methods['cases.get'].roles).not.toContain('it_admin');
    expect(methods['settings.update'].roles).toEqual(['it_admin']);
  });

  // Each role × each method: a method outside the role's is refused `forbidden` whatever the
  // arguments; one inside it, and every public and display method, is never refused as forbidden.
  it.each(ROLES.map((role) => [role]))('answers a %s exactly as the method table says', async (role: Role) => {
    t = await createTestCore();
    await t.signInAs(role);
    const who = STAFF_BY_ROLE[role];
    const seen: Array<[MethodName, string]> = [];
    // Every disagreement with the table at once, so one wrong method does not hide another.
    const wrong: string[] = [];
    for (const m of ALL) {
      // Some calls change the session (signOut, pause): every method is called by an active `role`.
      if ((await t.call('session.current', {})).state !== 'active') await t.signIn(who.number, who.pin);
      const spec = methods[m];
      const code = await outcome(t, m, {});
      seen.push([m, code]);
      if (spec.access === 'staff' && !spec.roles.includes(role)) {
        if (code !== 'forbidden') wrong.push(`${m} answered ${code}, not forbidden`);
        const withBadArgs = await outcome(t, m, { definitelyNotAnArgument: 1 });
        if (withBadArgs !== 'forbidden') wrong.push(`${m} with bad arguments answered ${withBadArgs}, not forbidden`);
      } else if (code === 'forbidden') {
        wrong.push(`${m} (${spec.access}) answered forbidden`);
      }
    }
    expect(wrong).toEqual([]);
    expect(seen).toHaveLength(ALL.length);
    // The session was the role's throughout: nothing above was refused for want of a session.
    expect(seen.filter(([, code]) => code === 'not_signed_in' || code === 'session_paused')).toEqual([]);
    // Not vacuous: each role was refused some methods (the clerk and the lead the administration,
    // the administrator the window's work) and allowed others.
    expect(seen.filter(([, code]) => code === 'forbidden').length).toBeGreaterThan(0);
    expect(seen.filter(([, code]) => code !== 'forbidden').length).toBeGreaterThan(0);
  });

  // A session that may not work yet (a PIN set by someone else) or has stepped away (暂离): every
  // staff method, whatever its roles and arguments, says so first — future methods included.
  it('refuses every staff method to a session that must change its PIN, and to a paused one', async () => {
    t = await createTestCore();
    const admin = STAFF_BY_ROLE.it_admin;
    await t.signInAs('it_admin');
    const clerk = (await t.call('staff.list', {})).find((s) => s.role === 'clerk');
    if (!clerk) throw new Error('the fixture has no clerk');
    await t.call('staff.resetPin', { staffId: clerk.id, temporaryPin: '804613' });
    await t.call('session.signOut', {});
    expect((await t.call('session.signIn', { staffNumber: clerk.staffNumber, pin: '804613' })).state).toBe('pin_change_required');
    const wrong: string[] = [];
    for (const m of STAFF_METHODS) {
      for (const args of [{}, { definitelyNotAnArgument: 1 }]) {
        const code = await outcome(t, m, args);
        if (code !== 'pin_change_required') wrong.push(`${m} answered ${code} before the PIN change`);
      }
    }
    await t.call('session.signOut', {});
    await t.signIn(admin.number, admin.pin);
    await t.call('session.pause', {});
    for (const m of STAFF_METHODS) {
      const code = await outcome(t, m, {});
      if (code !== 'session_paused') wrong.push(`${m} answered ${code} while paused`);
    }
    expect(wrong).toEqual([]);
  });

  it('logs a forbidden call with the method, the staff id and the role, never its arguments', async () => {
    const lines: string[] = [];
    t = await createTestCore({ logger: createLogger({ write: (line) => lines.push(line) }) });
    await t.signInAs('clerk');
    const me = (await t.call('session.current', {})).staff;
    const refused = await t.fail('staff.add', { staffNumber: '3001', name: '赵敏', role: 'it_admin', pin: '583920' });
    expect(refused.code).toBe('forbidden');
    expect(refused.message).toBe('当前账号（窗口工作人员）无权进行此操作');
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['message'] === 'forbidden call');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'warn', method: 'staff.add', staffId: me?.id, role: 'clerk' });
    expect(lines.join('\n')).not.toContain('赵敏');
    expect(lines.join('\n')).not.toContain('583920');
  });

  it('answers not_signed_in to every staff method when nobody is signed in, before looking at roles or arguments', async () => {
    t = await createTestCore();
    for (const m of STAFF_METHODS) {
      expect(await outcome(t, m, {}), m).toBe('not_signed_in');
      expect(await outcome(t, m, { definitelyNotAnArgument: 1 }), m).toBe('not_signed_in');
    }
  });

  it('applies a role changed meanwhile at the person’s next call, without signing in again', async () => {
    t = await createTestCore();
    await t.signInAs('lead');
    expect(await outcome(t, 'staff.list', {})).toBe('ok');
    const admin = await openStaffAdmin(t.dataDir);
    // The folder's first administrator, so the lead may be made a clerk and back (no rule stands in the way).
    await admin.add(STAFF_BY_ROLE.it_admin.number, STAFF_BY_ROLE.it_admin.name, STAFF_BY_ROLE.it_admin.pin, 'it_admin');
    admin.setRole(STAFF_BY_ROLE.lead.number, 'clerk');
    expect(await outcome(t, 'staff.list', {})).toBe('forbidden');
    expect((await t.call('session.current', {})).staff?.role).toBe('clerk');
    admin.setRole(STAFF_BY_ROLE.lead.number, 'it_admin');
    admin.close();
    expect(await outcome(t, 'staff.list', {})).toBe('ok');
    expect(await outcome(t, 'cases.search', {})).toBe('forbidden');
    expect((await t.call('session.current', {})).state).toBe('active');
  });

  it('applies a role changed by an administrator in the app at that person’s next sign-in', async () => {
    t = await createTestCore();
    await t.signInAs('it_admin');
    const clerk = (await t.call('staff.list', {})).find((s) => s.staffNumber === STAFF_BY_ROLE.clerk.number);
    if (!clerk) throw new Error('the clerk is registered by the fixture');
    await t.call('staff.setRole', { staffId: clerk.id, role: 'lead' });
    await t.signIn();
    expect((await t.call('session.current', {})).staff?.role).toBe('lead');
    expect(await outcome(t, 'staff.list', {})).toBe('ok');
  });
});
