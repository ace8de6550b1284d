/**
 * Cases made through the API of a running browser shell, so that an end-to-end test can start
 * from a case in the state it needs (accepted, with a 容缺 material, waiting for 补正) in
 * milliseconds instead of driving the intake page for each.
 */
import { randomUUID } from 'node:crypto';
import { gb11643CheckCharacter } from '../../electron/contract/validation/gb11643';
import { callApi, type RunningShell } from './browser-shell-process';

type Shell = Pick<RunningShell, 'origin' | 'token'>;

/** A resident ID number with its check character, from its first 17 characters. */
export function idNumber(first17: string): string {
  return first17 + gb11643CheckCharacter(first17);
}

/** Calls the core; throws with the core's message when it refuses. */
export async function api<T>(shell: Shell, method: string, args: unknown = {}): Promise<T> {
  const { body } = await callApi(shell, method, args);
  const envelope = body as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.value;
}

interface Material {
  id: string;
  form: 'original' | 'copy' | 'original_and_copy';
  copies: number;
  required: boolean;
}

/** A person applying for themselves. */
export function person(name: string, first17: string, address = ''): Record<string, unknown> {
  return { kind: 'person', name, idType: 'resident_id_card', idNumber: idNumber(first17), mobile: '13800001111', address };
}

/**
 * Submits an intake of the first item found for `itemName` with every required material
 * received except those in `missing`; `decision` as `intake.submit` takes it.
 */
export async function submitIntake(
  shell: Shell,
  itemName: string,
  applicant: Record<string, unknown>,
  decision: Record<string, unknown>,
  missing: string[] = [],
): Promise<{ id: string; caseNumber: string }> {
  const [hit] = await api<{ code: string; version: number }[]>(shell, 'catalog.search', { query: itemName, limit: 1 });
  if (!hit) throw new Error(`no item ${itemName}`);
  const item = await api<{ materials: Material[] }>(shell, 'catalog.getItem', { code: hit.code });
  const materials = item.materials.map((m) => {
    const received = m.required && !missing.includes(m.id);
    return {
      materialId: m.id,
      received,
      form: received ? (m.form === 'original_and_copy' ? 'both' : m.form) : null,
      copies: received ? m.copies : 0,
      defective: false,
      defectNote: '',
    };
  });
  return api(shell, 'intake.submit', {
    clientRequestId: randomUUID(),
    itemCode: hit.code,
    itemVersion: hit.version,
    applicant,
    agent: null,
    materials,
    decision,
  });
}

/** The default due date the core offers for a 容缺 material of the item found for `itemName`. */
export async function defaultDeferralDueDate(shell: Shell, itemName: string): Promise<string> {
  const [hit] = await api<{ code: string }[]>(shell, 'catalog.search', { query: itemName, limit: 1 });
  const preview = await api<{ defaultDeferralDueDate: string | null }>(shell, 'intake.preview', { itemCode: hit?.code });
  if (!preview.defaultDeferralDueDate) throw new Error(`${itemName} has no deferral due date`);
  return preview.defaultDeferralDueDate;
}
