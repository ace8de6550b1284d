/**
 * The intake form's messages: which field each belongs to (by field key, not by argument path),
 * how an argument path from the core or the contract's schema finds its field, how messages
 * follow the clerk's corrections, and the one line shown on top after a failed call.
 */
import { CounterCallError } from '../../../../../electron/contract';
import { placeFieldErrors, type PathMessage } from '../../../shared/call-error';

/** Messages keyed by form field (see fieldKey), not by argument path. */
export type FieldErrors = Record<string, string>;

/** The key of each field of the form, as its `data-field` attribute and in FieldErrors. */
export const fieldKey = {
  item: 'item',
  applicant: (field: string) => `applicant.${field}`,
  agent: (field: string) => `agent.${field}`,
  material: (materialId: string) => `material.${materialId}`,
  defectNote: (materialId: string) => `material.${materialId}.defectNote`,
  deferral: (materialId: string) => `decision.deferrals.${materialId}`,
  deferrals: 'decision.deferrals',
  correctionRow: (rowKey: string, field: 'name' | 'instruction') => `decision.items.${rowKey}.${field}`,
  correction: 'decision.items',
  note: 'decision.note',
  rejectReason: 'decision.reason',
  rejectLegalBasis: 'decision.legalBasis',
  decision: 'decision',
} as const;

/** Where each submitted list entry came from, to put an error path back on its field. */
export interface PathContext {
  /** Material ids in the order they were sent as `materials`. */
  materialIds: readonly string[];
  /** Material ids in the order they were sent as `decision.deferrals`. */
  deferralIds: readonly string[];
  /** Row keys in the order they were sent as `decision.items`. */
  correctionKeys: readonly string[];
}

/** The form field an argument path like `materials.2.copies` belongs to; null: no field, show on top. */
export function fieldKeyForPath(path: string, ctx: PathContext): string | null {
  const parts = path.split('.');
  const [head, second, third, fourth] = parts;
  if (head === 'itemCode' || head === 'itemVersion') return fieldKey.item;
  if ((head === 'applicant' || head === 'agent') && second !== undefined) return `${head}.${second}`;
  if (head === 'materials' && second !== undefined) {
    const id = ctx.materialIds[Number(second)];
    if (id === undefined) return null;
    return third === 'defectNote' ? fieldKey.defectNote(id) : fieldKey.material(id);
  }
  if (head === 'decision') {
    if (second === 'deferrals') {
      const id = third === undefined ? undefined : ctx.deferralIds[Number(third)];
      return id === undefined ? fieldKey.deferrals : fieldKey.deferral(id);
    }
    if (second === 'items') {
      const key = third === undefined ? undefined : ctx.correctionKeys[Number(third)];
      if (key === undefined) return fieldKey.correction;
      return fieldKey.correctionRow(key, fourth === 'name' ? 'name' : 'instruction');
    }
    if (second === 'reason') return fieldKey.rejectReason;
    if (second === 'legalBasis') return fieldKey.rejectLegalBasis;
    if (second === 'note') return fieldKey.note;
    return fieldKey.decision;
  }
  return null;
}

/** Messages placed on the intake form: one per field, and those with no field here. */
export interface MappedErrors {
  /** The first message for each field. */
  fields: FieldErrors;
  /** Messages with no field on this page. */
  unplaced: string[];
}

/** Messages by argument path, put on the form's fields through the shared placeFieldErrors. */
export function mapFieldErrors(list: readonly PathMessage[], ctx: PathContext): MappedErrors {
  const placed = placeFieldErrors(list, (path) => fieldKeyForPath(path, ctx));
  const fields: FieldErrors = {};
  for (const f of placed.fields) fields[f.name] = f.errors[0] ?? '';
  return { fields, unplaced: placed.unplaced };
}

// ——— showing messages: on blur and on submit, then following the clerk's corrections ———

/**
 * After an edit: messages already shown under `prefix` are replaced by the fresh check —
 * updated while still wrong, gone once right — but no new message appears while typing.
 */
export function refreshShown(errors: FieldErrors, fresh: FieldErrors, prefix: string): FieldErrors {
  let changed = false;
  const next: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    if (!key.startsWith(prefix)) {
      next[key] = message;
      continue;
    }
    const now = fresh[key];
    if (now !== undefined) next[key] = now;
    if (now !== message) changed = true;
  }
  return changed ? next : errors;
}

/** `errors` with `key`'s message set, or removed when `message` is null (the same object when nothing changes). */
export function withField(errors: FieldErrors, key: string, message: string | null): FieldErrors {
  if (message === null) {
    if (!(key in errors)) return errors;
    const next = { ...errors };
    delete next[key];
    return next;
  }
  return errors[key] === message ? errors : { ...errors, [key]: message };
}

/** `errors` without the messages of the fields under `prefix` (a part of the form that was reset). */
export function withoutPrefix(errors: FieldErrors, prefix: string): FieldErrors {
  const next: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) if (!key.startsWith(prefix)) next[key] = message;
  return next;
}

/**
 * The one line on top after a failed call. Every field message is already beside its field,
 * so the line says how many and what to do; a lost connection says the work is safe to resend.
 */
export function failureSummary(err: unknown, mapped: MappedErrors, retrySafe: string): string {
  if (!(err instanceof CounterCallError)) {
    return `未能提交：${err instanceof Error ? err.message : String(err)}。${retrySafe}`;
  }
  if (err.code === 'unavailable' || err.code === 'internal') return `${err.message}。${retrySafe}`;
  const placed = Object.keys(mapped.fields).length;
  const extra = mapped.unplaced.filter((m) => m !== err.message);
  const head = placed > 1 ? `${err.message}（共 ${placed} 处，已在各栏标出）` : err.message;
  return [head, ...extra].join('；');
}
