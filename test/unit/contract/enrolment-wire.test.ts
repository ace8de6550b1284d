import { describe, expect, it } from 'vitest';
import { EnrolRequestSchema, EnrolResponseSchema } from '../../../electron/contract/sync';
import { newWindowToken, sha256Hex } from '../../../electron/core/sync/enrol';

// The enrolment wire after review-16, finding 3: the window makes the token and sends only its
// SHA-256; the server's answer carries no token at all.

const CODE = '7K2M-9QXA-3F0B-WD5R';

describe('the enrolment wire', () => {
  it('asks for the token hash beside the code, as 64 lower-case hex digits', () => {
    const token = newWindowToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const hash = sha256Hex(token);
    expect(EnrolRequestSchema.parse({ code: CODE, hall: 'JQ', window: 12, tokenHash: hash })).toEqual({ code: '7K2M9QXA3F0BWD5R', hall: 'JQ', window: 12, tokenHash: hash });
    // An older window's request (no hash) and a hash in another spelling are refused, not guessed at.
    expect(EnrolRequestSchema.safeParse({ code: CODE, hall: 'JQ', window: 12 }).success).toBe(false);
    expect(EnrolRequestSchema.safeParse({ code: CODE, hall: 'JQ', window: 12, tokenHash: hash.toUpperCase() }).success).toBe(false);
    expect(EnrolRequestSchema.safeParse({ code: CODE, hall: 'JQ', window: 12, tokenHash: token }).success).toBe(false);
  });

  it('answers with the hall and window only: a token in the answer is refused', () => {
    const answer = { hall: 'JQ', window: 12, serverTime: '2026-11-30T08:00:00.000Z' };
    expect(EnrolResponseSchema.parse(answer)).toEqual(answer);
    expect(EnrolResponseSchema.safeParse({ ...answer, token: newWindowToken() }).success).toBe(false);
  });
});
