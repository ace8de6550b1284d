import { describe, expect, it } from 'vitest';
import { bearerToken, newAccessToken, tokensMatch } from '../../../electron/web/access-token';

/** `token` with the character at `index` replaced by another one of the same (base64url) alphabet. */
function oneCharOff(token: string, index: number): string {
  const swapped = token[index] === 'A' ? 'B' : 'A';
  return token.slice(0, index) + swapped + token.slice(index + 1);
}

describe('the browser shell access token', () => {
  it('is 128 random bits in base64url, different every time', () => {
    const tokens = Array.from({ length: 50 }, () => newAccessToken());
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('matches only itself: a wrong token of the same length is refused, one character off at any position', () => {
    const token = newAccessToken();
    expect(tokensMatch(token, token)).toBe(true);
    for (let i = 0; i < token.length; i++) {
      const wrong = oneCharOff(token, i);
      expect(wrong).toHaveLength(token.length);
      expect(tokensMatch(token, wrong), `off at position ${i}`).toBe(false);
    }
    // Another freshly made token: same length, same alphabet, different secret.
    expect(tokensMatch(token, newAccessToken())).toBe(false);
    // Same characters in another order, and a case change only.
    expect(tokensMatch('abcdefghijklmnopqrstuv', 'vutsrqponmlkjihgfedcba')).toBe(false);
    expect(tokensMatch('abcDEF123_-xyzABC98765q', 'ABCdef123_-XYZabc98765Q')).toBe(false);
  });

  it('refuses a missing, empty, truncated or extended token', () => {
    const token = newAccessToken();
    for (const given of [null, undefined, '', token.slice(0, -1), token.slice(1), `${token}A`, ` ${token}`, `${token} `]) {
      expect(tokensMatch(token, given), JSON.stringify(given)).toBe(false);
    }
  });

  it('compares bytes, so a token that looks the same in another encoding of the same length is refused', () => {
    // 'é' as one code point vs 'e' + combining accent: different bytes whatever they look like.
    expect(tokensMatch('caf\u00e9xx', 'cafe\u0301x')).toBe(false);
    // Same UTF-16 length, different UTF-8 length: must not throw out of timingSafeEqual.
    expect(tokensMatch('abcd', 'abc\u00e9')).toBe(false);
  });

  it('is read from an Authorization: Bearer header only', () => {
    expect(bearerToken('Bearer abc_-123')).toBe('abc_-123');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('')).toBeNull();
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken('xBearer abc')).toBeNull();
  });
});
