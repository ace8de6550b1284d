import { z } from 'zod';
import { DeferralOfferSchema } from './calendar';
import { AgentSchema, ApplicantSchema } from './applicant';
import { CHECKSUM_OVERRIDE_FIELDS } from './checksum-overrides';
import { checkTrackingNumber } from './validation';
import { CASE_TYPES, MaterialSchema } from './catalog';
import { ITEM_TYPES } from './item-types';
import { boundedText, IsoDate, requiredText, Uuid } from './common';
import { RECEIVED_FORMS } from './rules/material-assessment';

export const CASE_STATUSES = [
  'received',
  'correction_requested',
  'rejected',
  'accepted',
  'in_review',
  'decided',
  'delivered',
  'withdrawn',
  'terminated',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  received: '已收件',
  correction_requested: '待补正',
  rejected: '不予受理',
  accepted: '已受理',
  in_review: '审查中',
  decided: '已决定',
  delivered: '已办结',
  withdrawn: '已撤回',
  terminated: '已终止',
};

export const CASE_ACTIONS = [
  'decide_intake',
  'supplement_materials',
  /** 不予受理 of a case whose applicant did not bring what the correction notice listed. */
  'reject_intake',
  'start_review',
  'decide',
  'deliver',
  'withdraw',
  'terminate',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/**
 * A decision is stored by these type-neutral names together with the item's type; its words
 * (准予许可, 予以确认, 准予给付, 予以办理 …) are derived from both: see decisionOutcomeLabel in
 * item-types.ts. There is deliberately no fixed label table here: 准予许可 is only a licence's.
 */
export const DECISION_OUTCOMES = ['approved', 'refused'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export const DELIVERY_METHODS = ['window', 'post'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];
export const DELIVERY_METHOD_LABELS: Record<DeliveryMethod, string> = { window: '窗口领取', post: '邮寄送达' };
/**
 * The words for a delivery's fields, by method: one source for the 送达 dialog, the 送达 panel
 * and the timeline line the core writes, which used to say 领取人 for a posted result.
 */
export const DELIVERY_FIELD_LABELS: Record<DeliveryMethod, { recipientName: string; address: string; trackingNumber: string }> = {
  window: { recipientName: '领取人', address: '地址', trackingNumber: '邮件单号' },
  post: { recipientName: '收件人', address: '收件地址', trackingNumber: '邮件单号' },
};

const MaterialId = z.string().min(1).max(40);

export const MaterialReceiptSchema = z
  .object({
    materialId: MaterialId,
    received: z.boolean(),
    form: z.enum(RECEIVED_FORMS).nullable(),
    copies: z.number().int().min(0).max(99, { error: '份数不超过 99' }),
    defective: z.boolean().default(false),
    defectNote: boundedText(200, '说明不超过 200 字').default(''),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.received && r.form === null) {
      ctx.addIssue({ code: 'custom', path: ['form'], message: '请选择原件或复印件' });
    }
    if (r.received && r.copies < 1) {
      ctx.addIssue({ code: 'custom', path: ['copies'], message: '已收材料份数至少为 1' });
    }
    if (r.defective && r.defectNote.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['defectNote'], message: '请说明材料存在的问题' });
    }
  });

/**
 * A deferred material's due date. It is picked from a calendar, so an empty one was never
 * picked: that is said as such, in the words the intake form shows beside the date.
 */
const DeferralDueDate = z.string({ error: '请选择补交期限' }).min(1, { error: '请选择补交期限' }).pipe(IsoDate);

export const DeferralSchema = z.object({ materialId: MaterialId, dueDate: DeferralDueDate }).strict();

export const CorrectionItemSchema = z
  .object({
    /** null for something to supplement that is not one of the item's listed materials. */
    materialId: MaterialId.nullable(),
    name: requiredText(100, '请填写需补正的材料名称'),
    instruction: requiredText(300, '请填写补正要求'),
  })
  .strict();

