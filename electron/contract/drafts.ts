import { z } from 'zod';
import { IsoInstant, Uuid } from './common';

/**
 * The half-filled intake form as the core keeps it for the clerk who typed it, so that it comes
 * back after a restart of the app or a crash of the PC (issue 11 §5: nothing a clerk typed is
 * lost). The core stores it in its database, keyed by the signed-in clerk (never by an id the
 * caller names), and gives it back only to that clerk.
 *
 * The shape is validated as a trust boundary, not as a finished application: every field holds
 * what was typed, valid or not (a half-typed ID number is the point of a draft). Strings are
 * kept as typed (not trimmed) and bounded only against runaway sizes. Objects are loose so that
 * a field a newer form adds survives the round trip; the page reads each part tolerantly.
 *
 * Personal data: a draft holds names, ID numbers and mobiles. It lives in the same SQLite file as
 * the cases (readable by its owner only) and is never written to a log.
 */

/**
 * Bumped whenever the shape changes incompatibly. A stored draft of another format is discarded
 * (with a note to the clerk) instead of being half-read into the form.
 */
export const INTAKE_DRAFT_FORMAT = 1;

/** Serialised size limit of one draft, in UTF-16 units (the form is far smaller; this stops abuse). */
export const INTAKE_DRAFT_MAX_CHARS = 200_000;

/** What a clerk may type into one field, kept as typed. Generous: the form's own limits apply on submit. */
const Typed = z.string().max(4000);

const PersonDraftSchema = z.looseObject({
  name: Typed,
  idType: z.string().max(64),
  idNumber: Typed,
  mobile: Typed,
  address: Typed,
});

const OrganisationDraftSchema = z.looseObject({
  name: Typed,
  creditCode: Typed,
  legalRepresentative: Typed,
  contactName: Typed,
  mobile: Typed,
  address: Typed,
});

const AgentDraftSchema = z.looseObject({
  name: Typed,
  idType: z.string().max(64),
  idNumber: Typed,
  mobile: Typed,
});

const ReceiptDraftSchema = z.looseObject({
  received: z.boolean(),
});

export const IntakeDraftSchema = z
  .looseObject({
    /** The form's idempotency key: the submit that ends this draft carries the same id. */
    clientRequestId: Uuid,
    /** What is in the item search box. */
    query: Typed,
    /** The chosen catalog item, by reference: the page reads it from the catalog again on restore. */
    item: z.object({ code: z.string().min(1).max(64), version: z.number().int().min(1) }).nullable(),
    applicant: z.looseObject({
      kind: z.enum(['person', 'organisation']),
      person: PersonDraftSchema,
      organisation: OrganisationDraftSchema,
      hasAgent: z.boolean(),
      agent: AgentDraftSchema,
    }),
    /** By material id. */
    receipts: z.record(z.string().max(100), ReceiptDraftSchema),
    decision: z.looseObject({
      chosen: z.string().max(64).nullable(),
      note: Typed,
    }),
  })
  .refine((draft) => JSON.stringify(draft).length <= INTAKE_DRAFT_MAX_CHARS, { error: '草稿内容过大，未能保存' });
export type IntakeDraftBody = z.infer<typeof IntakeDraftSchema>;

export const SaveIntakeDraftArgs = z.object({ draft: IntakeDraftSchema }).strict();

/**
 * Why a stored draft was dropped instead of being given back: `outdated` — written by a build
 * whose draft format differs; `unreadable` — damaged or not matching the schema.
 */
export const DRAFT_DISCARD_REASONS = ['outdated', 'unreadable'] as const;
export type DraftDiscardReason = (typeof DRAFT_DISCARD_REASONS)[number];

export const StoredIntakeDraftSchema = z.object({
  /** The signed-in clerk's draft, or null when there is none (or it was just discarded). */
  draft: IntakeDraftSchema.nullable(),
  /** When the draft was last saved (ISO instant, UTC), or null with no draft. */
  savedAt: IsoInstant.nullable(),
  /** Set when a stored draft could not be given back and was removed; the page says so. */
  discarded: z.enum(DRAFT_DISCARD_REASONS).nullable(),
});
export type StoredIntakeDraft = z.infer<typeof StoredIntakeDraftSchema>;

export const SaveIntakeDraftResultSchema = z.object({
  /**
   * False when the draft's clientRequestId was already submitted (a late save racing the
   * submit): the case exists, so the form it came from is no longer a draft.
   */
  saved: z.boolean(),
  savedAt: IsoInstant.nullable(),
});

export const DiscardIntakeDraftResultSchema = z.object({ discarded: z.boolean() });

/** The notes shown when a stored draft could not be restored. */
export const DRAFT_DISCARD_MESSAGES: Readonly<Record<DraftDiscardReason, string>> = {
  outdated: '上次保存的草稿由旧版本程序写入，格式已不兼容，已丢弃。',
  unreadable: '上次保存的草稿已损坏，无法读取，已丢弃。',
};
