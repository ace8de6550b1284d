import { z } from 'zod';
import { IsoDate, IsoInstant, requiredText, boundedText, Uuid } from './common';

/**
 * The national 好差评 five-level scale (国办发〔2019〕51号; GB/T 39734-2020), stored BY NAME:
 * the national tables number it in opposite directions (the satisfaction code table 1 = 非常满意,
 * the live 好差评 feeds 5 = 非常满意), so a number is given only at export (issue 16) or on a
 * device's wire (`SATISFACTION_OF_DEVICE_LEVEL`), never kept.
 */
export const SATISFACTIONS = ['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** What the UI (and the device's slot labels) call each level. */
export const SATISFACTION_LABELS: { readonly [S in Satisfaction]: string } = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  very_dissatisfied: '非常不满意',
};

/**
 * The rating device's level byte (protocols/rating-device.md v1: 5 非常满意 … 1 非常不满意) to
 * the level's name. Only the v1 driver reads this; the legacy bus maps through its config.
 */
export const SATISFACTION_OF_DEVICE_LEVEL: { readonly [level: number]: Satisfaction } = {
  5: 'very_satisfied',
  4: 'satisfied',
  3: 'basically_satisfied',
  2: 'dissatisfied',
  1: 'very_dissatisfied',
};

/** 差评: levels 1–2 (不满意, 非常不满意); each opens a follow-up (DOMAIN.md, Ratings). */
export function isBadRating(s: Satisfaction): boolean {
  return s === 'dissatisfied' || s === 'very_dissatisfied';
}

/** 满意: levels 3–5, the numerator of 满意率 = (3–5) / all (DOMAIN.md, Ratings). */
export function isSatisfied(s: Satisfaction): boolean {
  return s === 'very_satisfied' || s === 'satisfied' || s === 'basically_satisfied';
}

/** Which driver a window's rating device speaks (config `devices.ratingDevice.protocol`). */
export const RATING_PROTOCOLS = ['v1', 'legacy-bus'] as const;
export type RatingProtocol = (typeof RATING_PROTOCOLS)[number];
export const RATING_PROTOCOL_LABELS: { readonly [P in RatingProtocol]: string } = {
  v1: '评价器协议 v1',
  'legacy-bus': '大厅总线（旧评价器、呼叫器）',
};

/**
 * How a rating was tied to a service:
 * - `session`: it fell in a 一次一评 session the app armed (the case, staff member and window
 *   the session was recorded against);
 * - `on_duty`: no session (session_id 0, or the legacy bus with none open): the window and the
 *   staff member signed in at the device's time of the coin, no case;
 * - `nobody`: no session and nobody was signed in then: the window only.
 */
export const RATING_ATTRIBUTIONS = ['session', 'on_duty', 'nobody'] as const;
export type RatingAttribution = (typeof RATING_ATTRIBUTIONS)[number];

/** Device faults (v1 fault codes 1–4), kept and shown to the clerk when they happen. */
export const DEVICE_FAULTS = ['coin_jam', 'box_full', 'cover_opened', 'sensor_fault'] as const;
export type DeviceFault = (typeof DEVICE_FAULTS)[number];
export const DEVICE_FAULT_LABELS: { readonly [F in DeviceFault]: string } = {
  coin_jam: '投币口卡币',
  box_full: '币箱已满',
  cover_opened: '机盖被打开',
  sensor_fault: '传感器故障',
};

/** The device's status bits (v1 POLL reply), as last read; null where the protocol has none. */
export const RatingDeviceFlagsSchema = z.object({
  armed: z.boolean(),
  boxFull: z.boolean(),
  coinJam: z.boolean(),
  coverOpen: z.boolean(),
  sensorFault: z.boolean(),
});
export type RatingDeviceFlags = z.infer<typeof RatingDeviceFlagsSchema>;

/** Where a rating came from on the wire: enough to find the device's own record of it. */
export const RatingOriginSchema = z.object({
  protocol: z.enum(RATING_PROTOCOLS),
  /** v1: the device's serial (IDENT); legacy bus: null (the bus has no identity). */
  deviceSerial: z.string().nullable(),
  /** v1: the device's event_id; legacy bus: null. */
  deviceEventId: z.number().int().nullable(),
  /** Bus address (v1 ADDR, legacy ADDR). */
  address: z.number().int(),
  /** v1: the slot index the coin fell into; legacy bus: the raw score byte. */
  slot: z.number().int().nullable(),
  /** The device's clock when the coin fell (v1), or null (legacy bus). */
  deviceTime: IsoInstant.nullable(),
});
export type RatingOrigin = z.infer<typeof RatingOriginSchema>;

