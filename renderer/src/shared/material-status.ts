import type { MaterialStatus } from '../../../electron/contract';

/** One name per checked state of a material, on the intake checklist and on the case page alike. */
export const MATERIAL_STATUS_LABELS: Record<MaterialStatus, string> = {
  complete: '齐全',
  missing: '未提交',
  short_copies: '份数不足',
  wrong_form: '形式不符',
  defective: '不符合要求',
  optional: '未收（可选）',
};

/** A missing key material stops the intake (red); a missing non-key one can be deferred (orange). */
export function materialStatusColour(status: MaterialStatus, key: boolean): string {
  switch (status) {
    case 'complete':
      return 'success';
    case 'optional':
      return 'default';
    case 'missing':
      return key ? 'error' : 'warning';
    case 'defective':
      return 'error';
    default:
      return 'warning';
  }
}
