import { z } from 'zod';
import { failure } from './envelope';

/**
 * Every failure that crosses the UI↔core boundary carries one of these codes, so the UI can
 * react to the kind of failure (put a message beside a field, send the clerk to sign in, …)
 * without parsing Chinese text.
 */
export const ERROR_CODES = [
  'unknown_method',
  'invalid_arguments',
  'unauthorized',
  'not_signed_in',
  'session_paused',
  // Signed in with a PIN someone else set: choose one's own first (session.changePin).
  'pin_change_required',
  // Signed in, but the role may not do this (roles.ts); logged as `forbidden call`.
  'forbidden',
  'sign_in_failed',
  'staff_locked',
  'not_found',
  'illegal_transition',
  'rule_violation',
  'conflict',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const FieldErrorSchema = z.object({
  /** Dotted path of the argument field, e.g. `applicant.idNumber` or `materials.2.copies`. */
  path: z.string(),
  message: z.string(),
  /**
   * Why, when the UI can do something about it beyond showing the message:
   * `checksum_unconfirmed` — only the check character is wrong, and the clerk may confirm the
   * number against the original document (see checksum-overrides.ts).
   */
  reason: z.enum(['checksum_unconfirmed']).optional(),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

export const CounterErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  /** Chinese, for the clerk. */
  message: z.string(),
  fieldErrors: z.array(FieldErrorSchema).optional(),
  /** Machine-readable extras, e.g. `{ lockedUntil }` or `{ from, to }` of a transition. */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type CounterErrorPayload = z.infer<typeof CounterErrorSchema>;

/** Thrown inside the core; the dispatcher turns it into an error envelope. */
export class CounterError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors: FieldError[] | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { fieldErrors?: FieldError[]; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'CounterError';
    this.code = code;
    this.fieldErrors = extra.fieldErrors;
    this.details = extra.details;
  }

  /** The error as an envelope carries it: failure()'s rules (envelope.ts), the one place they are written. */
  toPayload(): CounterErrorPayload {
    return failure(this.code, this.message, this).error;
  }
}

/** A failed call as seen by the UI: same shape, thrown by the contract client. */
export class CounterCallError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors: FieldError[];
  readonly details: Record<string, unknown>;

  constructor(payload: CounterErrorPayload) {
    super(payload.message);
    this.name = 'CounterCallError';
    this.code = payload.code;
    this.fieldErrors = payload.fieldErrors ?? [];
    this.details = payload.details ?? {};
  }
}
