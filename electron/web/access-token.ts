import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 128 bits, URL-safe: printed with the URL and typed by nobody. */
export function newAccessToken(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Whether `given` is exactly the token, byte for byte (UTF-8). Compared in constant time, so
 * how long a refusal takes says nothing about how much of a guess was right; the length check
 * only keeps timingSafeEqual from throwing, it never decides a match on its own.
 */
export function tokensMatch(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  // Stryker disable next-line StringLiteral: equivalent — any text without "Bearer " yields null alike.
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
