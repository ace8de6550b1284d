import type { SyncEvent } from '../../../../electron/contract/sync';
import type { CaseEventPayloads } from '../../../../electron/core/cases/case-events';
import type { FollowUpEventPayloads } from '../../../../electron/core/ratings/follow-ups/follow-up-events';
import type { RatingReceivedPayload } from '../../../../electron/core/ratings/vote-store';
import { loadExportCodeTables } from '../../../../server/export/code-tables';
import type { ExportContext } from '../../../../server/export/case-record';
import { parseHallProfile } from '../../../../server/export/hall-profile';
import { residentIdNumber, unifiedSocialCreditCode } from '../../../support/identity-numbers';

// Event streams as a JQ window stores and pushes them (core/cases/case-events.ts,
// core/ratings/vote-store.ts, follow-ups/follow-up-events.ts): the payload types are the
// window's own, so a change there breaks these fixtures at compile time.

let counter = 0;
/** A fresh UUIDv7-shaped id. */
export function uuid(): string {
  counter++;
  return `0193a1b2-c3d4-7e5f-8a6b-${counter.toString(16).padStart(12, '0')}`;
}

export const STAFF_WANG = uuid();
export const STAFF_LEAD = uuid();
export const HALL_CREDIT_CODE = unifiedSocialCreditCode('11330108MB0123456');
export const APPLICANT_ID = residentIdNumber('330106', '1985-03-14', 27);
export const AGENT_ID = residentIdNumber('330102', '1990-07-01', 41);
export const COMPANY_CODE = unifiedSocialCreditCode('91330106MA2AB3C4D');

/** The JQ hall's profile: 杭州市西湖区行政服务中心 and its credit code. */
export const profile = parseHallProfile(
  { format: 1, hall: 'JQ', unitName: '杭州市西湖区行政服务中心', creditCode: HALL_CREDIT_CODE, divisionCode: '330106' },
  'JQ',
);

/** The export context over the shipped national tables (or `province`'s, from `exportDir`). */
export function nationalContext(): ExportContext {
  return { tables: loadExportCodeTables('national'), profile };
}

type Stream<P> = <T extends keyof P & string>(type: T, payload: P[T], opts?: { staff?: string | null; at?: string }) => SyncEvent;

/** Events of one stream at JQ window 12, numbered from 1, an hour apart from `start` unless `at` is given. */
function streamMaker<P>(streamType: 'case' | 'rating', start: string): { id: string; event: Stream<P>; events: SyncEvent[] } {
  const id = uuid();
  const events: SyncEvent[] = [];
  let clock = Date.parse(start);
  const event: Stream<P> = (type, payload, opts = {}) => {
    const e: SyncEvent = {
      id: uuid(),
      stream: { type: streamType, id },
      version: events.length + 1,
      type,
      occurredAt: opts.at ?? new Date(clock).toISOString(),
      hall: 'JQ',
      window: 12,
      staff: opts.staff === undefined ? STAFF_WANG : opts.staff,
      payload: payload as Record<string, unknown>,
    };
    clock += 3_600_000;
    events.push(e);
    return e;
  };
  return { id, event, events };
}

export function caseStream(start = '2026-11-23T01:30:00.000Z') {
  return streamMaker<CaseEventPayloads>('case', start);
}

export function ratingStream(start = '2026-11-23T06:00:00.000Z') {
  return streamMaker<RatingPayloads>('rating', start);
}

/** The rating stream's payloads by event type. */
export type RatingPayloads = FollowUpEventPayloads & { 'rating.received': RatingReceivedPayload };

/** 食品经营许可 (承诺件, 5/20 working days), key material 申请书 and non-key 健康证明. */
export const FOOD_LICENCE_ITEM: CaseEventPayloads['case.received']['item'] = {
  code: '11330106MB0123456X4000111701001',
  version: 3,
  name: '食品经营许可（新办）',
  department: '西湖区市场监督管理局',
  itemType: 'licensing',
  caseType: 'promised',
  legalDays: 20,
  promisedDays: 5,
  materials: [
    { id: 'M1', name: '食品经营许可申请书', form: 'original', copies: 1, required: true, key: true, note: null },
    { id: 'M2', name: '从业人员健康证明', form: 'copy', copies: 1, required: true, key: false, note: null },
  ],
};

export function received(
  overrides: Partial<CaseEventPayloads['case.received']> = {},
): CaseEventPayloads['case.received'] {
  return {
    caseNumber: 'JQ-12-20261123-0007',
    receivedDate: '2026-11-23',
    item: FOOD_LICENCE_ITEM,
    applicant: {
      kind: 'person',
      name: '王秀英',
      idType: 'resident_id_card',
      idNumber: APPLICANT_ID,
      mobile: '13912345678',
      address: '杭州市西湖区文三路 90 号',
    },
    agent: { name: '李·阿依古丽', idType: 'resident_id_card', idNumber: AGENT_ID, mobile: '13800001111' },
    receipts: [
      { materialId: 'M1', received: true, form: 'original', copies: 1, defective: false, defectNote: '' },
      { materialId: 'M2', received: false, form: null, copies: 0, defective: false, defectNote: '' },
    ],
    ...overrides,
  };
}

export const ACCEPTED: CaseEventPayloads['case.accepted'] = {
  acceptanceDate: '2026-11-23',
  promisedDueDate: '2026-11-30',
  legalDueDate: '2026-12-21',
  promisedDueProvisional: false,
  legalDueProvisional: false,
  deferrals: [],
};

/** A 差评's rating.received payload for a rating of `satisfaction` after case `caseNumber`. */
export function ratingReceived(satisfaction: RatingReceivedPayload['satisfaction'], caseId: string | null = null): RatingReceivedPayload {
  return {
    satisfaction,
    receivedAt: '2026-11-23T06:00:01.000Z',
    ratedAt: '2026-11-23T06:00:00.500Z',
    attribution: caseId === null ? 'on_duty' : 'session',
    sessionId: caseId === null ? null : uuid(),
    caseId,
    caseNumber: caseId === null ? null : 'JQ-12-20261123-0007',
    itemCode: caseId === null ? null : FOOD_LICENCE_ITEM.code,
    itemName: caseId === null ? null : FOOD_LICENCE_ITEM.name,
    staffId: STAFF_WANG,
    staffName: '王敏',
    hallCode: 'JQ',
    windowNumber: 12,
    origin: { protocol: 'v1', deviceSerial: 'PJ-0012', deviceEventId: 88, address: 1, slot: 4, deviceTime: '2026-11-23T06:00:00.500Z' },
  };
}
