import { EnrolResponseSchema, SYNC_PATHS, normaliseEnrolmentCode } from '../../contract/sync';
import { clockOffsetMs } from './clock-offset';
import { postSync } from './sync-http';

/** Where enrolment failed, for the message beside the 设置 page's field. */
export type EnrolFailureField = 'code' | 'url';

/** The outcome of trading a one-time code for the window's token. */
export type EnrolOutcome =
  | { ok: true; token: string; hall: string; window: number; clockOffsetMs: number }
  | { ok: false; words: string; field: EnrolFailureField; retryable: boolean };

/**
 * Trades a one-time enrolment code for the window's token (`POST /v1/enrol`, contract/sync/
 * enrolment.ts). The token is returned, never logged; every failure is in words for the field
 * it concerns: a code refused (unknown, spent, revoked, for another hall or window), the server
 * unreachable, a token issued for another hall or window than this one's settings name.
 * `retryable`: worth trying again by itself later (the network, a server error).
 */
export async function enrolWindow(
  options: { baseUrl: string; hall: string; window: number; signal: AbortSignal; now: () => number },
  typedCode: string,
): Promise<EnrolOutcome> {
  const code = normaliseEnrolmentCode(typedCode);
  if (code === null) return { ok: false, field: 'code', retryable: false, words: '注册码应为 16 位字母或数字（可带短横线），请核对上级平台管理员给出的注册码' };
  const result = await postSync({ baseUrl: options.baseUrl, path: SYNC_PATHS.enrol, token: null, signal: options.signal, now: options.now }, { code, hall: options.hall, window: options.window }, EnrolResponseSchema);
  const here = `${options.hall} 大厅 ${options.window} 号窗口`;
  switch (result.kind) {
    case 'network':
      return { ok: false, field: 'url', retryable: true, words: `无法连接上级平台，未能注册：${result.reason}。请检查同步地址和网络` };
    case 'http': {
      const reason = result.error ? `：${result.error.reason}` : '';
      if (result.status === 403 || result.status === 401) {
        // The server's reason says which (unknown, spent, expired, revoked, another window) when it gives one.
        const why = result.error ? `：${result.error.reason}` : `。注册码只能使用一次，且只对签发时指定的大厅和窗口（本窗口：${here}）有效，请向上级平台管理员索取新的注册码`;
        return { ok: false, field: 'code', retryable: false, words: `注册码被拒绝${why}` };
      }
      if (result.status === 400) return { ok: false, field: 'code', retryable: false, words: `上级平台不接受该注册请求${reason}` };
      if (result.status === 404) return { ok: false, field: 'url', retryable: false, words: '同步地址上没有上级平台的注册服务（HTTP 404），请核对同步地址' };
      return { ok: false, field: 'url', retryable: true, words: `上级平台暂时无法注册（HTTP ${result.status}${reason}），请稍后再试` };
    }
    case 'ok': {
      const body = result.body;
      if (body.hall !== options.hall || body.window !== options.window) {
        return {
          ok: false,
          field: 'code',
          retryable: false,
          words: `该注册码是为 ${body.hall} 大厅 ${body.window} 号窗口签发的，与本窗口（${here}）不符，请向上级平台管理员索取本窗口的注册码`,
        };
      }
      return { ok: true, token: body.token, hall: body.hall, window: body.window, clockOffsetMs: clockOffsetMs(body.serverTime, result.sentAtMs, result.receivedAtMs) };
    }
  }
}
