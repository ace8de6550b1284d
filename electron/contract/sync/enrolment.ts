import { z } from 'zod';
import { IsoInstant } from '../common';
import { QueueRoleSchema } from '../queue/methods-queue';
import { HallCodeSchema, WindowNumberSchema } from './codes';

// How a window proves who it is to the upstream (DESIGN.md, "Sync"). An operator runs
// `npm run server -- enrol --hall JQ --window 12` and gives the printed one-time code to the
// window's IT administrator, who types it into the window's 设置 page (or a scripted install puts
// it in config.json's `sync.enrolmentCode`). The window makes a long random token itself, keeps
// it, and sends the code with the token's SHA-256; the server spends the code for that hash, and
// the window sends the token on every push and pull. The token never travels to the window, so an
// answer lost on the way back costs nothing: the same code with the same hash is accepted again.

/**
 * The HTTP header that carries the window's enrolment token, on every push and pull (lower case,
 * as Node and HTTP/2 spell header names). The server knows which hall and window each token
 * belongs to, so a window can push only as itself.
 */
export const ENROLMENT_TOKEN_HEADER = 'x-counter-enrolment-token';

/**
 * The alphabet of a one-time enrolment code: Crockford's base32 (no I, L, O, U), so a code read
 * aloud or copied from a screen by hand is not misread (0/O, 1/I/L).
 */
export const ENROLMENT_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Characters of a code without its dashes: 16 × 5 bits = 80 bits, guessed by no one in a code's lifetime. */
export const ENROLMENT_CODE_LENGTH = 16;

/**
 * A code as a person types it, normalised: upper case, spaces and dashes dropped, Crockford's
 * look-alikes read as what they look like (O → 0, I and L → 1). Returns null when what remains is
 * not 16 characters of the alphabet. Pure; never throws.
 */
export function normaliseEnrolmentCode(typed: string): string | null {
  const cleaned = typed
    .toUpperCase()
    .replace(/[\s\-－—_]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== ENROLMENT_CODE_LENGTH) return null;
  for (const ch of cleaned) if (!ENROLMENT_CODE_ALPHABET.includes(ch)) return null;
  return cleaned;
}

/** A code as printed and shown: four groups of four, `7K2M-9QXA-…`. Expects a normalised code. */
export function formatEnrolmentCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/** A one-time enrolment code on the wire (the server normalises it again; messages are for the 设置 page). */
export const EnrolmentCodeSchema = z
  .string({ error: '请填写注册码' })
  .transform((typed, ctx) => {
    const code = normaliseEnrolmentCode(typed);
    if (code === null) {
      ctx.addIssue({ code: 'custom', message: '注册码应为 16 位字母或数字（可带短横线），请核对上级平台管理员给出的注册码' });
      return z.NEVER;
    }
    return code;
  });

/** An enrolment token: 32 random bytes as base64url (43 characters), made by the window. */
export const EnrolmentTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not an enrolment token');

/** A token's SHA-256 over its UTF-8 text, as 64 lower-case hex digits: all the server ever holds of it. */
export const EnrolmentTokenHashSchema = z.string().regex(/^[0-9a-f]{64}$/, '令牌摘要应为 64 位小写十六进制（SHA-256）');

/**
 * `POST /v1/enrol` (no token header): the window sends the code with the hall and window its own
 * config names, and the SHA-256 of the token it made and stored before sending. The server
 * refuses (403) a code unknown, revoked, expired or issued for another hall or window, or spent
 * for another hash; it accepts an unspent code (spending it for `tokenHash`, which becomes the
 * window's one live token) and, unchanged, the same code again with the same hash while that
 * token is live (the first answer was lost).
 * `role`: what the PC's config says it is (config `role`: window / dispenser / display). A code
 * issued for a role (`enrol --role …`) is refused (403, in words naming both roles, nothing spent)
 * to a PC whose config names another; the token gets the code's role, else this one. Absent (an
 * app from before roles): the token gets the code's role, or none (accepted in every role).
 */
export const EnrolRequestSchema = z.strictObject({
  code: EnrolmentCodeSchema,
  hall: HallCodeSchema,
  window: WindowNumberSchema,
  tokenHash: EnrolmentTokenHashSchema,
  role: QueueRoleSchema.optional(),
});
export type EnrolRequest = z.output<typeof EnrolRequestSchema>;

/**
 * The enrolment a window from before the window-made token still sends (`{code, hall, window}`):
 * the server makes the token and sends it back in a LegacyEnrolResponse, as it did then. Kept so
 * windows updated after their hall's server can still enrol; a lost answer spends the code there.
 */
export const LegacyEnrolRequestSchema = z.strictObject({
  code: EnrolmentCodeSchema,
  hall: HallCodeSchema,
  window: WindowNumberSchema,
});

/** The server's answer to a LegacyEnrolRequest: the token itself (the only time it travels). */
export const LegacyEnrolResponseSchema = z.strictObject({
  token: EnrolmentTokenSchema,
  hall: HallCodeSchema,
  window: WindowNumberSchema,
  serverTime: IsoInstant,
});
export type LegacyEnrolResponse = z.infer<typeof LegacyEnrolResponseSchema>;

/**
 * The server's answer to an accepted enrolment: the hall and window the token now stands for.
 * `serverTime` lets the window see a clock far off at once.
 */
export const EnrolResponseSchema = z.strictObject({
  hall: HallCodeSchema,
  window: WindowNumberSchema,
  serverTime: IsoInstant,
});
export type EnrolResponse = z.infer<typeof EnrolResponseSchema>;

/**
 * Every 4xx/5xx body the server sends: a stable machine code and a reason in words (Chinese,
 * shown to the IT administrator as is). The codes a window acts on:
 * - `unauthorised` (401): no token, an unknown or revoked token — the window stops pushing and
 *   asks for a new enrolment;
 * - `forbidden` (403): the token's window is not the events' window, or an enrolment refused;
 * - `too_large` (413): the body is over the server's limit — the window halves its batch;
 * - `invalid` (400): the request as a whole is refused (not JSON, cut off, not a batch, a protocol
 *   the server does not speak) — nothing to do with any one event: the window retries by back-off
 *   and parks nothing (a proxy or a bad deploy passes);
 * - `invalid_event` (400, push only): one event of the batch is refused (the wire schema at
 *   `events.N`, or a value PostgreSQL cannot hold) — `reason` names it; the window halves the
 *   batch until that event is alone and parks its stream;
 * - `unavailable` (503): the server cannot reach its database — retried with back-off;
 * - `bad_cursor` (400, pull only): a cursor this server did not write (another database's epoch,
 *   one ahead of its sequence: a restored or replaced database) — the window clears its cursor
 *   and pulls from the beginning.
 */
export const SYNC_ERROR_CODES = ['unauthorised', 'forbidden', 'too_large', 'invalid', 'invalid_event', 'unavailable', 'internal', 'bad_cursor'] as const;
export const SyncErrorBodySchema = z.strictObject({
  error: z.enum(SYNC_ERROR_CODES),
  reason: z.string().max(2000),
});
export type SyncErrorBody = z.infer<typeof SyncErrorBodySchema>;
