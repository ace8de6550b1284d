import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../../server/backoffice/passwords';

describe('back-office passwords', () => {
  it('accepts the password it hashed and nothing else, with a fresh salt each time', async () => {
    const password = '审批科-Zhang 2026';
    const a = await hashPassword(password);
    const b = await hashPassword(password);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(password);
    await expect(verifyPassword(password, a)).resolves.toBe(true);
    await expect(verifyPassword(password, b)).resolves.toBe(true);
    await expect(verifyPassword('审批科-Zhang 2027', a)).resolves.toBe(false);
    await expect(verifyPassword('', a)).resolves.toBe(false);
  });

  it('matches a password typed in either Unicode form (NFC and NFD of the same text)', async () => {
    const composed = 'Zoë-审批-2026'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    await expect(verifyPassword(decomposed, await hashPassword(composed))).resolves.toBe(true);
  });

  it('says no, without throwing, to a stored hash that is not one of ours', async () => {
    const good = await hashPassword('correct horse battery');
    const [, , , , salt, key] = good.split('$');
    for (const stored of [
      '',
      'plain-text-password',
      `bcrypt$16384$8$1$${salt}$${key}`,
      `scrypt$16384$8$1$${salt}`,
      `scrypt$abc$8$1$${salt}$${key}`,
      `scrypt$0$8$1$${salt}$${key}`,
      `scrypt$1000$8$1$${salt}$${key}`, // N not a power of two: scrypt itself refuses
      `scrypt$16384$8$1$${salt}$`,
      `${good}$extra`,
    ]) {
      await expect(verifyPassword('correct horse battery', stored), stored).resolves.toBe(false);
    }
  });
});