export const IntakeDecisionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('accept') }).strict(),
  z
    .object({
      kind: z.literal('accept_with_deferral'),
      deferrals: z.array(DeferralSchema).min(1, { error: '容缺受理至少有一项容缺材料' }).max(50),
    })
    .strict(),
  z
    .object({
      kind: z.literal('request_correction'),
      items: z.array(CorrectionItemSchema).min(1, { error: '请列出需补正的全部材料' }).max(50),
      note: boundedText(500, '说明不超过 500 字').default(''),
    })
    .strict(),
  z
    .object({
      kind: z.literal('reject'),
      reasonId: z.string().max(40).nullable().default(null),
      reason: requiredText(500, '请填写不予受理的理由'),
      legalBasis: requiredText(500, '请填写法律依据'),
    })
    .strict(),
]);
export type IntakeDecision = z.output<typeof IntakeDecisionSchema>;
export type IntakeDecisionInput = z.input<typeof IntakeDecisionSchema>;
export type IntakeDecisionKind = IntakeDecision['kind'];
export const INTAKE_DECISION_LABELS: Record<IntakeDecisionKind, string> = {
  accept: '受理',
  accept_with_deferral: '容缺受理',
  request_correction: '一次性告知补正',
  reject: '不予受理',
};

export const IntakeArgs = z
  .object({
    /** Chosen by the UI once per intake form: a retried or doubled submit makes one case. */
    clientRequestId: Uuid,
    itemCode: z.string().min(1).max(64),
    itemVersion: z.number().int().positive(),
    applicant: ApplicantSchema,
    agent: AgentSchema.nullable().default(null),
    materials: z.array(MaterialReceiptSchema).max(100),
    decision: IntakeDecisionSchema,
  })
  .strict();
export type IntakeArgsInput = z.input<typeof IntakeArgs>;

const CaseRef = {
  caseId: Uuid,
  /**
   * The case version the clerk was looking at. Given, a change made meanwhile elsewhere (another
   * tab, a retried call that did go through) is refused as a conflict instead of being applied
   * to a case the clerk has not seen.
   */
  expectedVersion: z.number().int().positive().optional(),
};

/** The decision on a received case uses the materials already recorded on it (at intake or by 补正). */
export const DecideIntakeArgs = z.object({ ...CaseRef, decision: IntakeDecisionSchema }).strict();
export const SupplementMaterialsArgs = z
  .object({ ...CaseRef, materials: z.array(MaterialReceiptSchema).min(1).max(100) })
  .strict();
export const StartReviewArgs = z.object(CaseRef).strict();
export const DecideArgs = z
  .object({
    ...CaseRef,
    outcome: z.enum(DECISION_OUTCOMES, { error: '请选择决定' }),
    reason: boundedText(500).default(''),
    legalBasis: boundedText(500).default(''),
  })
  .strict()
  .superRefine((d, ctx) => {
    // The item's type is not known here, so the words stay neutral (不予许可 is only a licence's).
    if (d.outcome === 'refused' && d.reason.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '作出不予决定须写明理由' });
    }
    if (d.outcome === 'refused' && d.legalBasis.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['legalBasis'], message: '作出不予决定须写明法律依据' });
    }
  });
export const DeliverArgs = z
  .object({
    ...CaseRef,
    method: z.enum(DELIVERY_METHODS),
    recipientName: boundedText(50).default(''),
    address: boundedText(200).default(''),
    /** As typed from the waybill (`SF 1234 5678 9012`); stored without separators, see checkTrackingNumber. */
    trackingNumber: z.string().max(80, { error: '邮件单号过长' }).default(''),
  })
  .strict()
  .transform((d, ctx) => {
    // Handed over at the window: the record says to whom (the applicant, or someone sent by them).
    if (d.method === 'window' && d.recipientName.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['recipientName'], message: `请填写${DELIVERY_FIELD_LABELS.window.recipientName}姓名` });
    }
    if (d.method === 'post' && d.address.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: '邮寄送达须填写收件地址' });
    }
    if (d.method !== 'post') return { ...d, trackingNumber: '' };
    const tracking = checkTrackingNumber(d.trackingNumber);
    if (!tracking.ok) {
      ctx.addIssue({ code: 'custom', path: ['trackingNumber'], message: tracking.message });
      return z.NEVER;
    }
    return { ...d, trackingNumber: tracking.value };
  });
export const CloseArgs = z.object({ ...CaseRef, reason: requiredText(500, '请填写原因') }).strict();
export const GetCaseArgs = z.object({ caseId: Uuid }).strict();

/** The longest text each case-search box takes, in UTF-16 units: the schema's and the form's limit. */
export const CASE_SEARCH_LIMITS = { text: 60, caseNumber: 40, applicantName: 100, idNumber: 40, mobile: 20, itemCode: 64 } as const;

