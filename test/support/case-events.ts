import type { CaseEvent, CaseEventPayloads, CaseEventType } from '../../electron/core/cases/case-events';
import type { ItemSnapshot } from '../../electron/core/cases/case-state';

/**
 * A 承诺件 (5 promised, 10 legal working days) with a key material K and a non-key material N
 * that may be deferred under 容缺; `extraMaterials` are added after them.
 */
export function foodLicenceSnapshot(extraMaterials: ItemSnapshot['materials'] = []): ItemSnapshot {
  return {
    code: 'C1',
    version: 1,
    name: '食品经营许可',
    department: '区市场监督管理局',
    caseType: 'promised',
    legalDays: 10,
    promisedDays: 5,
    materials: [
      { id: 'K', name: '申请书', form: 'original', copies: 1, required: true, key: true, note: null },
      { id: 'N', name: '健康证明', form: 'copy', copies: 1, required: true, key: false, note: null },
      ...extraMaterials,
    ],
  };
}

/** Makes case events for folding, as the store would hand them back. */
export type CaseEventMaker = <T extends CaseEventType>(
  type: T,
  payload: Extract<CaseEvent, { type: T }>['payload'],
  staffId?: string | null,
) => CaseEvent;

/**
 * Events of JQ window 12 on `day` (YYYY-MM-DD), numbered e1, e2, … in the order made, each an
 * hour after the last (by the count modulo 10), by staff member `s1` unless told otherwise.
 */
export function caseEventMaker(day: string): CaseEventMaker {
  let seq = 0;
  return (type, payload, staffId = 's1') => {
    seq++;
    return { type, payload, id: `e${seq}`, occurredAt: `${day}T0${seq % 10}:00:00.000Z`, staffId, hallCode: 'JQ', windowNumber: 12 } as CaseEvent;
  };
}

/** 健康证明 (material N) deferred under 容缺 to 2026-11-27. */
export const HEALTH_CERTIFICATE_DEFERRAL = { materialId: 'N', name: '健康证明', dueDate: '2026-11-27' };

/**
 * The `case.accepted` payload of foodLicenceSnapshot accepted on Monday 2026-11-23: promised by
 * 2026-11-30 (5 working days), legally by 2026-12-07 (10), with `deferrals` (none by default).
 */
export function foodLicenceAcceptance(
  deferrals: CaseEventPayloads['case.accepted']['deferrals'] = [],
): CaseEventPayloads['case.accepted'] {
  return {
    acceptanceDate: '2026-11-23',
    promisedDueDate: '2026-11-30',
    legalDueDate: '2026-12-07',
    promisedDueProvisional: false,
    legalDueProvisional: false,
    deferrals,
  };
}
