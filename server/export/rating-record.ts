import { z } from 'zod';
import { IsoDate, IsoInstant, Uuid } from '../../electron/contract/common';
import {
  FOLLOW_UP_STAGES,
  FOLLOW_UP_STEP_KINDS,
  RATING_ATTRIBUTIONS,
  REMEDY_VERDICTS,
  REMEDY_VERDICT_LABELS,
  SATISFACTIONS,
  isBadRating,
  type FollowUpStage,
  type FollowUpStepKind,
} from '../../electron/contract/ratings';
import type { SyncEvent } from '../../electron/contract/sync';
import type { ExportContext } from './case-record';
import { ExportError, readPayload } from './export-error';

// One rating's stored events (its `rating.received`, then a 差评's follow-up steps: core/ratings/
// vote-store.ts and follow-ups/follow-up-events.ts) folded into a 好差评 record (国办发〔2019〕51号).
// The satisfaction is stored by name; its number comes from the table the target chose, since the
// national code table and the live 好差评 feeds number the scale in opposite directions.

const Coded = z.strictObject({ code: z.string().min(1).max(10), name: z.string().min(1).max(100) });

const FollowUpStepRecordSchema = z.strictObject({
  kind: z.enum(FOLLOW_UP_STEP_KINDS),
  at: IsoInstant,
  staff: Uuid.nullable(),
  /** The step's words: finding, what the applicant said, measures, appeal reason, decision. */
  note: z.string(),
  /** The applicant's view of the remedy (回访, 办结), in words; null where none was given. */
  verdict: z.string().nullable(),
});

/**
 * A 好差评 record: the rating with its channel (pf = 4 for a hall's device), its level coded by
 * the target's satisfaction table (`satisfactionTable` says which direction), what it was
 * attributed to (case, item, staff, window), the accepting unit, and for a 差评 its follow-up
 * (核实, 回访, 整改, 办结, 申诉复核) with the stage reached. A rating whose appeal was upheld is
 * still exported, marked `excluded` (never deleted: DOMAIN.md, Ratings).
 */
export const RatingRecordSchema = z.strictObject({
  recordType: z.literal('rating'),
  ratingId: Uuid,
  hall: z.string().min(1),
  window: z.number().int().min(1).max(999),
  channel: Coded,
  satisfaction: Coded,
  satisfactionTable: z.string().min(1),
  bad: z.boolean(),
  ratedAt: IsoInstant,
  receivedAt: IsoInstant,
  attribution: z.enum(RATING_ATTRIBUTIONS),
  caseId: Uuid.nullable(),
  caseNumber: z.string().nullable(),
  itemCode: z.string().nullable(),
  itemName: z.string().nullable(),
  staffId: Uuid.nullable(),
  staffName: z.string().nullable(),
  acceptanceUnit: z.strictObject({ name: z.string().min(1), creditCode: z.string().length(18) }),
  followUp: z
    .strictObject({
      id: Uuid,
      openedAt: IsoInstant,
      dueDate: IsoDate,
      dueProvisional: z.boolean(),
      stage: z.enum(FOLLOW_UP_STAGES),
      steps: z.array(FollowUpStepRecordSchema).min(1),
      closedAt: IsoInstant.nullable(),
      /** The applicant's verdict on the remedy at 办结, in words. */
      verdict: z.string().nullable(),
      /** The appeal's outcome (申诉复核), null when none was decided. */
      appealUpheld: z.boolean().nullable(),
    })
    .nullable(),
  excluded: z.boolean(),
  events: z.number().int().min(1),
  version: z.number().int().min(1),
});
export type RatingRecord = z.infer<typeof RatingRecordSchema>;

const ReceivedPayload = z.looseObject({
  satisfaction: z.enum(SATISFACTIONS),
  receivedAt: IsoInstant,
  ratedAt: IsoInstant,
  attribution: z.enum(RATING_ATTRIBUTIONS),
  caseId: Uuid.nullable(),
  caseNumber: z.string().nullable(),
  itemCode: z.string().nullable(),
  itemName: z.string().nullable(),
  staffId: Uuid.nullable(),
  staffName: z.string().nullable(),
});
const Verdict = z.enum(REMEDY_VERDICTS);
const PAYLOADS = {
  'rating.followUpOpened': z.looseObject({ followUpId: Uuid, dueDate: IsoDate, dueProvisional: z.boolean() }),
  'rating.verified': z.looseObject({ followUpId: Uuid, finding: z.string() }),
  'rating.revisited': z.looseObject({ followUpId: Uuid, note: z.string(), verdict: Verdict.nullable() }),
  'rating.rectified': z.looseObject({ followUpId: Uuid, measures: z.string() }),
  'rating.followUpClosed': z.looseObject({ followUpId: Uuid, verdict: Verdict, note: z.string() }),
  'rating.appealed': z.looseObject({ followUpId: Uuid, reason: z.string() }),
  'rating.appealDecided': z.looseObject({ followUpId: Uuid, upheld: z.boolean(), note: z.string(), stage: z.enum(FOLLOW_UP_STAGES) }),
  'rating.followUpDueRecomputed': z.looseObject({ followUpId: Uuid, dueDate: IsoDate, dueProvisional: z.boolean() }),
} as const;
type FollowUpEventType = keyof typeof PAYLOADS;

const read = <T>(schema: z.ZodType<T>, event: SyncEvent): T => readPayload(schema, event, '评价');

