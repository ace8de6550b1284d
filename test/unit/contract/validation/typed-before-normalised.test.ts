import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIdentityDocumentNumber, IDENTITY_DOCUMENT_TYPES } from '../../../../electron/contract/validation/identity-document';
import { checkMobileNumber } from '../../../../electron/contract/validation/mobile-number';
import { checkTrackingNumber } from '../../../../electron/contract/validation/tracking-number';
import { checkUnifiedSocialCreditCode } from '../../../../electron/contract/validation/unified-social-credit-code';
import type { ValidationResult } from '../../../../electron/contract/validation/validation-result';

const TODAY = '2026-11-30';
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function gb32100(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (const char of first17) {
    sum += CHARSET.indexOf(char) * weight;
    weight = (weight * 3) % 31;
  }
  return first17 + CHARSET.charAt((31 - (sum % 31)) % 31);
}
function gb11643(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

// Characters whose upper case is longer or is another (valid) ASCII letter, and look-alikes
// that a normalisation (NFKC, libphonenumber) would turn into ASCII.
const TRICKY = ['ß', 'ﬀ', 'ﬁ', 'ﬃ', 'ı', 'ſ', 'ǰ', 'ŉ', 'K', 'Ａ', '１', '٣', '𝟗', 'ｘ', '\u00A0', '\u200B', '\u0301'];

/** Each validator, with the characters its value may hold. */
const VALIDATORS: Array<{ name: string; check: (s: string) => ValidationResult<unknown>; stored: (v: unknown) => string }> = [
  { name: 'credit code', check: (s) => checkUnifiedSocialCreditCode(s, 'confirmed'), stored: (v) => String(v) },
  ...IDENTITY_DOCUMENT_TYPES.map((type) => ({
    name: type,
    check: (s: string) => checkIdentityDocumentNumber(type, s, TODAY, 'confirmed'),
    stored: (v: unknown) => String(v),
  })),
  { name: 'tracking number', check: (s) => checkTrackingNumber(s), stored: (v) => String(v) },
];

describe('validators check what was typed and normalise only what passed', () => {
  it('the issue: a 17-character credit code holding ß or ﬀ does not become 18 valid characters', () => {
    const code = gb32100('91330102MA2H0T1FF');
    expect(checkUnifiedSocialCreditCode(code)).toEqual({ ok: true, value: code });
    // 17 characters as typed; upper-cased first, each would be exactly `code`.
    expect(checkUnifiedSocialCreditCode(`91330102MA2H0T1ﬀ${code.charAt(17)}`)).toEqual({
      ok: false,
      message: '统一社会信用代码应为18位，当前为17位',
    });
    const withSharpS = `91330102MA2H0T1${'ß'}${code.charAt(17)}`;
    expect(checkUnifiedSocialCreditCode(withSharpS, 'confirmed').ok).toBe(false);
  });

  it('dotless ı and long ſ are not read as I and S', () => {
    expect(checkIdentityDocumentNumber('passport', 'E1234567ı', TODAY)).toEqual({ ok: false, message: '护照号码只能由字母和数字组成，不能有“ı”' });
    expect(checkIdentityDocumentNumber('passport', 'ſ12345678', TODAY)).toEqual({ ok: false, message: '护照号码只能由字母和数字组成，不能有“ſ”' });
    expect(checkIdentityDocumentNumber('passport', 'E1234567ß', TODAY).ok).toBe(false);
    expect(checkIdentityDocumentNumber('passport', 'e12345678', TODAY)).toEqual({ ok: true, value: 'E12345678' });
  });

  it('a ligature does not complete a permanent residence card or a resident ID', () => {
    // 13 letters + ligature `ﬀ`: `ﬀ`.toUpperCase() is 'FF', which would make 3 letters + 12 digits.
    expect(checkIdentityDocumentNumber('foreign_permanent_residence', 'USA12345678901ﬀ', TODAY).ok).toBe(false);
    expect(checkIdentityDocumentNumber('foreign_permanent_residence', 'ﬀA123456789012', TODAY).ok).toBe(false);
    expect(checkIdentityDocumentNumber('foreign_permanent_residence', 'ffa123456789012', TODAY)).toEqual({ ok: true, value: 'FFA123456789012' });
    const id = gb11643('11010519491231002');
    expect(checkIdentityDocumentNumber('resident_id_card', `${id.slice(0, 17)}ｘ`, TODAY).ok).toBe(false);
    expect(checkIdentityDocumentNumber('hk_macao_permit', 'ｈ12345678', TODAY).ok).toBe(false);
    expect(checkIdentityDocumentNumber('hk_macao_permit', 'h12345678', TODAY)).toEqual({ ok: true, value: 'H12345678' });
  });

  it('property: any accepted value is the typed value (trimmed, separators out) with ASCII letters upper-cased', () => {
    const validSeeds = [
      gb32100('91330102MA2H0T109'),
      gb11643('11010519491231002'),
      gb11643('81000019900101123'),
      'H12345678',
      'E12345678',
      'USA123456789012',
      'SF123456789012',
    ];
    const typed = fc
      .tuple(
        fc.constantFrom(...validSeeds),
        fc.array(fc.tuple(fc.nat(20), fc.constantFrom(...TRICKY, 'a', 'x', '0')), { maxLength: 3 }),
        fc.array(fc.nat(20), { maxLength: 2 }),
      )
      .map(([seed, inserts, deletes]) => {
        const chars = [...seed.toLowerCase()];
        for (const d of deletes) chars.splice(d % (chars.length || 1), 1);
        for (const [at, c] of inserts) chars.splice(at % (chars.length + 1), 0, c);
        return chars.join('');
      });
    fc.assert(
      fc.property(typed, (input) => {
        for (const v of VALIDATORS) {
          const result = v.check(input);
          if (!result.ok) continue;
          const stored = v.stored(result.value);
          const asTyped = v.name === 'tracking number' ? input.replace(/[\s-]/g, '') : input.trim();
          // Nothing but ASCII letters and digits is ever stored, and exactly as many as typed.
          expect(stored, `${v.name}: ${JSON.stringify(input)}`).toMatch(/^[0-9A-Z]+$/);
          expect([...stored].length, `${v.name}: ${JSON.stringify(input)}`).toBe([...asTyped].length);
          expect(stored, `${v.name}: ${JSON.stringify(input)}`).toBe(asTyped.toUpperCase());
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('property: a mobile number is accepted only from ASCII digits (and + separators)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('+852 9123 4567', '138 1234 5678', '+886 912 345 678', '0085291234567'),
        fc.nat(16),
        fc.constantFrom(...TRICKY, '٩', '۹', '９', 'x', '.'),
        (seed, at, c) => {
          const input = seed.slice(0, at % (seed.length + 1)) + c + seed.slice(at % (seed.length + 1));
          const result = checkMobileNumber(input, 'international');
          // Whitespace-like tricky characters are separators, and so is a dot inside a number
          // written with its country code (+33 6.12.34.56.78); every other one must be refused.
          if (/^\s$/u.test(c)) return;
          if (c === '.' && /^(\+|00)(?!86)/.test(input) && !input.startsWith('.')) return;
          expect(result.ok, JSON.stringify(input)).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
