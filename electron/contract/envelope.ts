import type { CounterErrorPayload, ErrorCode, FieldError } from './errors';

// Imported at run time by the sandboxed preload, which esbuild bundles on its own and which may
// carry nothing but its own code: this file must stay free of run-time imports (types only).
// The envelope's zod schema is in envelope-schema.ts for that reason.

/**
 * What every call returns over every transport. Failures are values, not exceptions, because
 * neither Electron IPC nor JSON over HTTP preserves an exception's fields.
 */
export type Envelope<T = unknown> = { ok: true; value: T } | Failure;

/** A failed call: fits an Envelope of any result type. */
export interface Failure {
  ok: false;
  error: CounterErrorPayload;
}

/** The failure's optional parts, as CounterError carries them. */
export interface FailureExtra {
  fieldErrors?: readonly FieldError[] | undefined;
  details?: Record<string, unknown> | undefined;
}

/**
 * The one way to build a failed envelope, wherever a failure is made (preload, main, the browser
 * shell, the dispatcher; CounterError.toPayload too). `fieldErrors` is left out when empty and
 * `details` when absent, so an envelope says only what is there.
 */
export function failure(code: ErrorCode, message: string, extra: FailureExtra = {}): Failure {
  const error: CounterErrorPayload = { code, message };
  if (extra.fieldErrors !== undefined && extra.fieldErrors.length > 0) error.fieldErrors = [...extra.fieldErrors];
  if (extra.details !== undefined) error.details = extra.details;
  return { ok: false, error };
}