export const CaseSearchArgs = z
  .object({
    /** Free text: a case number, an id number, a mobile number or a name, recognised by shape. */
    text: z.string().trim().max(CASE_SEARCH_LIMITS.text).default(''),
    caseNumber: z.string().trim().max(CASE_SEARCH_LIMITS.caseNumber).default(''),
    applicantName: z.string().trim().max(CASE_SEARCH_LIMITS.applicantName).default(''),
    idNumber: z.string().trim().max(CASE_SEARCH_LIMITS.idNumber).default(''),
    mobile: z.string().trim().max(CASE_SEARCH_LIMITS.mobile).default(''),
    itemCode: z.string().trim().max(CASE_SEARCH_LIMITS.itemCode).default(''),
    statuses: z.array(z.enum(CASE_STATUSES)).max(CASE_STATUSES.length).default([]),
    fromDate: IsoDate.nullable().default(null),
    toDate: IsoDate.nullable().default(null),
    /** Opaque, from the previous page's `nextCursor`. */
    cursor: z.string().max(200).nullable().default(null),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.fromDate && a.toDate && a.fromDate > a.toDate) {
      ctx.addIssue({ code: 'custom', path: ['toDate'], message: '结束日期不能早于开始日期' });
    }
  });
export type CaseSearchInput = z.input<typeof CaseSearchArgs>;

