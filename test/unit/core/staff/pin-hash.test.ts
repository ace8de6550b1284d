import { describe, expect, it } from 'vitest';
import { DECOY_PIN_HASH, hashPin, verifyPin } from '../../../../electron/core/staff/pin-hash';

describe('PIN hashes', () => {
  it('are salted scrypt with their parameters, never the PIN itself', async () => {
    const a = await hashPin('246810');
    const b = await hashPin('246810');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toContain('246810');
    expect(a).not.toBe(b);
  });

  it('accept the PIN and refuse every PIN of the same length one digit off, at each position', async () => {
    const pin = '246810';
    const stored = await hashPin(pin);
    expect(await verifyPin(pin, stored)).toBe(true);
    for (let i = 0; i < pin.length; i++) {
      const wrong = pin.slice(0, i) + String((Number(pin[i]) + 1) % 10) + pin.slice(i + 1);
      expect(await verifyPin(wrong, stored), `off at position ${i}`).toBe(false);
    }
    for (const wrong of ['24681', '2468100']) expect(await verifyPin(wrong, stored), wrong).toBe(false);
  });

  it('are checked with the parameters stored beside them, so raising the cost later keeps old PINs working', async () => {
    const stored = await hashPin('135790');
    const [, , , , salt, key] = stored.split('$');
    // Same PIN, same salt, a cheaper cost: a different key, so the stored N/r/p must be the ones used.
    expect(await verifyPin('135790', ['scrypt', 1024, 8, 1, salt, key].join('$'))).toBe(false);
    expect(await verifyPin('135790', ['scrypt', 16384, 8, 1, salt, key].join('$'))).toBe(true);
  });

  it('refuse anything that is not a scrypt hash they wrote, and the decoy for every PIN', async () => {
    const stored = await hashPin('246810');
    for (const bad of ['', '246810', stored.replace(/^scrypt/, 'bcrypt'), `${stored}$extra`, stored.split('$').slice(0, 5).join('$')]) {
      expect(await verifyPin('246810', bad), bad).toBe(false);
    }
    // A hash whose key was cut short must not match a key it is a prefix of.
    const [head, key] = [stored.slice(0, stored.lastIndexOf('$')), stored.slice(stored.lastIndexOf('$') + 1)];
    expect(await verifyPin('246810', `${head}$${Buffer.from(key, 'base64').subarray(0, 16).toString('base64')}`)).toBe(false);
    expect(await verifyPin('000000', DECOY_PIN_HASH)).toBe(false);
  });
});
