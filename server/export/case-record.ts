import { z } from 'zod';
import { CASE_STATUSES, DECISION_OUTCOMES, DELIVERY_METHODS, type CaseStatus } from '../../electron/contract/cases';
import { CASE_TYPES } from '../../electron/contract/catalog';
import { IsoDate, IsoInstant, Uuid } from '../../electron/contract/common';
import { ITEM_TYPES } from '../../electron/contract/item-types';
import type { SyncEvent } from '../../electron/contract/sync';
import { IDENTITY_DOCUMENT_TYPES } from '../../electron/contract/validation';
import type { ExportCodeTables, ExportTableName } from './code-tables';
import { ExportError, readPayload } from './export-error';
import type { HallProfile } from './hall-profile';

// One case's stored events (as the window sent them: electron/core/cases/case-events.ts) folded
// into the case elements of GB/T 39046-2020 (政务服务平台基础数据规范). Payloads are read with
// schemas of only the fields used here: a window's later additions pass through untouched, and a
// stream that cannot be read is an error naming its event, never a half-filled record.

const Code = z.string().min(1).max(10);
const Coded = z.strictObject({ code: Code, name: z.string().min(1).max(100) });

/** A step of the case's processing (办件过程信息): what happened, when, where and by whom. */
const CaseStepSchema = z.strictObject({
  /** The step's code in the target's `step` table, and its name. */
  step: Coded,
  /** The instant: the window's clock for a window's act, the back office's for its own. */
  at: IsoInstant,
  window: z.number().int().min(1).max(999),
  /** The window's staff id, or null for an act of the system or the back office. */
  staff: Uuid.nullable(),
  /** The department (and officer) for a back-office step; null at the window. */
  by: z.string().nullable(),
  /** The step's own words: a reason, a correction list, a decision's basis. */
  note: z.string(),
});

const PersonSchema = z.strictObject({
  name: z.string().min(1),
  certificateType: Coded,
  certificateNumber: z.string().min(1),
  mobile: z.string(),
});

/**
 * The GB/T 39046-2020 case elements of one case, every code from the target's tables:
 * - `item`: code (as given, never parsed), name, catalog version it was accepted under, type;
 * - `caseType` (1 即办件, 2 承诺件, 9 其他), `channel` (1 窗口);
 * - `applicant` with its type and certificate type code (a person's document; an
 *   organisation's unified social credit code), the `agent` if any;
 * - `acceptanceUnit`: the hall profile's unit and credit code; `clerk`: who received it;
 * - `applicationTime` (收件), `acceptanceTime` (受理, null if never accepted), the promised and
 *   legal due dates (hall calendar dates, `provisional` when counted over an unpublished year);
 * - `steps` in stream order; `result` (决定, 不予受理, 撤回, 终止) and `completion` (办结) once known.
 */
export const CaseElementsRecordSchema = z.strictObject({
  recordType: z.literal('case'),
  caseId: Uuid,
  caseNumber: z.string().min(1),
  hall: z.string().min(1),
  window: z.number().int().min(1).max(999),
  item: z.strictObject({
    code: z.string().min(1),
    name: z.string().min(1),
    version: z.number().int(),
    department: z.string(),
    type: Coded,
  }),
  caseType: Coded,
  channel: Coded,
  applicant: PersonSchema.extend({
    type: Coded,
    address: z.string(),
    legalRepresentative: z.string().nullable(),
    contactName: z.string().nullable(),
  }),
  agent: PersonSchema.nullable(),
  acceptanceUnit: z.strictObject({ name: z.string().min(1), creditCode: z.string().length(18), divisionCode: z.string().nullable() }),
  clerk: Uuid.nullable(),
  applicationTime: IsoInstant,
  acceptanceTime: IsoInstant.nullable(),
  promisedDueDate: IsoDate.nullable(),
  promisedDueProvisional: z.boolean(),
  legalDueDate: IsoDate.nullable(),
  status: z.enum(CASE_STATUSES),
  steps: z.array(CaseStepSchema).min(1),
  result: z
    .strictObject({
      result: Coded,
      at: IsoInstant,
      reason: z.string(),
      legalBasis: z.string(),
      /** The back office that decided, null when the window did. */
      decidedBy: z.string().nullable(),
    })
    .nullable(),
  completion: z
    .strictObject({
      time: IsoInstant,
      /** Posted to the applicant (邮寄送达) rather than collected at the window. */
      posted: z.boolean(),
      trackingNumber: z.string(),
    })
    .nullable(),
  /** How many stored events the record was folded from, and the last one's stream version. */
  events: z.number().int().min(1),
  version: z.number().int().min(1),
});
export type CaseElementsRecord = z.infer<typeof CaseElementsRecordSchema>;