/**
 * Folds one rating's events (one `rating` stream in version order, starting with
 * `rating.received`) into a 好差评 record coded by `ctx.tables` (channel `hall_device`; the
 * satisfaction by the target's chosen table).
 *
 * Throws ExportError: `missing_mapping` naming the table and value with no code; `bad_events`
 * when the stream is not a readable rating history (the event named).
 */
export function ratingRecordFromEvents(events: readonly SyncEvent[], ctx: ExportContext): RatingRecord {
  const first = events[0];
  if (!first || first.type !== 'rating.received' || first.stream.type !== 'rating') {
    throw new ExportError('bad_events', `评价 ${first?.stream.id ?? '（空）'} 的事件不是从收到评价开始的`);
  }
  const r = read(ReceivedPayload, first);
  const satisfactionTable = ctx.tables.target.satisfactionTable;
  const satisfaction = ctx.tables.entry(satisfactionTable, r.satisfaction);
  const channel = ctx.tables.entry('rating-channel', 'hall_device');

  let followUp: NonNullable<RatingRecord['followUp']> | null = null;
  let excluded = false;
  const addStep = (kind: FollowUpStepKind, event: SyncEvent, note: string, verdict: string | null, stage?: FollowUpStage) => {
    if (!followUp) throw new ExportError('bad_events', `评价 ${first.stream.id} 的回访步骤 ${event.id} 在回访开启之前`, { event: event.id });
    followUp.steps.push({ kind, at: event.occurredAt, staff: event.staff, note, verdict });
    if (stage) followUp.stage = stage;
  };
  events.forEach((event, i) => {
    if (event.stream.id !== first.stream.id || event.version !== i + 1) {
      throw new ExportError('bad_events', `评价 ${first.stream.id} 的事件不连续：第 ${i + 1} 个是 ${event.stream.id} 的第 ${event.version} 个`, { event: event.id });
    }
    if (i === 0) return;
    if (!Object.hasOwn(PAYLOADS, event.type)) {
      throw new ExportError('bad_events', `评价 ${first.stream.id} 有导出不认识的事件类型“${event.type}”（事件 ${event.id}）`, { event: event.id });
    }
    const type = event.type as FollowUpEventType;
    switch (type) {
      case 'rating.followUpOpened': {
        const p = read(PAYLOADS[type], event);
        followUp = {
          id: p.followUpId,
          openedAt: event.occurredAt,
          dueDate: p.dueDate,
          dueProvisional: p.dueProvisional,
          stage: 'verifying',
          steps: [{ kind: 'opened', at: event.occurredAt, staff: event.staff, note: '', verdict: null }],
          closedAt: null,
          verdict: null,
          appealUpheld: null,
        };
        return;
      }
      case 'rating.verified':
        addStep('verified', event, read(PAYLOADS[type], event).finding, null, 'revisiting');
        return;
      case 'rating.revisited': {
        const p = read(PAYLOADS[type], event);
        addStep('revisited', event, p.note, p.verdict === null ? null : REMEDY_VERDICT_LABELS[p.verdict], 'rectifying');
        return;
      }
      case 'rating.rectified':
        addStep('rectified', event, read(PAYLOADS[type], event).measures, null);
        return;
      case 'rating.followUpClosed': {
        const p = read(PAYLOADS[type], event);
        addStep('closed', event, p.note, REMEDY_VERDICT_LABELS[p.verdict], 'closed');
        followUp!.closedAt = event.occurredAt;
        followUp!.verdict = REMEDY_VERDICT_LABELS[p.verdict];
        return;
      }
      case 'rating.appealed':
        addStep('appealed', event, read(PAYLOADS[type], event).reason, null, 'appealing');
        return;
      case 'rating.appealDecided': {
        const p = read(PAYLOADS[type], event);
        addStep('appealDecided', event, p.note, null, p.stage);
        followUp!.appealUpheld = p.upheld;
        if (p.upheld) {
          // An upheld appeal closes the follow-up and takes the rating out of 满意率; it stays on record.
          excluded = true;
          followUp!.closedAt = event.occurredAt;
        }
        return;
      }
      case 'rating.followUpDueRecomputed': {
        const p = read(PAYLOADS[type], event);
        addStep('dueRecomputed', event, `办结期限改为 ${p.dueDate}${p.dueProvisional ? '（暂定）' : ''}`, null);
        followUp!.dueDate = p.dueDate;
        followUp!.dueProvisional = p.dueProvisional;
        return;
      }
    }
  });

  const last = events[events.length - 1] as SyncEvent;
  return {
    recordType: 'rating',
    ratingId: first.stream.id,
    hall: first.hall,
    window: first.window,
    channel: { code: channel.code, name: channel.name },
    satisfaction: { code: satisfaction.code, name: satisfaction.name },
    satisfactionTable,
    bad: isBadRating(r.satisfaction),
    ratedAt: r.ratedAt,
    receivedAt: r.receivedAt,
    attribution: r.attribution,
    caseId: r.caseId,
    caseNumber: r.caseNumber,
    itemCode: r.itemCode,
    itemName: r.itemName,
    staffId: r.staffId,
    staffName: r.staffName,
    acceptanceUnit: { name: ctx.profile.unitName, creditCode: ctx.profile.creditCode },
    followUp,
    excluded,
    events: events.length,
    version: last.version,
  };
}