/** One stored rating (a `rating` event stream's first event; never edited, never deleted). */
export const RatingSchema = z.object({
  id: Uuid,
  satisfaction: z.enum(SATISFACTIONS),
  /** When the host committed it (a 差评's follow-up is due counted from its hall date). */
  receivedAt: IsoInstant,
  /**
   * When the coin fell: the device's time if it had a plausible clock (core/ratings/attribution.ts
   * believedDeviceTime), else receivedAt. The figures count a rating on this time's hall date.
   */
  ratedAt: IsoInstant,
  attribution: z.enum(RATING_ATTRIBUTIONS),
  sessionId: Uuid.nullable(),
  caseId: Uuid.nullable(),
  caseNumber: z.string().nullable(),
  itemCode: z.string().nullable(),
  itemName: z.string().nullable(),
  staffId: Uuid.nullable(),
  staffName: z.string().nullable(),
  hallCode: z.string(),
  windowNumber: z.number().int(),
  origin: RatingOriginSchema,
  /** The follow-up a 差评 opened (null for 3–5). */
  followUpId: Uuid.nullable(),
  /** True once an appeal (申诉复核) was upheld: kept and shown, but left out of 满意率. */
  excluded: z.boolean(),
});
export type Rating = z.infer<typeof RatingSchema>;

/**
 * A 一次一评 session (protocols/rating-device.md, rule 2): armed when the window finishes a
 * service, recorded against the case (or, issue 17, the queue ticket), the staff member and the
 * window. `armed` until one coin (`rated`), its time-out (`expired`), a newer service's session
 * (`superseded`) or the staff member's sign-out (`ended`).
 */
export const RATING_SESSION_STATES = ['armed', 'rated', 'expired', 'superseded', 'ended'] as const;
export type RatingSessionState = (typeof RATING_SESSION_STATES)[number];
export const RatingSessionSchema = z.object({
  id: Uuid,
  /** The u32 sent in ARM (non-zero); unique among this window's open sessions. */
  deviceSessionId: z.number().int().min(1).max(0xffffffff),
  state: z.enum(RATING_SESSION_STATES),
  caseId: Uuid.nullable(),
  caseNumber: z.string().nullable(),
  /** Words for what was finished: `HX-7-20261130-0001 已办结` (shown beside 请评价). */
  serviceLabel: z.string(),
  staffId: Uuid,
  armedAt: IsoInstant,
  /** armedAt + the session's time-out (config `ratings.sessionSeconds`). */
  expiresAt: IsoInstant,
  /** Whether the device acknowledged ARM (false while it is offline: re-armed on reconnection). */
  deviceArmed: z.boolean(),
  ratingId: Uuid.nullable(),
});
export type RatingSession = z.infer<typeof RatingSessionSchema>;

/**
 * A 差评's follow-up (DOMAIN.md, Ratings), one stage at a time:
 * `verifying` 核实 → `revisiting` 回访 → `rectifying` 整改 → `closed` (with the applicant's verdict
 * on the remedy). From any open stage the rated staff member may appeal (申诉复核): `appealing`
 * until a 组长 decides; upheld → `closed` with the rating `excluded`, rejected → back to the stage
 * it was appealed from. Every step is an event on the rating's stream.
 */
export const FOLLOW_UP_STAGES = ['verifying', 'revisiting', 'rectifying', 'appealing', 'closed'] as const;
export type FollowUpStage = (typeof FOLLOW_UP_STAGES)[number];
export const FOLLOW_UP_STAGE_LABELS: { readonly [S in FollowUpStage]: string } = {
  verifying: '待核实',
  revisiting: '待回访',
  rectifying: '整改中',
  appealing: '申诉复核中',
  closed: '已办结',
};

