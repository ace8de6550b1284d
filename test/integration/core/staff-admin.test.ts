import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StaffMemberSchema, type StaffMember } from '../../../electron/contract/staff';
import { openStaffAdmin } from '../../../electron/core';
import type { Clock } from '../../../electron/core/clock';
import { createTestCore, STAFF, STAFF_BY_ROLE, type TestCore } from '../../support/core-fixture';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

interface StoredStaffEvent {
  type: string;
  streamId: string;
  actor: string | null;
  hallCode: string;
  windowNumber: number;
  payload: Record<string, unknown>;
}

/** The staff events as stored, oldest first. */
function staffEvents(dataDir: string): StoredStaffEvent[] {
  const db = new Database(path.join(dataDir, 'counter.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare("SELECT type, stream_id, staff_id, hall_code, window_number, payload FROM events WHERE stream_type = 'staff' ORDER BY seq")
      .all() as Array<{ type: string; stream_id: string; staff_id: string | null; hall_code: string; window_number: number; payload: string }>;
    return rows.map((r) => ({
      type: r.type,
      streamId: r.stream_id,
      actor: r.staff_id,
      hallCode: r.hall_code,
      windowNumber: r.window_number,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
    }));
  } finally {
    db.close();
  }
}

/** The account numbered `staffNumber` as staff.list shows it. */
async function member(core: TestCore, staffNumber: string): Promise<StaffMember> {
  const found = (await core.call('staff.list', {})).find((s) => s.staffNumber === staffNumber);
  if (!found) throw new Error(`${staffNumber} is not listed`);
  return found;
}

/** An administrator signed in at a window that has the fixture's clerk; returns the administrator's id. */
async function adminWindow(): Promise<{ core: TestCore; adminId: string }> {
  const core = await createTestCore();
  await core.signInAs('it_admin');
  const adminId = (await core.call('session.current', {})).staff?.id;
  if (!adminId) throw new Error('the administrator is signed in');
  return { core, adminId };
}

const NEW_CLERK = { staffNumber: '1005', name: '赵敏', role: 'clerk', pin: '583920' } as const;

describe('adding staff in the app', () => {
  it('registers an account whose first PIN the person must replace, recorded with the administrator as actor', async () => {
    const { core, adminId } = await adminWindow();
    t = core;
    const added = await t.call('staff.add', NEW_CLERK);
    expect(added).toMatchObject({ staffNumber: '1005', name: '赵敏', role: 'clerk', active: true, lockedUntil: null, pinChangeRequired: true });
    expect(StaffMemberSchema.strict().safeParse(added).success).toBe(true);
    const registered = staffEvents(t.dataDir).filter((e) => e.type === 'staff.registered' && e.streamId === added.id);
    expect(registered).toEqual([
      {
        type: 'staff.registered',
        streamId: added.id,
        actor: adminId,
        hallCode: 'JQ',
        windowNumber: 12,
        payload: { staffNumber: '1005', name: '赵敏', role: 'clerk', via: 'app' },
      },
    ]);

    const taken = await t.fail('staff.add', { ...NEW_CLERK, name: '钱多' });
    expect(taken.code).toBe('conflict');
    expect(taken.fieldErrors).toEqual([{ path: 'staffNumber', message: '工号 1005 已存在' }]);
    expect((await t.call('staff.list', {})).filter((s) => s.staffNumber === '1005')).toHaveLength(1);
  });

  it('refuses a trivial first PIN with the reason beside the field, adding nobody', async () => {
    const { core } = await adminWindow();
    t = core;
    const weak = await t.fail('staff.add', { ...NEW_CLERK, pin: '123456' });
    expect(weak.code).toBe('invalid_arguments');
    expect(weak.fieldErrors).toEqual([{ path: 'pin', message: '密码不能是依次递增或递减的数字（如 123456、654321、135791）' }]);
    const birthday = await t.fail('staff.add', { ...NEW_CLERK, pin: '19900101' });
    expect(birthday.fieldErrors[0]?.message).toContain('日期');
    expect((await t.call('staff.list', {})).map((s) => s.staffNumber)).not.toContain('1005');
  });

  it('moves the pending-sync count after a recorded change', async () => {
    const { core } = await adminWindow();
    t = core;
    const pending = async () => (await t!.call('app.health', {})).sync.pending;
    const queued = () => {
      const db = new Database(path.join(t!.dataDir, 'counter.sqlite'), { readonly: true });
      try {
        return db.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
      } finally {
        db.close();
      }
    };
    /** The status bar's count once it has caught up with the outbox (it is recounted a moment after a change). */
    const settled = async (expected: number) => {
      const deadline = Date.now() + 5000;
      while ((await pending()) !== expected) {
        if (Date.now() > deadline) throw new Error(`the pending count stayed ${await pending()}, not ${expected}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const before = queued();
    await settled(before);
    await t.call('staff.add', NEW_CLERK);
    expect(queued()).toBe(before + 1);
    await settled(before + 1);
  });
});

describe('the first sign-in with a PIN someone else set', () => {
  it('opens a session that can only change the PIN; the new PIN makes it active', async () => {
    const { core } = await adminWindow();
    t = core;
    const added = await t.call('staff.add', NEW_CLERK);
    const session = await t.call('session.signIn', { staffNumber: '1005', pin: NEW_CLERK.pin });
    expect(session).toMatchObject({ state: 'pin_change_required', staff: { staffNumber: '1005', role: 'clerk' } });
    const blocked = await t.fail('cases.search', {});
    expect(blocked).toMatchObject({ code: 'pin_change_required', message: '请先设置您自己的新密码' });
    expect((await t.fail('session.pause', {})).code).toBe('pin_change_required');

    const wrong = await t.fail('session.changePin', { currentPin: '864200', newPin: '730591' });
    expect(wrong.code).toBe('sign_in_failed');
    expect(wrong.message).toBe('密码错误，还可尝试 4 次');
    expect(wrong.fieldErrors).toEqual([{ path: 'currentPin', message: '密码错误，还可尝试 4 次' }]);
    const trivial = await t.fail('session.changePin', { currentPin: NEW_CLERK.pin, newPin: '111111' });
    expect(trivial.code).toBe('invalid_arguments');
    expect(trivial.fieldErrors).toEqual([{ path: 'newPin', message: '密码不能全是同一个数字' }]);
    const same = await t.fail('session.changePin', { currentPin: NEW_CLERK.pin, newPin: NEW_CLERK.pin });
    expect(same.fieldErrors).toEqual([{ path: 'newPin', message: '新密码不能与当前密码相同' }]);
    expect((await t.call('session.current', {})).state).toBe('pin_change_required');

    const changed = await t.call('session.changePin', { currentPin: NEW_CLERK.pin, newPin: '730591' });
    expect(changed).toMatchObject({ state: 'active', staff: { staffNumber: '1005' } });
    expect((await t.raw('cases.search', {})).ok).toBe(true);
    const own = staffEvents(t.dataDir).filter((e) => e.streamId === added.id);
    expect(own.map((e) => [e.type, e.payload])).toEqual([
      ['staff.registered', { staffNumber: '1005', name: '赵敏', role: 'clerk', via: 'app' }],
      ['staff.signedIn', { pinChangeRequired: true }],
      ['staff.signInFailed', { attempts: 1 }],
      ['staff.pinChanged', { required: true }],
    ]);
    expect(own.slice(1).every((e) => e.actor === added.id)).toBe(true);

    // The old PIN is gone; the new one signs in straight to work.
    await t.call('session.signOut', {});
    expect((await t.fail('session.signIn', { staffNumber: '1005', pin: NEW_CLERK.pin })).code).toBe('sign_in_failed');
    expect((await t.call('session.signIn', { staffNumber: '1005', pin: '730591' })).state).toBe('active');
  });

  it('lets an active person change their PIN, refuses it while paused or signed out', async () => {
    t = await createTestCore();
    await t.signIn();
    const before = (await t.call('session.current', {})).since;
    const changed = await t.call('session.changePin', { currentPin: STAFF.pin, newPin: '730591' });
    expect(changed.state).toBe('active');
    expect(changed.since).toBe(before);
    await t.call('session.pause', {});
    expect((await t.fail('session.changePin', { currentPin: '730591', newPin: '518403' })).code).toBe('session_paused');
    await t.call('session.signOut', {});
    expect((await t.fail('session.changePin', { currentPin: '730591', newPin: '518403' })).code).toBe('not_signed_in');
    expect((await t.call('session.signIn', { staffNumber: STAFF.number, pin: '730591' })).state).toBe('active');
  });

  it('counts wrong current PINs towards the lock, as a sign-in does', async () => {
    t = await createTestCore();
    await t.signIn();
    for (let left = 4; left >= 1; left--) {
      const wrong = await t.fail('session.changePin', { currentPin: '999990', newPin: '730591' });
      expect(wrong.message).toBe(`密码错误，还可尝试 ${left} 次`);
    }
    const locked = await t.fail('session.changePin', { currentPin: '999990', newPin: '730591' });
    expect(locked.code).toBe('staff_locked');
    // Locked: even the right current PIN is refused until the lock runs out or is lifted.
    const right = await t.fail('session.changePin', { currentPin: STAFF.pin, newPin: '730591' });
    expect(right.code).toBe('staff_locked');
  });

  it('closes a pin_change_required session left open by a crash, like any other', async () => {
    const { core } = await adminWindow();
    t = core;
    await t.call('staff.add', NEW_CLERK);
    await t.call('session.signIn', { staffNumber: '1005', pin: NEW_CLERK.pin });
    t = await t.reopen();
    expect((await t.call('session.current', {})).state).toBe('signed_out');
    expect(staffEvents(t.dataDir).at(-1)).toMatchObject({ type: 'staff.signedOut', payload: { reason: 'app_restart' } });
    // Still required: the next sign-in asks again.
    expect((await t.call('session.signIn', { staffNumber: '1005', pin: NEW_CLERK.pin })).state).toBe('pin_change_required');
  });
});

describe('disabling, enabling and roles', () => {
  it('refuses disabling oneself and changing one’s own role, and records the others’ with old and new', async () => {
    const { core, adminId } = await adminWindow();
    t = core;
    const self = await t.fail('staff.setActive', { staffId: adminId, active: false });
    expect(self).toMatchObject({ code: 'rule_violation', message: '不能停用自己的账号' });
    const ownRole = await t.fail('staff.setRole', { staffId: adminId, role: 'clerk' });
    expect(ownRole).toMatchObject({ code: 'rule_violation', message: '不能更改自己的角色' });

    const clerk = await member(t, STAFF.number);
    expect(await t.call('staff.setActive', { staffId: clerk.id, active: false })).toMatchObject({ active: false });
    // Asking again changes nothing and records nothing.
    await t.call('staff.setActive', { staffId: clerk.id, active: false });
    expect(await t.call('staff.setActive', { staffId: clerk.id, active: true })).toMatchObject({ active: true });
    expect(await t.call('staff.setRole', { staffId: clerk.id, role: 'lead' })).toMatchObject({ role: 'lead' });
    const acts = staffEvents(t.dataDir).filter((e) => e.streamId === clerk.id && e.type !== 'staff.registered');
    expect(acts).toEqual([
      expect.objectContaining({ type: 'staff.disabled', actor: adminId, payload: {} }),
      expect.objectContaining({ type: 'staff.enabled', actor: adminId, payload: {} }),
      expect.objectContaining({ type: 'staff.roleChanged', actor: adminId, payload: { from: 'clerk', to: 'lead' } }),
    ]);
    // A disabled account cannot sign in.
    await t.call('staff.setActive', { staffId: clerk.id, active: false });
    expect((await t.fail('session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin })).code).toBe('sign_in_failed');
  });

  it('keeps the last active administrator: a second one may be demoted, then nobody can demote or disable the last', async () => {
    const { core, adminId } = await adminWindow();
    t = core;
    const second = await t.call('staff.add', { staffNumber: '9002', name: '孙丽', role: 'it_admin', pin: '583920' });
    expect(await t.call('staff.setRole', { staffId: second.id, role: 'lead' })).toMatchObject({ role: 'lead' });
    // Now the signed-in administrator is the last one, and the app gives no way to remove them.
    expect((await t.fail('staff.setRole', { staffId: adminId, role: 'lead' })).code).toBe('rule_violation');
    expect((await t.fail('staff.setActive', { staffId: adminId, active: false })).code).toBe('rule_violation');
    expect((await member(t, STAFF_BY_ROLE.it_admin.number)).role).toBe('it_admin');

    // The staff command holds the same rule.
    const admin = await openStaffAdmin(t.dataDir);
    try {
      expect(() => admin.setActive(STAFF_BY_ROLE.it_admin.number, false)).toThrow('至少要保留一个可用的系统管理员账号');
      expect(() => admin.setRole(STAFF_BY_ROLE.it_admin.number, 'clerk')).toThrow('至少要保留一个可用的系统管理员账号');
      // Another administrator first, then the first may go.
      admin.setRole('9002', 'it_admin');
      admin.setActive(STAFF_BY_ROLE.it_admin.number, false);
      expect(() => admin.setRole('9002', 'lead')).toThrow('至少要保留一个可用的系统管理员账号');
    } finally {
      admin.close();
    }
    expect((await t.fail('staff.list', {})).code).toBe('not_signed_in');
  });

  it('lets a folder of clerks from before roles get its first administrator from the staff command', async () => {
    t = await createTestCore();
    const admin = await openStaffAdmin(t.dataDir);
    try {
      await admin.add('1002', '李四', '135790');
      // No administrator ever: a clerk may still be disabled, and one may be made the first administrator.
      admin.setActive('1002', false);
      admin.setRole(STAFF.number, 'it_admin');
      expect(admin.list().map((s) => [s.staffNumber, s.role, s.active])).toEqual([
        [STAFF.number, 'it_admin', true],
        ['1002', 'clerk', false],
      ]);
    } finally {
      admin.close();
    }
    const cli = staffEvents(t.dataDir).filter((e) => e.type !== 'staff.registered');
    expect(cli.map((e) => [e.type, e.actor, e.payload])).toEqual([
      ['staff.disabled', null, { via: 'cli' }],
      ['staff.roleChanged', null, { from: 'clerk', to: 'it_admin', via: 'cli' }],
    ]);
    expect(cli.every((e) => e.hallCode === 'JQ' && e.windowNumber === 12)).toBe(true);
    await t.signIn();
    expect((await t.call('session.current', {})).staff?.role).toBe('it_admin');
  });

  it('answers not_found for an account that does not exist', async () => {
    const { core } = await adminWindow();
    t = core;
    const nobody = '0192a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b';
    for (const [method, args] of [
      ['staff.setActive', { staffId: nobody, active: false }],
      ['staff.setRole', { staffId: nobody, role: 'lead' }],
      ['staff.resetPin', { staffId: nobody, temporaryPin: '583920' }],
      ['staff.unlock', { staffId: nobody }],
    ] as const) {
      expect((await t.fail(method, args)).code, method).toBe('not_found');
    }
  });
});

describe('PIN resets and unlocking', () => {
  /** Five wrong PINs for `staffNumber` at the sign-in screen: locked. */
  async function lockOut(core: TestCore, staffNumber: string): Promise<void> {
    for (let i = 0; i < 5; i++) await core.raw('session.signIn', { staffNumber, pin: '999990' });
    expect((await core.fail('session.signIn', { staffNumber, pin: '999990' })).code).toBe('staff_locked');
  }

  it('resets a locked person’s PIN: the lock lifts, the next sign-in asks for their own PIN, then work', async () => {
    t = await createTestCore();
    await t.signInAs('lead');
    await t.call('session.signOut', {});
    await lockOut(t, STAFF_BY_ROLE.lead.number);
    const { adminId } = await (async () => {
      await t!.signInAs('it_admin');
      return { adminId: (await t!.call('session.current', {})).staff?.id };
    })();
    const lead = await member(t, STAFF_BY_ROLE.lead.number);
    expect(lead.lockedUntil).not.toBeNull();
    const reset = await t.call('staff.resetPin', { staffId: lead.id, temporaryPin: '583920' });
    expect(reset).toMatchObject({ lockedUntil: null, pinChangeRequired: true });
    expect(staffEvents(t.dataDir).at(-1)).toEqual(
      expect.objectContaining({ type: 'staff.pinReset', streamId: lead.id, actor: adminId, payload: {} }),
    );
    expect(JSON.stringify(staffEvents(t.dataDir))).not.toContain('583920');
    expect(JSON.stringify(staffEvents(t.dataDir))).not.toContain('scrypt');

    const first = await t.call('session.signIn', { staffNumber: lead.staffNumber, pin: '583920' });
    expect(first.state).toBe('pin_change_required');
    expect((await t.call('session.changePin', { currentPin: '583920', newPin: '730591' })).state).toBe('active');
    expect((await t.raw('staff.list', {})).ok).toBe(true);
  });

  it('refuses a reset of one’s own PIN (修改密码 is for that) and a trivial temporary PIN', async () => {
    const { core, adminId } = await adminWindow();
    t = core;
    const own = await t.fail('staff.resetPin', { staffId: adminId, temporaryPin: '583920' });
    expect(own.code).toBe('rule_violation');
    expect(own.message).toContain('修改密码');
    const clerk = await member(t, STAFF.number);
    const weak = await t.fail('staff.resetPin', { staffId: clerk.id, temporaryPin: '000000' });
    expect(weak.fieldErrors).toEqual([{ path: 'temporaryPin', message: '密码不能全是同一个数字' }]);
    expect((await member(t, STAFF.number)).pinChangeRequired).toBe(false);
  });

  it('lets a 组长 reset and unlock a 窗口工作人员 only', async () => {
    t = await createTestCore();
    const admin = await openStaffAdmin(t.dataDir);
    await admin.add('2002', '周强', '135790', 'lead');
    await admin.add(STAFF_BY_ROLE.it_admin.number, STAFF_BY_ROLE.it_admin.name, STAFF_BY_ROLE.it_admin.pin, 'it_admin');
    admin.close();
    await lockOut(t, STAFF.number);
    await lockOut(t, '2002');
    await t.signInAs('lead');
    const leadId = (await t.call('session.current', {})).staff?.id;
    const clerk = await member(t, STAFF.number);
    const otherLead = await member(t, '2002');
    const itAdmin = await member(t, STAFF_BY_ROLE.it_admin.number);

    expect(await t.call('staff.unlock', { staffId: clerk.id })).toMatchObject({ lockedUntil: null });
    expect(staffEvents(t.dataDir).at(-1)).toMatchObject({ type: 'staff.unlocked', streamId: clerk.id, actor: leadId });
    expect(await t.call('staff.resetPin', { staffId: clerk.id, temporaryPin: '583920' })).toMatchObject({ pinChangeRequired: true });

    for (const target of [otherLead, itAdmin]) {
      const unlock = await t.fail('staff.unlock', { staffId: target.id });
      expect(unlock).toMatchObject({ code: 'forbidden', message: '组长只能为窗口工作人员解除锁定' });
      const reset = await t.fail('staff.resetPin', { staffId: target.id, temporaryPin: '583920' });
      expect(reset).toMatchObject({ code: 'forbidden', message: '组长只能为窗口工作人员重设密码' });
    }
    expect((await member(t, '2002')).lockedUntil).not.toBeNull();
    // The administrator's part stays the administrator's.
    expect((await t.fail('staff.setActive', { staffId: clerk.id, active: false })).code).toBe('forbidden');
    expect((await t.fail('staff.add', NEW_CLERK)).code).toBe('forbidden');
    const own = await t.fail('staff.unlock', { staffId: leadId });
    expect(own.code).toBe('rule_violation');

    // The clerk signs in with the temporary PIN and is asked for their own.
    expect((await t.call('session.signIn', { staffNumber: STAFF.number, pin: '583920' })).state).toBe('pin_change_required');
  });
});

describe('the staff list', () => {
  it('lists every account by staff number, never a PIN hash', async () => {
    const { core } = await adminWindow();
    t = core;
    await t.call('staff.add', NEW_CLERK);
    const list = await t.call('staff.list', {});
    expect(list.map((s) => [s.staffNumber, s.role, s.pinChangeRequired])).toEqual([
      [STAFF.number, 'clerk', false],
      ['1005', 'clerk', true],
      [STAFF_BY_ROLE.it_admin.number, 'it_admin', false],
    ]);
    for (const s of list) expect(Object.keys(s).sort()).toEqual(Object.keys(StaffMemberSchema.shape).sort());
    const text = JSON.stringify(list);
    expect(text).not.toContain('scrypt');
    expect(text).not.toMatch(/hash/i);
  });

  it('shows a lock only while it runs', async () => {
    let now = new Date('2026-11-23T01:00:00Z').getTime();
    const clock: Clock = { now: () => new Date(now) };
    t = await createTestCore({ clock });
    for (let i = 0; i < 5; i++) await t.raw('session.signIn', { staffNumber: STAFF.number, pin: '999990' });
    await t.signInAs('lead');
    expect((await member(t, STAFF.number)).lockedUntil).toBe('2026-11-23T01:05:00.000Z');
    now += 5 * 60_000;
    expect((await member(t, STAFF.number)).lockedUntil).toBeNull();
  });
});
