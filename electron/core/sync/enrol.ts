import { createHash, randomBytes } from 'node:crypto';
import type { QueueRole } from '../../contract/queue';
import { EnrolResponseSchema, SYNC_PATHS, normaliseEnrolmentCode } from '../../contract/sync';
import type { Db } from '../storage/database';
import { clockOffsetMs } from './clock-offset';
import { postSync } from './sync-http';
import { clearPendingToken, confirmToken, pendingTokenFor, storePendingToken } from './sync-tokens';

/** Where enrolment failed, for the message beside the 设置 page's field. */
export type EnrolFailureField = 'code' | 'url';

/** The outcome of an enrolment: the window's token is stored (sync_tokens), or why not. */
export type EnrolOutcome =
  | { ok: true; token: string; hall: string; window: number; clockOffsetMs: number }
  | { ok: false; words: string; field: EnrolFailureField; retryable: boolean };

/** A new enrolment token, made by the window: 32 random bytes as base64url (EnrolmentTokenSchema). */
export function newWindowToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 of a token (or a code) as lower-case hex: what the server holds of it (EnrolmentTokenHashSchema). */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Whether an enrolment answer is a server's 400 refusing the `role` key as unknown: a server older
 * than roles. Its words are describeIssues' with the project's zod messages (contract/zod-messages.ts:
 * 不认识的字段：role), or zod's own (Unrecognized key: "role") from a server without them.
 */
function refusedRoleKey(result: { kind: string; status?: number; error?: { reason: string } | null }): boolean {
  if (result.kind !== 'http' || result.status !== 400) return false;
  const reason = result.error?.reason ?? '';
  return /不认识的字段|unrecognized key/i.test(reason) && /\brole\b/.test(reason);
}

/**
 * Enrols the window as `hall`/`window` with a one-time code (`POST /v1/enrol`, contract/sync/
 * enrolment.ts), idempotently: the token is made here and stored as pending (with the code's
 * hash) BEFORE the request, and only its SHA-256 is sent; a retry with the same code sends the
 * same token's hash, which the server accepts again when its first answer was lost. An accepted
 * token becomes the window's live token for that hall and window (sync-tokens.ts, confirmToken).
 * The token is never logged; every failure is in words for the field it concerns: a code refused
 * (unknown, spent, revoked, for another hall or window), the server unreachable. A refused code's
 * pending token is forgotten; after a network failure it is kept for the retry.
 * `retryable`: worth trying again by itself later (the network, a server error).
 * `role`: what this PC's config says it is, sent so the server refuses a code issued for another
 * role (its words say which and what to change) and gives the token this role; absent: not sent.
 * A server from before roles answers 400 naming `role` as an unknown key: the request is then
 * sent once more without it (refusedRoleKey; review 27 F9).
 * Throws only on a database fault (the pending token could not be stored: nothing was sent).
 */
export async function enrolWindow(
  options: { db: Db; baseUrl: string; hall: string; window: number; role?: QueueRole | undefined; signal: AbortSignal; now: () => number },
  typedCode: string,
): Promise<EnrolOutcome> {
  const code = normaliseEnrolmentCode(typedCode);
  if (code === null) return { ok: false, field: 'code', retryable: false, words: '注册码应为 16 位字母或数字（可带短横线），请核对上级平台管理员给出的注册码' };
  const { db } = options;
  const key = { hall: options.hall, window: options.window };
  const codeHash = sha256Hex(code);
  let token = pendingTokenFor(db, key, codeHash);
  if (token === null) {
    token = newWindowToken();
    storePendingToken(db, key, { token, codeHash, at: new Date(options.now()).toISOString() });
  }
  const send = (role: QueueRole | undefined) =>
    postSync(
      { baseUrl: options.baseUrl, path: SYNC_PATHS.enrol, token: null, signal: options.signal, now: options.now },
      { code, hall: options.hall, window: options.window, tokenHash: sha256Hex(token), ...(role !== undefined ? { role } : {}) },
      EnrolResponseSchema,
    );
  let result = await send(options.role);
  if (options.role !== undefined && refusedRoleKey(result)) {
    // A server from before roles (its request schema strict, no `role`): the 400 came before the
    // code was looked at, so nothing was spent. The same request without `role` enrols as such a
    // server always did — it has no roles to check — and the hall's IT should upgrade it
    // (README, Enrolment: the server before the PCs).
    result = await send(undefined);
  }
  const here = `${options.hall} 大厅 ${options.window} 号窗口`;
  switch (result.kind) {
    case 'network':
      return { ok: false, field: 'url', retryable: true, words: `无法连接上级平台，未能注册：${result.reason}。请检查同步地址和网络` };
    case 'http': {
      const reason = result.error ? `：${result.error.reason}` : '';
      if (result.status === 403 || result.status === 401) {
        clearPendingToken(db, key);
        // The server's reason says which (unknown, spent, expired, revoked, another window) when it gives one.
        const why = result.error ? `：${result.error.reason}` : `。注册码只能使用一次，且只对签发时指定的大厅和窗口（本窗口：${here}）有效，请向上级平台管理员索取新的注册码`;
        return { ok: false, field: 'code', retryable: false, words: `注册码被拒绝${why}` };
      }
      if (result.status === 400) {
        clearPendingToken(db, key);
        return { ok: false, field: 'code', retryable: false, words: `上级平台不接受该注册请求${reason}` };
      }
      if (result.status === 404) return { ok: false, field: 'url', retryable: false, words: '同步地址上没有上级平台的注册服务（HTTP 404），请核对同步地址' };
      return { ok: false, field: 'url', retryable: true, words: `上级平台暂时无法注册（HTTP ${result.status}${reason}），请稍后再试` };
    }
    case 'ok': {
      const body = result.body;
      if (body.hall !== options.hall || body.window !== options.window) {
        // The server confirms what it was asked; anything else is not this system's upstream.
        clearPendingToken(db, key);
        return {
          ok: false,
          field: 'code',
          retryable: false,
          words: `上级平台确认的是 ${body.hall} 大厅 ${body.window} 号窗口，与本窗口（${here}）不符，请核对同步地址`,
        };
      }
      const offset = clockOffsetMs(body.serverTime, result.sentAtMs, result.receivedAtMs);
      confirmToken(db, key, { token, at: new Date(options.now()).toISOString(), clockOffsetMs: offset });
      return { ok: true, token, hall: body.hall, window: body.window, clockOffsetMs: offset };
    }
  }
}
