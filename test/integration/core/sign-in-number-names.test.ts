import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, STAFF, type TestCore } from '../../support/core-fixture';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/**
 * Unregistered numbers' counts are kept by number (sign-in-attempts.ts). A number that happens to
 * be a name every JavaScript object answers to (`constructor`, `toString`, `valueOf` — all valid
 * staff numbers: letters and digits) must count and lock like any other unknown number; read off
 * the object's prototype it would answer "还可尝试 NaN 次" and never lock, marking it as unlike
 * a real number.
 */
describe('sign-in with staff numbers named like object properties', () => {
  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty'])('%s is answered like a wrong PIN, and locks', async (staffNumber) => {
    t = await createTestCore();
    for (let i = 1; i <= 4; i++) {
      const [wrong, odd] = [await t.fail('session.signIn', { staffNumber: STAFF.number, pin: '111111' }), await t.fail('session.signIn', { staffNumber, pin: '111111' })];
      expect({ code: odd.code, message: odd.message, details: odd.details }).toEqual({ code: wrong.code, message: wrong.message, details: wrong.details });
      expect(odd.message).toBe(`工号或密码错误，还可尝试 ${5 - i} 次`);
    }
    const locked = await t.fail('session.signIn', { staffNumber, pin: '111111' });
    expect(locked.code).toBe('staff_locked');
    const still = await t.fail('session.signIn', { staffNumber, pin: '111111' });
    expect(still.code).toBe('staff_locked');
  });
});