/**
 * The acts on a 差评's follow-up (DOMAIN.md, Ratings): 核实 (verify) → 回访 (revisit) → 整改
 * (rectify, one or more) → 办结 (close, with the applicant's verdict on the remedy); 申诉 (appeal)
 * from any open stage, once, and its 申诉复核 (decideAppeal). One table for the core, which
 * refuses an act out of its stage (core/ratings/follow-ups/follow-up-stages.ts), and the window,
 * which offers only the acts the core would take (renderer pages/ratings/follow-up-actions.ts).
 */
export const FOLLOW_UP_ACTIONS = ['verify', 'revisit', 'rectify', 'close', 'appeal', 'decideAppeal'] as const;
export type FollowUpAction = (typeof FOLLOW_UP_ACTIONS)[number];

/** What an act is called on its button and in a refusal's words. */
export const FOLLOW_UP_ACTION_LABELS: { readonly [A in FollowUpAction]: string } = {
  verify: '核实',
  revisit: '回访',
  rectify: '整改',
  close: '办结',
  appeal: '申诉',
  decideAppeal: '申诉复核',
};

/**
 * The stage an act is done in; null for `appeal`, which any open stage allows (待核实, 待回访,
 * 整改中), once per follow-up. `close` also needs a 整改 step on record (the measures come first).
 */
export const FOLLOW_UP_ACTION_STAGE: { readonly [A in FollowUpAction]: FollowUpStage | null } = {
  verify: 'verifying',
  revisit: 'revisiting',
  rectify: 'rectifying',
  close: 'rectifying',
  appeal: null,
  decideAppeal: 'appealing',
};

/** The applicant's view of the remedy, asked at 回访 and recorded at closing. */
export const REMEDY_VERDICTS = ['satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable'] as const;
export type RemedyVerdict = (typeof REMEDY_VERDICTS)[number];
export const REMEDY_VERDICT_LABELS: { readonly [V in RemedyVerdict]: string } = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  unreachable: '无法联系',
};

/** `dueRecomputed`: the system moved the due date after the hall calendar changed (a 暂定 year made official). */
export const FOLLOW_UP_STEP_KINDS = ['opened', 'verified', 'revisited', 'rectified', 'closed', 'appealed', 'appealDecided', 'dueRecomputed'] as const;
export type FollowUpStepKind = (typeof FOLLOW_UP_STEP_KINDS)[number];

export const FollowUpStepSchema = z.object({
  kind: z.enum(FOLLOW_UP_STEP_KINDS),
  at: IsoInstant,
  staffId: Uuid.nullable(),
  staffName: z.string().nullable(),
  /** The step's words: finding, what the applicant said, measures taken, appeal reason … */
  note: z.string(),
  verdict: z.enum(REMEDY_VERDICTS).nullable(),
  /** appealDecided: whether the appeal was upheld. */
  upheld: z.boolean().nullable(),
});
export type FollowUpStep = z.infer<typeof FollowUpStepSchema>;

export const FollowUpSchema = z.object({
  id: Uuid,
  rating: RatingSchema,
  stage: z.enum(FOLLOW_UP_STAGES),
  openedAt: IsoInstant,
  /** Hall calendar date by which it must be closed: openedAt + `ratings.followUpWorkingDays` working days. */
  dueDate: IsoDate,
  /** The due date was counted across a year whose holiday schedule is unpublished (暂定): recomputed when it is. */
  dueProvisional: z.boolean(),
  /** Open and past its due date (by the hall's today). */
  overdue: z.boolean(),
  /** Whom to call back: the case's applicant (name, mobile in full for the lead) when there is a case. */
  contact: z.object({ name: z.string(), mobile: z.string().nullable() }).nullable(),
  steps: z.array(FollowUpStepSchema),
  /** Stream version, for the actions' optimistic check. */
  version: z.number().int().min(1),
});
export type FollowUp = z.infer<typeof FollowUpSchema>;

// ---- Method arguments and results -------------------------------------------------------