export const CaseSummarySchema = z.object({
  id: z.string(),
  caseNumber: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  department: z.string(),
  caseType: z.enum(CASE_TYPES),
  status: z.enum(CASE_STATUSES),
  applicantKind: z.enum(['person', 'organisation']),
  applicantName: z.string(),
  /** Masked (first 6 + last 4). */
  applicantIdMasked: z.string(),
  receivedAt: z.string(),
  promisedDueDate: z.string().nullable(),
  /** The promised date depends on a year whose holiday schedule is not yet published (暂定). */
  promisedDueProvisional: z.boolean(),
  windowNumber: z.number().int(),
  staffName: z.string(),
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

export const CaseSearchResultSchema = z.object({
  rows: z.array(CaseSummarySchema),
  nextCursor: z.string().nullable(),
});
export type CaseSearchResult = z.infer<typeof CaseSearchResultSchema>;

/** A material of the case's item version, with its receipt as recorded at the window. */
export const CaseMaterialSchema = MaterialSchema.omit({ id: true }).extend({
  materialId: z.string(),
  received: z.boolean(),
  receivedForm: z.enum(RECEIVED_FORMS).nullable(),
  receivedCopies: z.number().int(),
  defective: z.boolean(),
  defectNote: z.string(),
  status: z.enum(['complete', 'missing', 'wrong_form', 'short_copies', 'defective', 'optional']),
  problem: z.string().nullable(),
});

export const TimelineEntrySchema = z.object({
  eventId: z.string(),
  type: z.string(),
  at: z.string(),
  staffNumber: z.string(),
  staffName: z.string(),
  windowNumber: z.number().int(),
  title: z.string(),
  lines: z.array(z.string()),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

const ChecksumOverrideViewSchema = z.object({
  field: z.enum(CHECKSUM_OVERRIDE_FIELDS),
  /** e.g. 统一社会信用代码, 代办人证件号码. */
  fieldLabel: z.string(),
  confirmedAt: z.string(),
  staffNumber: z.string(),
  staffName: z.string(),
});

const PersonOut = z.object({
  kind: z.literal('person'),
  name: z.string(),
  idType: z.string(),
  idNumber: z.string(),
  mobile: z.string(),
  address: z.string(),
});
const OrganisationOut = z.object({
  kind: z.literal('organisation'),
  name: z.string(),
  creditCode: z.string(),
  legalRepresentative: z.string(),
  contactName: z.string(),
  mobile: z.string(),
  address: z.string(),
});

/**
 * The hall-queue ticket at the counter when a case was accepted (issue 17 §3: the ticket being
 * served links to the case accepted for it): the id the queue gave it, its service day
 * (YYYY-MM-DD, the hall's day the number belongs to) and its number as called (A005).
 */
export const CaseTicketSchema = z.object({ ticketId: Uuid, serviceDay: IsoDate, number: z.string().min(1).max(16) }).strict();
export type CaseTicket = z.infer<typeof CaseTicketSchema>;

export const CaseDetailSchema = CaseSummarySchema.extend({
  /** Number of events so far; pass it back as `expectedVersion` with the next change. */
  version: z.number().int(),
  itemVersion: z.number().int(),
  /**
   * The type of the item version the case was received under; the decision's words follow it
   * (decisionWords). Null only when it cannot be known: see caseItemType in the core.
   */
  itemType: z.enum(ITEM_TYPES).nullable(),
  applicant: z.discriminatedUnion('kind', [PersonOut, OrganisationOut]),
  agent: z.object({ name: z.string(), idType: z.string(), idNumber: z.string(), mobile: z.string() }).nullable(),
  /** Numbers accepted although their check character is wrong: which field, who confirmed it against the original, when. */
  checksumOverrides: z.array(ChecksumOverrideViewSchema),
  materials: z.array(CaseMaterialSchema),
  deferrals: z.array(
    z.object({
      materialId: z.string(),
      name: z.string(),
      dueDate: z.string(),
      /** The due date touches a year whose schedule is not published (暂定), on the calendar in force. */
      dueProvisional: z.boolean(),
      supplementedAt: z.string().nullable(),
    }),
  ),
  correction: z
    .object({
      items: z.array(z.object({ materialId: z.string().nullable(), name: z.string(), instruction: z.string() })),
      note: z.string(),
      requestedAt: z.string(),
    })
    .nullable(),
  rejection: z.object({ reason: z.string(), legalBasis: z.string(), rejectedAt: z.string() }).nullable(),
  acceptedAt: z.string().nullable(),
  /**
   * The queue ticket being served when the case was accepted (号票 A005), from its latest
   * `case.accepted`; null when none was at the counter. Absent from answers of older cores.
   */
  acceptedTicket: CaseTicketSchema.nullable().optional(),
  legalDueDate: z.string().nullable(),
  legalDueProvisional: z.boolean(),
  decision: z
    .object({
      outcome: z.enum(DECISION_OUTCOMES),
      reason: z.string(),
      legalBasis: z.string(),
      decidedAt: z.string(),
      /** The department that decided, when the back office did (issue 16); absent for the window's own decision. */
      decidedBy: z.string().optional(),
    })
    .nullable(),
  /**
   * 待领取: the back office said the result is ready to collect at the window (issue 16), when
   * (`at`, its instant) and who (`by`). Null or absent until then.
   */
  readyForPickup: z.object({ at: z.string(), by: z.string() }).nullable().optional(),
  delivery: z
    .object({
      method: z.enum(DELIVERY_METHODS),
      recipientName: z.string(),
      address: z.string(),
      trackingNumber: z.string(),
      deliveredAt: z.string(),
    })
    .nullable(),
  closedAt: z.string().nullable(),
  /** Why it was withdrawn or terminated. */
  closeReason: z.string().nullable(),
  allowedActions: z.array(z.enum(CASE_ACTIONS)),
  timeline: z.array(TimelineEntrySchema),
});
export type CaseDetail = z.infer<typeof CaseDetailSchema>;

export const IntakePreviewArgs = z
  .object({
    itemCode: z.string().min(1).max(64),
    /** Omitted: the version in force (a new intake); given: that version (a case's own). */
    itemVersion: z.number().int().positive().optional(),
  })
  .strict();
export const IntakePreviewSchema = z.object({
  acceptanceDate: z.string(),
  promisedDueDate: z.string(),
  legalDueDate: z.string(),
  promisedDueProvisional: z.boolean(),
  legalDueProvisional: z.boolean(),
  /** Whether 容缺受理 is possible today, and with which dates (calendar.ts). */
  deferral: DeferralOfferSchema,
  /** `deferral.defaultDueDate`, or null when 容缺受理 is impossible. */
  defaultDeferralDueDate: z.string().nullable(),
});
export type IntakePreview = z.infer<typeof IntakePreviewSchema>;

export const ReferenceDataSchema = z.object({
  /**
   * Every stock 不予受理 reason, with the item types (and, for a sector's own reason, the items)
   * it applies to. To offer reasons for one item, use that item's `rejectionReasons`
   * (catalog.getItem): they are filtered and carry the legal basis to print. `legalBasis` null:
   * the basis is the item's own 设定依据.
   */
  rejectionReasons: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      legalBasis: z.string().nullable(),
      itemTypes: z.array(z.enum(ITEM_TYPES)),
      itemCodes: z.array(z.string()).nullable(),
    }),
  ),
  identityDocumentTypes: z.array(z.object({ key: z.string(), label: z.string() })),
});
export type ReferenceData = z.infer<typeof ReferenceDataSchema>;
