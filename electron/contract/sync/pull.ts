import { z } from 'zod';
import { DECISION_OUTCOMES } from '../cases';
import { IsoDate, IsoInstant, Uuid } from '../common';
import { ItemCodeSchema } from './codes';

/** The most changes one pull answer carries. */
export const MAX_PULL_CHANGES = 200;

/**
 * Where a window stands in the server's stream of changes: opaque to the window, which only
 * stores the last one it was given and sends it back. The server writes `<epoch>:<seq>` (its
 * database's random epoch, server migration 0003, and the last sequence sent) and answers a
 * cursor of another epoch, or one ahead of anything it ever numbered, with the error `bad_cursor`:
 * the window then forgets its cursor and pulls from the beginning (its applied-change ids make
 * that repeat a no-op).
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

/** Refuses a pull answer naming one change id twice (both readings of the answer, strict and tolerant). */
function noChangeTwice(response: { changes: ReadonlyArray<{ id: string }> }, ctx: z.RefinementCtx): void {
  const ids = new Set<string>();
  response.changes.forEach((change, i) => {
    if (ids.has(change.id)) ctx.addIssue({ code: 'custom', path: ['changes', i, 'id'], message: `change ${change.id} is in the answer twice` });
    ids.add(change.id);
  });
}

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
  .superRefine(noChangeTwice);
export type PullResponse = z.infer<typeof PullResponseSchema>;

/** The change kinds this program knows (a newer server may send others). */
export const KNOWN_CHANGE_KINDS: readonly SyncChange['kind'][] = SyncChangeSchema.options.map((o) => o.shape.kind.value);

/**
 * A change this program cannot read: a kind it does not know (a newer server), or a known kind
 * that fails its schema (a field added upstream). The window records it as skipped with `reason`
 * and applies the rest of the answer; a newer program tries it again (sync/pull/pull-deferred.ts).
 */
export interface UnreadableChange {
  readonly unreadable: true;
  readonly id: string;
  readonly kind: string;
  /** Why, in Chinese words (logged, and kept with the skipped change). */
  readonly reason: string;
  /** The change as received (an object with at least `id` and `kind`). */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** One change of a pull answer as the window reads it. */
export type PulledChange = SyncChange | UnreadableChange;

/** A pull answer as the window reads it (TolerantPullResponseSchema); a PullResponse is one too. */
export interface TolerantPullResponse {
  changes: PulledChange[];
  cursor: string;
  more: boolean;
}

/** Whether a pulled change is one this program could not read. */
export function isUnreadableChange(change: PulledChange): change is UnreadableChange {
  return 'unreadable' in change && change.unreadable === true;
}

/** The part of a change every kind, present and future, carries: its id and its kind. */
const ChangeEnvelopeSchema = z.looseObject({ id: Uuid, kind: z.string().min(1).max(100) });

/** A zod failure in brief (the first three issues, where and what), for a skipped change's reason. */
function briefIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '变更'}：${issue.message}`);
  return parts.join('；') + (error.issues.length > 3 ? `（另有 ${error.issues.length - 3} 处）` : '');
}

/**
 * The pull answer as the WINDOW reads it (issue 16 review, finding 6): the envelope strictly
 * enough to go on safely — at most MAX_PULL_CHANGES changes, each with an id and a kind, no id
 * twice, a cursor and `more` (fields added to the envelope are ignored) — and each change by its
 * own schema. A change of a kind this program does not know, or of a known kind that its schema
 * refuses, becomes an UnreadableChange with the reason, so one server release ahead of this
 * window never stops its pull. The server answers with PullResponseSchema (strict).
 */
export const TolerantPullResponseSchema = z
  .looseObject({
    changes: z.array(ChangeEnvelopeSchema).max(MAX_PULL_CHANGES),
    cursor: PullCursorSchema,
    more: z.boolean(),
  })
  .superRefine(noChangeTwice)
  .transform((response): TolerantPullResponse => ({
    changes: response.changes.map((raw): PulledChange => {
      const parsed = SyncChangeSchema.safeParse(raw);
      if (parsed.success) return parsed.data;
      const known = (KNOWN_CHANGE_KINDS as readonly string[]).includes(raw.kind);
      const reason = known
        ? `变更（${raw.kind}）的内容不符合本程序的同步协议：${briefIssues(parsed.error)}。可能需要升级窗口程序`
        : `本程序不认识这种变更（${raw.kind}），请升级窗口程序`;
      return { unreadable: true, id: raw.id, kind: raw.kind, reason, raw };
    }),
    cursor: response.cursor,
    more: response.more,
  }));