export const RatingSearchArgs = z
  .object({
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    satisfactions: z.array(z.enum(SATISFACTIONS)).optional(),
    staffId: Uuid.optional(),
    itemCode: z.string().optional(),
    caseId: Uuid.optional(),
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .strict();
export const RatingSearchResultSchema = z.object({ ratings: z.array(RatingSchema), total: z.number().int() });

export const RATING_GROUPINGS = ['window', 'staff', 'item', 'day'] as const;
export type RatingGrouping = (typeof RATING_GROUPINGS)[number];
export const RatingSummaryArgs = z
  .object({ from: IsoDate, to: IsoDate, groupBy: z.enum(RATING_GROUPINGS) })
  .strict()
  .refine((a) => a.from <= a.to, { error: '开始日期不能晚于结束日期', path: ['to'] });

/** Counts per level and 满意率 for one group (a window, a staff member, an item, a day). */
export const RatingSummaryRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  counts: z.object({
    very_satisfied: z.number().int(),
    satisfied: z.number().int(),
    basically_satisfied: z.number().int(),
    dissatisfied: z.number().int(),
    very_dissatisfied: z.number().int(),
  }),
  /** Ratings counted (excluded ones left out). */
  total: z.number().int(),
  /** Appeals upheld in the group (kept, not counted). */
  excluded: z.number().int(),
  /** (3–5) / total, 0..1; null when total is 0. */
  satisfactionRate: z.number().min(0).max(1).nullable(),
});
export type RatingSummaryRow = z.infer<typeof RatingSummaryRowSchema>;
export const RatingSummarySchema = z.object({ rows: z.array(RatingSummaryRowSchema), all: RatingSummaryRowSchema });

export const FollowUpListArgs = z.object({ state: z.enum(['open', 'closed', 'all']).default('open') }).strict();
/** Open ones: overdue first, then by due date; closed ones: latest first. */
export const FollowUpListSchema = z.array(FollowUpSchema);

export const FollowUpRef = z.object({ followUpId: Uuid }).strict();
const expected = { followUpId: Uuid, version: z.number().int().min(1) };
export const VerifyFollowUpArgs = z.object({ ...expected, finding: requiredText(500, '请填写核实情况') }).strict();
export const RevisitFollowUpArgs = z
  .object({ ...expected, note: requiredText(500, '请填写回访情况'), verdict: z.enum(REMEDY_VERDICTS).nullable().default(null) })
  .strict();
export const RectifyFollowUpArgs = z.object({ ...expected, measures: requiredText(500, '请填写整改措施') }).strict();
export const CloseFollowUpArgs = z
  .object({ ...expected, verdict: z.enum(REMEDY_VERDICTS, { error: '请选择群众对整改的评价' }), note: boundedText(500) })
  .strict();
export const AppealFollowUpArgs = z.object({ ...expected, reason: requiredText(500, '请填写申诉理由') }).strict();
export const DecideAppealArgs = z.object({ ...expected, upheld: z.boolean(), note: requiredText(500, '请填写复核意见') }).strict();

/** A device fault as kept (the device's event, or the driver's own finding). */
export const DeviceFaultRecordSchema = z.object({
  id: Uuid,
  fault: z.enum(DEVICE_FAULTS),
  at: IsoInstant,
  deviceSerial: z.string().nullable(),
});
export type DeviceFaultRecord = z.infer<typeof DeviceFaultRecordSchema>;
export const DeviceFaultListArgs = z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict();
export const DeviceFaultListSchema = z.array(DeviceFaultRecordSchema);

/** 测试评价器: what the device says of itself (v1 IDENT + POLL status; the bus only its address). */
export const RatingDeviceTestSchema = z.object({
  protocol: z.enum(RATING_PROTOCOLS),
  endpoint: z.string(),
  serial: z.string().nullable(),
  firmware: z.string().nullable(),
  /** Slot index → level, left to right as the device reports them (v1), or the configured map. */
  slots: z.array(z.object({ slot: z.number().int(), satisfaction: z.enum(SATISFACTIONS) })),
  flags: RatingDeviceFlagsSchema.nullable(),
  /** Round trip of the identification, ms. */
  roundTripMs: z.number().nullable(),
});
export type RatingDeviceTest = z.infer<typeof RatingDeviceTestSchema>;

/**
 * 请评价 by hand (the clerk's key, or a caller keypad's `0B`): arms a session for the case just
 * served (e.g. a 承诺件 accepted, the applicant leaving), or for the window with no case. It only
 * opens the device for one coin; the citizen alone chooses the slot.
 */
export const RequestRatingArgs = z.object({ caseId: Uuid.nullable() }).strict();

/** The current 一次一评 session at this window (the 请评价 countdown), or null. */
export const CurrentRatingSessionSchema = RatingSessionSchema.nullable();
