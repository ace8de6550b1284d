import type { FormInstance } from 'antd';
import { CounterCallError } from '../../../electron/contract';

/** The Chinese sentence to show for any failure, whether the core refused or something broke. */
export function errorMessage(err: unknown): string {
  if (err instanceof CounterCallError) return err.message;
  if (err instanceof Error && err.message) return `操作失败：${err.message}`;
  return '操作失败，请重试';
}

/** Whether `err` is the core's refusal, with one of `codes` when any are given. */
export function isCallError(err: unknown, ...codes: CounterCallError['code'][]): err is CounterCallError {
  return err instanceof CounterCallError && (codes.length === 0 || codes.includes(err.code));
}

/** An antd form field name (a name path for a nested field). */
export type FieldName = string | number | (string | number)[];

/** A failed call sorted for an antd form (splitCallError). */
export interface SplitError {
  /** What goes above the form: the core's message, plus any field error no field can show. */
  general: string | null;
  fields: { name: FieldName; errors: string[] }[];
}

/** A message the core (or the contract's schema run here) gave for one argument path. */
export interface PathMessage {
  /** Dotted argument path, e.g. `reason` or `materials.2.copies`. */
  path: string;
  message: string;
}

/** Messages sorted by the form field they belong to, and those no field of the form can show. */
export interface PlacedErrors<K> {
  /** One entry per field, in the order first named; its messages in the order given. */
  fields: { name: K; errors: string[] }[];
  unplaced: string[];
}

/**
 * The one mapping from argument paths to a form's fields, used by the intake pages and the
 * case dialogs alike. `fieldFor` maps a dotted path to the form's field name (a string, or an
 * antd name path), or null when the form has no such field: that message is kept in
 * `unplaced`, so nothing the core said is ever dropped.
 */
export function placeFieldErrors<K>(list: readonly PathMessage[], fieldFor: (path: string) => K | null): PlacedErrors<K> {
  const byField = new Map<string, { name: K; errors: string[] }>();
  const unplaced: string[] = [];
  for (const fe of list) {
    const name = fieldFor(fe.path);
    if (name === null) {
      unplaced.push(fe.message);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(fe.message);
    byField.set(key, entry);
  }
  return { fields: [...byField.values()], unplaced };
}

/**
 * A zod schema's issues as the core would report them (dotted paths under `prefix`), so the
 * contract's schema run in the window places its messages exactly as the core's answer would.
 */
export function issueMessages(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  prefix: readonly string[] = [],
): PathMessage[] {
  return issues.map((i) => ({ path: [...prefix, ...i.path.map(String)].join('.'), message: i.message }));
}

/**
 * Sorts a failed call into messages beside fields and one message on top (placeFieldErrors).
 * When every problem sits beside its field, the core's summary ("参数不正确") is left out.
 */
export function splitCallError(err: unknown, fieldFor: (path: string) => FieldName | null): SplitError {
  if (!(err instanceof CounterCallError)) return { general: errorMessage(err), fields: [] };
  const { fields, unplaced } = placeFieldErrors(err.fieldErrors, fieldFor);
  const summaryNeeded = fields.length === 0 || err.code !== 'invalid_arguments';
  const parts = [...(summaryNeeded ? [err.message] : []), ...unplaced];
  return { general: parts.length > 0 ? parts.join('；') : null, fields };
}

/**
 * Another change to the case came first: the core refused because the case's version is no
 * longer the `expectedVersion` sent (electron/core/cases: `details.expectedVersion`).
 */
export function isVersionConflict(err: unknown): err is CounterCallError {
  return isCallError(err, 'conflict') && typeof err.details['expectedVersion'] === 'number';
}

/**
 * The core refused a step on a case because the case is no longer as the clerk saw it: a
 * change came first (isVersionConflict), the case's state no longer allows the step
 * (`illegal_transition`), or the case is not there (`not_found`). The one definition for the
 * case dialogs and the intake steps on a case: each then reads the case again.
 */
export function isStaleCase(err: unknown): err is CounterCallError {
  return isVersionConflict(err) || isCallError(err, 'illegal_transition', 'not_found');
}

/** Maps paths that are the form's own top-level field names; anything else goes on top. */
export function sameNameFields(...names: string[]): (path: string) => FieldName | null {
  return (path) => (names.includes(path) ? path : null);
}

/**
 * Puts messages beside fields. The names come from the core's paths at run time, so they
 * cannot be checked against the form's value type; `fieldFor` is where that mapping lives.
 */
export function showFieldErrors<V>(form: FormInstance<V>, fields: SplitError['fields']): void {
  form.setFields(fields as unknown as Parameters<FormInstance<V>['setFields']>[0]);
}
