import type { FormInstance } from 'antd';
import { CounterCallError, type FieldError } from '../../../electron/contract';

/** The Chinese sentence to show for any failure, whether the core refused or something broke. */
export function errorMessage(err: unknown): string {
  if (err instanceof CounterCallError) return err.message;
  if (err instanceof Error && err.message) return `操作失败：${err.message}`;
  return '操作失败，请重试';
}

export function isCallError(err: unknown, ...codes: CounterCallError['code'][]): err is CounterCallError {
  return err instanceof CounterCallError && (codes.length === 0 || codes.includes(err.code));
}

export type FieldName = string | number | (string | number)[];

export interface SplitError {
  /** What goes above the form: the core's message, plus any field error no field can show. */
  general: string | null;
  fields: { name: FieldName; errors: string[] }[];
}

/**
 * Sorts a failed call into messages beside fields and one message on top. `fieldFor` maps the
 * core's dotted argument path (`reason`, `materials.2.copies`) to the form's field name, or
 * null when the form has no such field — then the message joins the general one so nothing
 * the core said is ever dropped.
 */
export function splitCallError(err: unknown, fieldFor: (path: string) => FieldName | null): SplitError {
  if (!(err instanceof CounterCallError)) return { general: errorMessage(err), fields: [] };
  const byField = new Map<string, { name: FieldName; errors: string[] }>();
  const orphans: FieldError[] = [];
  for (const fe of err.fieldErrors) {
    const name = fieldFor(fe.path);
    if (name === null) {
      orphans.push(fe);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(fe.message);
    byField.set(key, entry);
  }
  const fields = [...byField.values()];
  // When every problem sits beside its field, the core's summary ("参数不正确") adds nothing.
  const summaryNeeded = fields.length === 0 || err.code !== 'invalid_arguments';
  const parts = [...(summaryNeeded ? [err.message] : []), ...orphans.map((o) => o.message)];
  return { general: parts.length > 0 ? parts.join('；') : null, fields };
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
