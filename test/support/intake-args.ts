import { randomUUID } from 'node:crypto';
import type { IntakeArgsInput, IntakeDecisionInput, MaterialReceipt } from '../../electron/contract';
import { residentIdNumber } from './identity-numbers';

/** 个体工商户设立登记 (即办件): M1, M2 required key; M3 required non-key; M4 optional; M5 optional key. */
export const SOLE_TRADER = { code: '11330102MB170512570100018001001', version: 1 };
/** 食品经营许可 (承诺件, 5 / 10 working days): M1, M3 key; M2, M4, M5 required non-key; M6 optional. */
export const FOOD_LICENCE = { code: '11330102MB170512570100117001005', version: 1 };

export interface ReceiptSpec {
  /** Material ids received in full (form and copies as required). */
  received: string[];
  defective?: Record<string, string>;
}

const FORMS: Record<string, 'original' | 'copy' | 'both'> = { original: 'original', copy: 'copy', original_and_copy: 'both' };

export function receipts(
  materials: ReadonlyArray<{ id: string; form: string; copies: number }>,
  spec: ReceiptSpec,
): MaterialReceipt[] {
  return materials.map((m) => {
    const received = spec.received.includes(m.id) || spec.defective?.[m.id] !== undefined;
    const note = spec.defective?.[m.id];
    return {
      materialId: m.id,
      received,
      form: received ? (FORMS[m.form] ?? 'original') : null,
      copies: received ? m.copies : 0,
      defective: note !== undefined,
      defectNote: note ?? '',
    };
  });
}

export function personApplicant(name = '张三', sequence = 1) {
  return {
    kind: 'person' as const,
    name,
    idType: 'resident_id_card' as const,
    idNumber: residentIdNumber('330102', '1985-06-15', sequence),
    mobile: '13812345678',
    address: '杭州市上城区解放路 1 号',
  };
}

export function intakeArgs(
  item: { code: string; version: number },
  materials: ReadonlyArray<{ id: string; form: string; copies: number }>,
  spec: ReceiptSpec,
  decision: IntakeDecisionInput,
  overrides: Partial<IntakeArgsInput> = {},
): IntakeArgsInput {
  return {
    clientRequestId: randomUUID(),
    itemCode: item.code,
    itemVersion: item.version,
    applicant: personApplicant(),
    agent: null,
    materials: receipts(materials, spec),
    decision,
    ...overrides,
  };
}