// The stored payloads, as far as the export reads them (loose: other fields pass).
const IdType = z.enum(IDENTITY_DOCUMENT_TYPES);
const ReceivedPayload = z.looseObject({
  caseNumber: z.string().min(1),
  item: z.looseObject({
    code: z.string().min(1),
    version: z.number().int(),
    name: z.string().min(1),
    department: z.string(),
    itemType: z.enum(ITEM_TYPES).optional(),
    caseType: z.enum(CASE_TYPES),
  }),
  applicant: z.discriminatedUnion('kind', [
    z.looseObject({ kind: z.literal('person'), name: z.string(), idType: IdType, idNumber: z.string(), mobile: z.string(), address: z.string().default('') }),
    z.looseObject({
      kind: z.literal('organisation'),
      name: z.string(),
      creditCode: z.string(),
      legalRepresentative: z.string(),
      contactName: z.string(),
      mobile: z.string(),
      address: z.string().default(''),
    }),
  ]),
  agent: z.looseObject({ name: z.string(), idType: IdType, idNumber: z.string(), mobile: z.string() }).nullable(),
});
const AcceptedPayload = z.looseObject({
  promisedDueDate: IsoDate,
  legalDueDate: IsoDate,
  promisedDueProvisional: z.boolean(),
});
const RecomputedPayload = AcceptedPayload;
const CorrectionPayload = z.looseObject({ items: z.array(z.looseObject({ name: z.string() })), note: z.string() });
const ReasonPayload = z.looseObject({ reason: z.string() });
const RejectedPayload = z.looseObject({ reason: z.string(), legalBasis: z.string() });
const DecidedPayload = z.looseObject({
  outcome: z.enum(DECISION_OUTCOMES),
  itemType: z.enum(ITEM_TYPES).nullable().optional(),
  reason: z.string(),
  legalBasis: z.string(),
});
const DeliveredPayload = z.looseObject({ method: z.enum(DELIVERY_METHODS), trackingNumber: z.string() });
const BackOfficePayload = z.discriminatedUnion('step', [
  z.looseObject({ step: z.literal('reviewStarted'), decidedAt: IsoInstant, decidedBy: z.string() }),
  z.looseObject({
    step: z.literal('decided'),
    outcome: z.enum(DECISION_OUTCOMES),
    itemType: z.enum(ITEM_TYPES).nullable().optional(),
    reason: z.string(),
    legalBasis: z.string(),
    decidedAt: IsoInstant,
    decidedBy: z.string(),
  }),
  z.looseObject({ step: z.literal('readyForPickup'), decidedAt: IsoInstant, decidedBy: z.string() }),
]);

/**
 * Case events that change nothing the export reports (a reprint; a back-office step the window
 * could not record: the window's own bookkeeping).
 */
const NOT_A_STEP = new Set(['case.documentReprinted', 'case.backOfficeDecisionNotRecorded']);

/** What an export needs beside the events: the target's code tables and the hall's profile. */
export interface ExportContext {
  tables: ExportCodeTables;
  profile: HallProfile;
}

const read = <T>(schema: z.ZodType<T>, event: SyncEvent): T => readPayload(schema, event, '办件');

/**
 * Folds one case's events (one `case` stream, in stream-version order, starting with
 * `case.received`) into its GB/T 39046-2020 case elements, with every code from `ctx.tables`.
 *
 * Throws ExportError: `missing_mapping` naming the table and the stored value that has no code
 * (a province table without 联办件, an item whose type was never recorded …); `bad_events` when
 * the stream is not a readable case history (the event named).
 */
