import type { Pool } from 'pg';
import type { EnrolRequest } from '../../electron/contract/sync';
import { inTransaction } from '../db/transaction';
import { DEVICE_ROLE_LABELS, type DeviceRole } from './device-roles';
import { newEnrolmentCode, sha256Hex } from './secrets';

/** How long a one-time code stays usable after it is issued (COMMON-16: 7 days), in ms. */
export const ENROLMENT_CODE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Issues a one-time enrolment code for a hall's window, dispenser or display, by its number (the
 * operator's `enrol` command): records the hall and number if new and stores the code's SHA-256
 * only, with `role` (the operator's word for what the PC is; null: not stated, the PC's own config
 * then decides at enrolment), expiring after ENROLMENT_CODE_LIFETIME_MS. Earlier unspent codes of
 * that number stay valid until used or revoked. Returns the normalised code (format it with
 * formatEnrolmentCode to print).
 */
export async function issueEnrolmentCode(pool: Pool, hall: string, window: number, role: DeviceRole | null = null, now: Date = new Date()): Promise<string> {
  const code = newEnrolmentCode();
  await inTransaction(pool, async (client) => {
    await client.query('INSERT INTO halls (hall) VALUES ($1) ON CONFLICT DO NOTHING', [hall]);
    await client.query('INSERT INTO windows (hall, window_number) VALUES ($1, $2) ON CONFLICT DO NOTHING', [hall, window]);
    await client.query('INSERT INTO enrolment_codes (hall, code_hash, window_number, expires_at, role) VALUES ($1, $2, $3, $4, $5)', [
      hall,
      sha256Hex(code),
      window,
      new Date(now.getTime() + ENROLMENT_CODE_LIFETIME_MS),
      role,
    ]);
  });
  return code;
}

/**
 * What enrol() did: accepted (the code spent for the request's token hash; `repeated`: it already
 * was, by an earlier request whose answer the window never got, and nothing changed; `role`: the
 * token's, null for none), or refused (the code unknown, expired, revoked, for another window, or
 * spent for another hash; or the hash is some other token's), or refused because the code was
 * issued for another role than the one the PC's config names (`roleMismatch`, nothing spent:
 * the same code works once the config is put right, and the words say so).
 */
export type EnrolOutcome =
  | { ok: true; repeated: boolean; role: DeviceRole | null }
  | { ok: false; roleMismatch?: { issuedFor: DeviceRole; configured: DeviceRole } };

/** The refusal of a code issued for another role, in words for the PC's IT administrator. */
export function roleMismatchWords(hall: string, window: number, mismatch: { issuedFor: DeviceRole; configured: DeviceRole }): string {
  const issued = DEVICE_ROLE_LABELS[mismatch.issuedFor];
  const configured = DEVICE_ROLE_LABELS[mismatch.configured];
  return `注册码是为 ${hall} 大厅 ${window} 号${issued}签发的，本机配置的角色却是${configured}（role: ${mismatch.configured}），注册未完成，注册码仍可使用。若本机确是${issued}，请把配置中的 role 改为 ${mismatch.issuedFor} 后重试；若本机确是${configured}，请向上级平台管理员申请${configured}的注册码`;
}

/**
 * Spends a one-time code for the token the window made (POST /v1/enrol), idempotently. In one
 * transaction, holding the code's row:
 * - unspent, unexpired, unrevoked, issued for exactly this hall and window: spends it for
 *   `tokenHash`, revokes the window's earlier tokens (a window has one live token: the PC it was
 *   replaced by can no longer push) and stores `tokenHash` as the window's token;
 * - already spent for this very `tokenHash`, and that token still live: accepted again, nothing
 *   changed (the window's first answer was lost; issue 16's rule "the retry must change nothing");
 * - otherwise refused, nothing changed. A hash any token already has is refused too: tokens are
 *   found by hash alone, so two windows must never share one.
 * The code is compared by its hash; the request's code is already normalised by EnrolRequestSchema.
 */
