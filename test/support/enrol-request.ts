import { newWindowToken, sha256Hex } from '../../electron/core/sync/enrol';

/**
 * An enrolment as a window makes it (contract/sync/enrolment.ts): a token of its own, and the
 * `POST /v1/enrol` body that sends the code with the token's SHA-256. Push and pull then carry
 * `token` once the server answered 200.
 */
export function enrolRequest(code: string, hall: string, window: number): { token: string; body: { code: string; hall: string; window: number; tokenHash: string } } {
  const token = newWindowToken();
  return { token, body: { code, hall, window, tokenHash: sha256Hex(token) } };
}
