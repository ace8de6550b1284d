import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../electron/core/clock';
import { openStaffAdmin } from '../../../electron/core';
import { createTestCore, STAFF, type TestCore } from '../../support/core-fixture';

/** A clock the test moves by hand. */
function manualClock(start: string): Clock & { advance(ms: number): void } {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms) => (t += ms) };
}

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** The staff members' own acts (sign-ins, 暂离 …), oldest first: not what IT did to their accounts. */
function staffEvents(dataDir: string): string[] {
  const db = new Database(path.join(dataDir, 'counter.sqlite'), { readonly: true });
  try {
    return (
      db.prepare("SELECT type FROM events WHERE stream_type = 'staff' AND staff_id = stream_id ORDER BY seq").all() as Array<{ type: string }>
    ).map((r) => r.type);
  } finally {
    db.close();
  }
}

describe('staff sign-in at the window', () => {
  it('signs in with staff number and PIN, recording who, where and when', async () => {
    t = await createTestCore();
    const session = await t.call('session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
    expect(session).toMatchObject({ state: 'active', staff: { staffNumber: '1001', name: '王芳' } });
    const signedOut = await t.call('session.signOut', {});
    expect(signedOut.state).toBe('signed_out');
    expect(staffEvents(t.dataDir)).toEqual(['staff.signedIn', 'staff.signedOut']);
  });

  it('answers an unknown staff number exactly as a wrong PIN, through the lock and after a restart', async () => {
    const clock = manualClock('2026-11-23T01:00:00Z');
    t = await createTestCore({ clock });
    const admin = await openStaffAdmin(t.dataDir);
    await admin.add('1003', '赵敏', '583920');
    admin.setActive('1003', false);
    admin.close();
    const answer = (e: { code: string; message: string; details: Record<string, unknown> }) => ({
      code: e.code,
      message: e.message,
      details: e.details,
    });
    // Side by side: a registered number with a wrong PIN, a number nobody has, a disabled one.
    const series = async (pin: string) => {
      const [wrong, unknown, disabled] = await Promise.all(
        ['1001', '9999', '1003'].map(async (staffNumber) => answer(await t!.fail('session.signIn', { staffNumber, pin }))),
      );
      if (!wrong || !unknown || !disabled) throw new Error('three answers expected');
      return [wrong, unknown, disabled] as const;
    };
    for (let i = 1; i <= 4; i++) {
      const [wrong, unknown, disabled] = await series('111111');
      expect(wrong).toEqual({ code: 'sign_in_failed', message: `工号或密码错误，还可尝试 ${5 - i} 次`, details: { attemptsLeft: 5 - i } });
      expect(unknown).toEqual(wrong);
      expect(disabled).toEqual(wrong);
    }
    const [locked, unknownLocked, disabledLocked] = await series('111111');
    expect(locked).toEqual({
      code: 'staff_locked',
      message: '密码连续输错 5 次，账号已锁定 5 分钟',
      details: { lockedUntil: '2026-11-23T01:05:00.000Z' },
    });
    expect(unknownLocked).toEqual(locked);
    expect(disabledLocked).toEqual(locked);

    // While locked, and after a restart: still the same answer for all three.
    clock.advance(2 * 60_000);
    t = await t.reopen();
    const [still, unknownStill, disabledStill] = await series(STAFF.pin);
    expect(still.code).toBe('staff_locked');
    expect(still.message).toContain('请 3 分钟后再试');
    expect(unknownStill).toEqual(still);
    expect(disabledStill).toEqual(still);

    // After the lock, a fresh count for all three.
    clock.advance(3 * 60_000 + 1);
    const [fresh, unknownFresh] = await series('111111');
    expect(fresh.details).toEqual({ attemptsLeft: 4 });
    expect(unknownFresh).toEqual(fresh);
  });

  it('takes as long to refuse an unknown number or a locked one as to check a PIN', async () => {
    t = await createTestCore();
    const timed = async (staffNumber: string, pin: string) => {
      const started = process.hrtime.bigint();
      await t!.fail('session.signIn', { staffNumber, pin });
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      wrong.push(await timed(STAFF.number, '111111'));
      unknown.push(await timed(`77${i}`, '111111'));
    }
    // The fifth wrong PIN locks 1001; the answers to the locked number come next.
    await timed(STAFF.number, '111111');
    const locked = [await timed(STAFF.number, STAFF.pin), await timed(STAFF.number, STAFF.pin)];
    // scrypt (~16 MiB, tens of ms) dominates every answer; a path that skipped it would answer
    // in well under a millisecond. Minimums, so a busy machine slowing one run cannot fail this.
    const floor = Math.min(...wrong) / 3;
    expect(Math.min(...unknown)).toBeGreaterThan(floor);
    expect(Math.min(...locked)).toBeGreaterThan(floor);
  });

  it('locks the staff member for 5 minutes after 5 wrong PINs, even against the right PIN', async () => {
    const clock = manualClock('2026-11-23T01:00:00Z');
    t = await createTestCore({ clock });
    for (let i = 1; i <= 4; i++) {
      const err = await t.fail('session.signIn', { staffNumber: STAFF.number, pin: '111111' });
      expect(err.details.attemptsLeft).toBe(5 - i);
    }
    const locked = await t.fail('session.signIn', { staffNumber: STAFF.number, pin: '111111' });
    expect(locked.code).toBe('staff_locked');
    expect(locked.details.lockedUntil).toBe('2026-11-23T01:05:00.000Z');

    clock.advance(4 * 60_000);
    const stillLocked = await t.fail('session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
    expect(stillLocked.code).toBe('staff_locked');
    expect(stillLocked.message).toContain('1 分钟');

    // The lock survives a restart: it is in the database, not in memory.
    t = await t.reopen();
    const afterRestart = await t.fail('session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
    expect(afterRestart.code).toBe('staff_locked');

    clock.advance(60_000 + 1);
    const session = await t.call('session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
    expect(session.state).toBe('active');
    // A fresh count after the lock ran out.
    await t.call('session.signOut', {});
    const again = await t.fail('session.signIn', { staffNumber: STAFF.number, pin: '111111' });
    expect(again.details.attemptsLeft).toBe(4);
  });

  it('pauses (暂离) and resumes only with the PIN; staff calls are refused while paused', async () => {
    t = await createTestCore();
    await t.signIn();
    const paused = await t.call('session.pause', {});
    expect(paused.state).toBe('paused');
    const blocked = await t.fail('cases.search', {});
    expect(blocked.code).toBe('session_paused');
    const wrong = await t.fail('session.resume', { pin: '999999' });
    expect(wrong.code).toBe('sign_in_failed');
    expect(wrong.message).toBe('密码错误，还可尝试 4 次');
    const resumed = await t.call('session.resume', { pin: STAFF.pin });
    expect(resumed.state).toBe('active');
    expect(staffEvents(t.dataDir)).toEqual(['staff.signedIn', 'staff.paused', 'staff.signInFailed', 'staff.resumed']);
  });

  it('closes a session left open by a crash on the record at the next start', async () => {
    t = await createTestCore();
    await t.signIn();
    t = await t.reopen();
    expect((await t.call('session.current', {})).state).toBe('signed_out');
    expect(staffEvents(t.dataDir)).toEqual(['staff.signedIn', 'staff.signedOut']);
  });

  it('stores the PIN only as a salted scrypt hash', async () => {
    t = await createTestCore();
    await t.close();
    const db = new Database(path.join(t.dataDir, 'counter.sqlite'), { readonly: true });
    const row = db.prepare('SELECT pin_hash FROM staff WHERE staff_number = ?').get(STAFF.number) as { pin_hash: string };
    db.close();
    expect(row.pin_hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    const bytes = fs.readFileSync(path.join(t.dataDir, 'counter.sqlite'));
    expect(bytes.includes(Buffer.from(STAFF.pin))).toBe(false);
    t = null;
  });
});

describe('PIN checks under pressure', () => {
  it('locks after 5 wrong PINs even when they arrive all at once', async () => {
    t = await createTestCore();
    const attempts = await Promise.all(Array.from({ length: 12 }, () => t!.raw('session.signIn', { staffNumber: STAFF.number, pin: '111111' })));
    const codes = attempts.map((e) => (e.ok ? 'ok' : e.error.code));
    expect(codes.filter((c) => c === 'sign_in_failed')).toHaveLength(4);
    expect(codes.filter((c) => c === 'staff_locked')).toHaveLength(8);
    const right = await t.fail('session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
    expect(right.code).toBe('staff_locked');
  });

  it('does not let a slow resume undo a sign-in that finished meanwhile', async () => {
    t = await createTestCore();
    const admin = await openStaffAdmin(t.dataDir);
    await admin.add('1002', '李四', '135790');
    admin.close();
    await t.signIn();
    await t.call('session.pause', {});
    const [resumed, other] = await Promise.all([
      t.raw('session.resume', { pin: STAFF.pin }),
      t.raw('session.signIn', { staffNumber: '1002', pin: '135790' }),
    ]);
    expect(resumed.ok).toBe(true);
    expect(other.ok).toBe(true);
    // One after the other, in the order asked: 王芳 came back, then 李四 took over the window.
    expect(await t.call('session.current', {})).toMatchObject({ state: 'active', staff: { staffNumber: '1002' } });
    expect(staffEvents(t.dataDir).slice(-3)).toEqual(['staff.resumed', 'staff.signedOut', 'staff.signedIn']);
  });

  it('signs out a clerk disabled by IT at their next act', async () => {
    t = await createTestCore();
    await t.signIn();
    const admin = await openStaffAdmin(t.dataDir);
    admin.setActive(STAFF.number, false);
    admin.close();
    const refused = await t.fail('cases.search', {});
    expect(refused.code).toBe('not_signed_in');
    expect(refused.message).toContain('停用');
    expect((await t.call('session.current', {})).state).toBe('signed_out');
  });
});