export async function enrol(pool: Pool, request: EnrolRequest): Promise<EnrolOutcome> {
  return inTransaction(pool, async (client) => {
    const found = await client.query<{ spent: boolean; usable: boolean; token_hash: string | null; role: DeviceRole | null }>(
      `SELECT spent_at IS NOT NULL AS spent, revoked_at IS NULL AND expires_at > now() AS usable, token_hash, role
         FROM enrolment_codes WHERE hall = $1 AND code_hash = $2 AND window_number = $3 FOR UPDATE`,
      [request.hall, sha256Hex(request.code), request.window],
    );
    const code = found.rows[0];
    if (!code) return { ok: false } as const;
    // Only a caller holding the right code learns the role it was issued for.
    if (code.role !== null && request.role !== undefined && request.role !== code.role) {
      return { ok: false, roleMismatch: { issuedFor: code.role, configured: request.role } } as const;
    }
    if (code.spent) {
      if (code.token_hash !== request.tokenHash) return { ok: false } as const;
      const live = await client.query<{ role: DeviceRole | null }>(
        'SELECT role FROM tokens WHERE hall = $1 AND token_hash = $2 AND window_number = $3 AND revoked_at IS NULL',
        [request.hall, request.tokenHash, request.window],
      );
      const token = live.rows[0];
      return token ? ({ ok: true, repeated: true, role: token.role } as const) : ({ ok: false } as const);
    }
    if (!code.usable) return { ok: false } as const;
    // The operator's word first; a code issued without one takes what the PC says it is (a
    // token then does one role's work, which is narrower than none); an app from before roles says nothing.
    const role = code.role ?? request.role ?? null;
    const taken = await client.query('SELECT 1 FROM tokens WHERE token_hash = $1 LIMIT 1', [request.tokenHash]);
    if ((taken.rowCount ?? 0) > 0) return { ok: false } as const;
    await client.query('UPDATE enrolment_codes SET spent_at = now(), token_hash = $3 WHERE hall = $1 AND code_hash = $2', [
      request.hall,
      sha256Hex(request.code),
      request.tokenHash,
    ]);
    await client.query('UPDATE tokens SET revoked_at = now() WHERE hall = $1 AND window_number = $2 AND revoked_at IS NULL', [request.hall, request.window]);
    await client.query('INSERT INTO tokens (hall, token_hash, window_number, role) VALUES ($1, $2, $3, $4)', [request.hall, request.tokenHash, request.window, role]);
    return { ok: true, repeated: false, role } as const;
  });
}

/** The window (or dispenser, or display: its number is `window`) a live token belongs to. */
export interface TokenOwner {
  hall: string;
  window: number;
}

/** A live token's PC: its hall and number, and what it was enrolled as. */
export interface EnrolledDevice extends TokenOwner {
  /** Migration 0009; null: enrolled before roles, accepted as any (device-roles.ts roleMay). */
  role: DeviceRole | null;
}

/** The hall, number and role of a live (unrevoked) token, or null for an unknown or revoked one. */
export async function authenticate(pool: Pool, token: string): Promise<EnrolledDevice | null> {
  const found = await pool.query<{ hall: string; window_number: number; role: DeviceRole | null }>(
    'SELECT hall, window_number, role FROM tokens WHERE token_hash = $1 AND revoked_at IS NULL LIMIT 1',
    [sha256Hex(token)],
  );
  const row = found.rows[0];
  return row ? { hall: row.hall, window: row.window_number, role: row.role } : null;
}

/**
 * Revokes a window's live tokens and unspent codes (the operator's `revoke` command: a PC stolen
 * or replaced). The window's next push gets 401 and it asks for a new enrolment. Returns how many
 * tokens and codes were revoked.
 */
export async function revokeWindow(pool: Pool, hall: string, window: number): Promise<{ tokens: number; codes: number }> {
  return inTransaction(pool, async (client) => {
    const tokens = await client.query('UPDATE tokens SET revoked_at = now() WHERE hall = $1 AND window_number = $2 AND revoked_at IS NULL', [hall, window]);
    const codes = await client.query(
      'UPDATE enrolment_codes SET revoked_at = now() WHERE hall = $1 AND window_number = $2 AND spent_at IS NULL AND revoked_at IS NULL',
      [hall, window],
    );
    return { tokens: tokens.rowCount ?? 0, codes: codes.rowCount ?? 0 };
  });
}
