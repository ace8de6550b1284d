import type { Envelope } from '../contract/envelope';
import type { ErrorCode } from '../contract/errors';

const STATUS: Record<ErrorCode, number> = {
  unknown_method: 404,
  invalid_arguments: 400,
  unauthorized: 401,
  not_signed_in: 403,
  session_paused: 403,
  pin_change_required: 403,
  forbidden: 403,
  sign_in_failed: 403,
  staff_locked: 403,
  not_found: 404,
  illegal_transition: 409,
  rule_violation: 409,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

/** The HTTP status for an envelope; the body is always the envelope itself. */
export function httpStatusOf(envelope: Envelope): number {
  return envelope.ok ? 200 : STATUS[envelope.error.code];
}
