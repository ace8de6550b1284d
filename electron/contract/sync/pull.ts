import { z } from 'zod';
import { DECISION_OUTCOMES } from '../cases';
import { IsoDate, IsoInstant, Uuid } from '../common';
import { ItemCodeSchema } from './codes';

/** The most changes one pull answer carries. */
export const MAX_PULL_CHANGES = 200;

/**
 * Where a window stands in the server's stream of changes: opaque to the window, which only
 * stores the last one it was given and sends it back.
 */
export const PullCursorSchema = z.string().min(1).max(200);

/**
 * A pull (DESIGN.md, "Sync"): the changes after `cursor` (null: from the beginning, for a newly
 * enrolled window), at most `limit` of them.
 */
export const PullRequestSchema = z.strictObject({
  cursor: PullCursorSchema.nullable(),
  limit: z.number().int().min(1).max(MAX_PULL_CHANGES).default(100),
});
export type PullRequest = z.infer<typeof PullRequestSchema>;

/** The upstream's label of a catalog version; a case records the version it was accepted under. */
const CatalogVersion = z.string().trim().min(1).max(40);
/** A case number as the window printed it, e.g. `JQ-12-20261123-0007` (hall, window, date, sequence). */
const CaseNumber = z.string().regex(/^[A-Z0-9]{1,8}-\d{1,3}-\d{8}-\d{4,}$/, 'not a case number');

// Every change has its own id, so a window that applied a change but lost the cursor before
// storing it (a power cut) applies it once when it comes again.

/**
 * An item added or changed upstream (a new item, a time limit cut). `item` is the item as the
 * catalog files the window ships carry it; the window checks it with the same schema as those
 * files (core/catalog/catalog-file-schema.ts) before it replaces anything.
 */
export const CatalogItemChangedSchema = z.strictObject({
  kind: z.literal('catalog.itemChanged'),
  id: Uuid,
  catalogVersion: CatalogVersion,
  item: z.record(z.string(), z.unknown()).refine((item) => ItemCodeSchema.safeParse(item['code']).success, {
    message: 'an item needs its code',
    path: ['code'],
  }),
});

/** An item cancelled upstream: not offered for new cases from `effectiveFrom` (a hall date) on. */
export const CatalogItemCancelledSchema = z.strictObject({
  kind: z.literal('catalog.itemCancelled'),
  id: Uuid,
  catalogVersion: CatalogVersion,
  code: ItemCodeSchema,
  effectiveFrom: IsoDate,
});

/**
 * A year's holiday schedule, published by the State Council each winter (or a provisional one
 * replaced). `schedule` is the year as the shipped calendar file carries it; the window checks
 * it with the same schema (core/calendar/calendar-schema.ts) and recomputes open cases' deadlines.
 */
export const CalendarYearPublishedSchema = z.strictObject({
  kind: z.literal('calendar.yearPublished'),
  id: Uuid,
  year: z.number().int().min(2000).max(2100),
  schedule: z.record(z.string(), z.unknown()),
});

/** What the back office did with a case this window accepted. */
export const BackOfficeStepSchema = z.discriminatedUnion('step', [
  /** 审查: the department started its review. */
  z.strictObject({ step: z.literal('reviewStarted') }),
  /** 决定: approved or refused; a refusal states its reason and legal basis, as at the window. */
  z
    .strictObject({
      step: z.literal('decided'),
      outcome: z.enum(DECISION_OUTCOMES),
      reason: z.string().max(500),
      legalBasis: z.string().max(500),
    })
    .refine((d) => d.outcome !== 'refused' || d.reason.trim().length > 0, { message: 'a refusal states its reason', path: ['reason'] }),
  /** 办结/领证: the result is ready for the applicant to collect at the window. */
  z.strictObject({ step: z.literal('readyForPickup') }),
]);

/**
 * A back-office decision on one of this window's cases (后台分类审批, 统一窗口出件): the
 * server sends a window only its own cases' decisions.
 */
export const BackOfficeDecisionSchema = z.strictObject({
  kind: z.literal('case.backOfficeDecision'),
  id: Uuid,
  caseId: Uuid,
  caseNumber: CaseNumber,
  decision: BackOfficeStepSchema,
  decidedAt: IsoInstant,
  /** The department (and officer) that decided, as the notice will name them. */
  decidedBy: z.string().trim().min(1).max(100),
});

/** One change the server sends down, by its `kind`. */
export const SyncChangeSchema = z.discriminatedUnion('kind', [
  CatalogItemChangedSchema,
  CatalogItemCancelledSchema,
  CalendarYearPublishedSchema,
  BackOfficeDecisionSchema,
]);
export type SyncChange = z.infer<typeof SyncChangeSchema>;

/**
 * The answer to a pull: the changes in the server's order, the cursor to send next time (store
 * it only once the changes are applied), and whether more are waiting beyond `limit`.
 */
export const PullResponseSchema = z
  .strictObject({
    changes: z.array(SyncChangeSchema).max(MAX_PULL_CHANGES),
    cursor: PullCursorSchema,
    more: z.boolean(),
  })
  .superRefine((response, ctx) => {
    const ids = new Set<string>();
    response.changes.forEach((change, i) => {
      if (ids.has(change.id)) ctx.addIssue({ code: 'custom', path: ['changes', i, 'id'], message: `change ${change.id} is in the answer twice` });
      ids.add(change.id);
    });
  });
export type PullResponse = z.infer<typeof PullResponseSchema>;