export function caseElementsFromEvents(events: readonly SyncEvent[], ctx: ExportContext): CaseElementsRecord {
  const first = events[0];
  if (!first || first.type !== 'case.received' || first.stream.type !== 'case') {
    throw new ExportError('bad_events', `办件 ${first?.stream.id ?? '（空）'} 的事件不是从收件开始的`);
  }
  const code = (table: ExportTableName, key: string) => {
    const entry = ctx.tables.entry(table, key);
    return { code: entry.code, name: entry.name };
  };
  const received = read(ReceivedPayload, first);
  const step = (key: string, event: SyncEvent, note = '', by: string | null = null, at = event.occurredAt) => ({
    step: code('step', key),
    at,
    window: event.window,
    staff: event.staff,
    by,
    note,
  });

  let status: CaseStatus = 'received';
  let acceptanceTime: string | null = null;
  let promisedDueDate: string | null = null;
  let promisedDueProvisional = false;
  let legalDueDate: string | null = null;
  let itemType = received.item.itemType ?? null;
  let result: CaseElementsRecord['result'] = null;
  let completion: CaseElementsRecord['completion'] = null;
  const steps: CaseElementsRecord['steps'] = [step('received', first)];

  events.forEach((event, i) => {
    if (event.stream.id !== first.stream.id || event.version !== i + 1) {
      throw new ExportError('bad_events', `办件 ${first.stream.id} 的事件不连续：第 ${i + 1} 个是 ${event.stream.id} 的第 ${event.version} 个`, { event: event.id });
    }
    if (i === 0) return;
    switch (event.type) {
      case 'case.accepted': {
        const p = read(AcceptedPayload, event);
        status = 'accepted';
        acceptanceTime = event.occurredAt;
        ({ promisedDueDate, legalDueDate, promisedDueProvisional } = p);
        steps.push(step('accepted', event));
        return;
      }
      case 'case.deadlineRecomputed': {
        ({ promisedDueDate, legalDueDate, promisedDueProvisional } = read(RecomputedPayload, event));
        return;
      }
      case 'case.correctionRequested': {
        const p = read(CorrectionPayload, event);
        status = 'correction_requested';
        steps.push(step('correction_requested', event, [p.items.map((it) => it.name).join('、'), p.note].filter(Boolean).join('；')));
        return;
      }
      case 'case.materialsSupplemented':
        // A corrected application is received again and awaits a new intake decision.
        if (status === 'correction_requested') status = 'received';
        steps.push(step('materials_supplemented', event));
        return;
      case 'case.rejected': {
        const p = read(RejectedPayload, event);
        status = 'rejected';
        result = { result: code('result', 'rejected'), at: event.occurredAt, reason: p.reason, legalBasis: p.legalBasis, decidedBy: null };
        completion = { time: event.occurredAt, posted: false, trackingNumber: '' };
        steps.push(step('rejected', event, p.reason));
        return;
      }
      case 'case.reviewStarted':
        status = 'in_review';
        steps.push(step('review_started', event));
        return;
      case 'case.decided': {
        const p = read(DecidedPayload, event);
        status = 'decided';
        itemType ??= p.itemType ?? null;
        result = { result: code('result', p.outcome), at: event.occurredAt, reason: p.reason, legalBasis: p.legalBasis, decidedBy: null };
        steps.push(step('decided', event, p.reason));
        return;
      }
      case 'case.backOfficeDecided': {
        const p = read(BackOfficePayload, event);
        if (p.step === 'reviewStarted') {
          status = 'in_review';
          steps.push(step('review_started', event, '', p.decidedBy, p.decidedAt));
        } else if (p.step === 'decided') {
          status = 'decided';
          itemType ??= p.itemType ?? null;
          result = { result: code('result', p.outcome), at: p.decidedAt, reason: p.reason, legalBasis: p.legalBasis, decidedBy: p.decidedBy };
          steps.push(step('decided', event, p.reason, p.decidedBy, p.decidedAt));
        } else {
          steps.push(step('ready_for_pickup', event, '', p.decidedBy, p.decidedAt));
        }
        return;
      }
      case 'case.delivered': {
        const p = read(DeliveredPayload, event);
        status = 'delivered';
        completion = { time: event.occurredAt, posted: p.method === 'post', trackingNumber: p.trackingNumber };
        steps.push(step('delivered', event));
        return;
      }
      case 'case.withdrawn':
      case 'case.terminated': {
        const p = read(ReasonPayload, event);
        const key = event.type === 'case.withdrawn' ? 'withdrawn' : 'terminated';
        status = key;
        result = { result: code('result', key), at: event.occurredAt, reason: p.reason, legalBasis: '', decidedBy: null };
        completion = { time: event.occurredAt, posted: false, trackingNumber: '' };
        steps.push(step(key, event, p.reason));
        return;
      }
      default:
        if (NOT_A_STEP.has(event.type)) return;
        throw new ExportError('bad_events', `办件 ${first.stream.id} 有导出不认识的事件类型“${event.type}”（事件 ${event.id}）`, { event: event.id });
    }
  });

  const a = received.applicant;
  const applicant: CaseElementsRecord['applicant'] =
    a.kind === 'person'
      ? {
          type: code('applicant-type', 'person'),
          name: a.name,
          certificateType: code('certificate-type', a.idType),
          certificateNumber: a.idNumber,
          mobile: a.mobile,
          address: a.address,
          legalRepresentative: null,
          contactName: null,
        }
      : {
          type: code('applicant-type', 'organisation'),
          name: a.name,
          certificateType: code('certificate-type', 'unified_social_credit_code'),
          certificateNumber: a.creditCode,
          mobile: a.mobile,
          address: a.address,
          legalRepresentative: a.legalRepresentative,
          contactName: a.contactName,
        };
  const agent = received.agent;
  const last = events[events.length - 1] as SyncEvent;
  return {
    recordType: 'case',
    caseId: first.stream.id,
    caseNumber: received.caseNumber,
    hall: first.hall,
    window: first.window,
    item: {
      code: received.item.code,
      name: received.item.name,
      version: received.item.version,
      department: received.item.department,
      // An item snapshot from before types were recorded, never decided: its type is unknown here.
      type: code('item-type', itemType ?? '（未记录事项类型）'),
    },
    caseType: code('case-type', received.item.caseType),
    channel: code('channel', 'window'),
    applicant,
    agent:
      agent === null
        ? null
        : { name: agent.name, certificateType: code('certificate-type', agent.idType), certificateNumber: agent.idNumber, mobile: agent.mobile },
    acceptanceUnit: { name: ctx.profile.unitName, creditCode: ctx.profile.creditCode, divisionCode: ctx.profile.divisionCode ?? null },
    clerk: first.staff,
    applicationTime: first.occurredAt,
    acceptanceTime,
    promisedDueDate,
    promisedDueProvisional,
    legalDueDate,
    status,
    steps,
    result,
    completion,
    events: events.length,
    version: last.version,
  };
}
