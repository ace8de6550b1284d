import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainEnough } from '../../../../server/events/store-batch';

// Which push bodies may be stored as received (store-batch.ts receivedJsonb): nested no deeper
// than 64, no number with a 3-digit exponent or a run of over 300 digits — outside strings. What
// is inside a string (digits, brackets, an escaped quote) never counts.
const ok = (text: string) => plainEnough(Buffer.from(text));

describe('plainEnough: what a push body may hold to be stored as received', () => {
  it('skips strings whole, however they end: escaped quotes and backslashes, text that looks like numbers or brackets', () => {
    expect(ok('{"a":"1e999"}')).toBe(true);
    expect(ok(`{"a":"${'['.repeat(100)}"}`)).toBe(true);
    expect(ok(`{"a":"\\"${'9'.repeat(400)}"}`)).toBe(true);
    // A string ending in an escaped backslash ends there: what follows is outside it again.
    expect(ok('{"a":"\\\\","b":1e999}')).toBe(false);
    expect(ok('{"a":"\\\\\\"","b":1e99}')).toBe(true);
    expect(ok('{"a":"\\\\\\"","b":1e999}')).toBe(false);
    expect(ok('{"名称":"王小明，住址：浙江省杭州市 1e999 {{[[","n":1.5e-10}')).toBe(true);
  });

  it('refuses deep nesting, long exponents and long digit runs outside strings', () => {
    expect(ok(`${'['.repeat(64)}${']'.repeat(64)}`)).toBe(true);
    expect(ok(`${'['.repeat(65)}${']'.repeat(65)}`)).toBe(false);
    expect(ok('{"a":1e99}')).toBe(true);
    expect(ok('{"a":1E+308}')).toBe(false);
    expect(ok(`{"a":${'1'.repeat(300)}}`)).toBe(true);
    expect(ok(`{"a":${'1'.repeat(301)}}`)).toBe(false);
  });

  it('says what a byte-by-byte reading says, for any JSON', () => {
    // The reading it replaced, kept here as the model: one byte at a time, a backslash skipping the next.
    const model = (bytes: Buffer): boolean => {
      let depth = 0;
      let inString = false;
      let digits = 0;
      let exponentDigits = -1;
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i] as number;
        if (inString) {
          if (b === 0x5c) i++;
          else if (b === 0x22) inString = false;
          continue;
        }
        if (b >= 0x30 && b <= 0x39) {
          if (exponentDigits >= 0) {
            if (++exponentDigits >= 3) return false;
          } else if (++digits > 300) return false;
          continue;
        }
        if ((b === 0x65 || b === 0x45) && digits > 0) {
          exponentDigits = 0;
          continue;
        }
        if ((b === 0x2b || b === 0x2d) && exponentDigits === 0) continue;
        digits = 0;
        exponentDigits = -1;
        if (b === 0x22) inString = true;
        else if (b === 0x7b || b === 0x5b) {
          if (++depth > 64) return false;
        } else if (b === 0x7d || b === 0x5d) depth--;
      }
      return true;
    };
    const text = fc.string({ unit: fc.constantFrom('"', '\\', 'a', '1', 'e', '[', '{', '王', ' ') });
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.array(tie('node')), fc.dictionary(text, tie('node'))),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        const bytes = Buffer.from(JSON.stringify(v));
        expect(plainEnough(bytes)).toBe(model(bytes));
      }),
      { numRuns: 2000 },
    );
  });
});
