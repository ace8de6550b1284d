import type { MethodArgs } from '../../../electron/contract';
import { isCallError, sameNameFields, splitCallError, type SplitError } from '../shared/call-error';

/** The PIN-change form: the current PIN and the new one typed twice. */
export interface ChangePinValues {
  currentPin: string;
  newPin: string;
  newPinAgain: string;
}

/** The `session.changePin` arguments of the form (the second new PIN is the screen's own check). */
export function changePinArgs(values: Partial<ChangePinValues>): MethodArgs<'session.changePin'> {
  return { currentPin: values.currentPin ?? '', newPin: values.newPin ?? '' };
}

/**
 * A refused PIN change sorted for the form: the core's field messages beside their fields, and
 * a wrong current PIN (`sign_in_failed`, which counts towards the lock like a sign-in) beside
 * 当前密码 rather than on top.
 */
export function changePinErrors(err: unknown): SplitError {
  const split = splitCallError(err, sameNameFields('currentPin', 'newPin'));
  if (isCallError(err, 'sign_in_failed')) {
    // Said once, beside the field (the core may or may not name the field; its summary is the same words).
    const beside = split.fields.find((f) => f.name === 'currentPin')?.errors ?? [err.message || '当前密码错误'];
    return { general: null, fields: [{ name: 'currentPin', errors: beside }] };
  }
  return split;
}
