import { z } from 'zod';
import { CASE_TYPES, MATERIAL_FORMS } from '../../contract/catalog';
import { ITEM_TYPE_LABELS, ITEM_TYPES, type ItemType } from '../../contract/item-types';
import { ItemCodeSchema } from '../../contract/sync/codes';
import { describeIssues } from '../schema-issues';

// The catalog ships with the app and is later replaced from the provincial platform, so every
// file read here crosses a trust boundary: a wrong time limit moves every deadline computed
// from it, and a material wrongly marked non-key lets a case be accepted without it (容缺).
// Objects are strict so that a misspelt optional field ("notes", "keyMaterial") fails loudly
// instead of silently disappearing.

// Item types are stored by the English names of the contract (GB/T 39046-2020 A.1). A catalog
// file may still carry the standard's exact Chinese names (the format catalogs had before, and
// what provincial exports print): those map one to one and are read as the English name; any
// other spelling is refused rather than guessed at (migration 0006 converted stored rows).
const ITEM_TYPE_BY_LABEL = new Map<string, ItemType>(ITEM_TYPES.map((t) => [ITEM_TYPE_LABELS[t], t]));

/** An item type by its English name, or by the standard's exact Chinese name (行政许可 → licensing). */
const ItemTypeField = z.preprocess(
  (value) => (typeof value === 'string' ? (ITEM_TYPE_BY_LABEL.get(value) ?? value) : value),
  z.enum(ITEM_TYPES),
);

/** Longest time limit accepted, in working days; anything above is a typo (a year is ~250). */
export const MAX_TIME_LIMIT_DAYS = 365;
export const MAX_MATERIAL_COPIES = 20;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

const timeLimit = z.number().int('must be a whole number of working days').min(0).max(MAX_TIME_LIMIT_DAYS);

export const MaterialSchema = z.strictObject({
  /** Stable within the item: cases record received and deferred materials by this id. */
  id: z.string().regex(/^[0-9A-Za-z_-]{1,32}$/, 'must be 1–32 characters of 0-9, A-Z, a-z, _ or -'),
  name: text(200),
  form: z.enum(MATERIAL_FORMS),
  copies: z.number().int().min(1).max(MAX_MATERIAL_COPIES),
  required: z.boolean(),
  /** Only non-key materials may be deferred under 容缺受理. */
  key: z.boolean(),
  note: text(200).optional(),
});

export const FeeSchema = z.strictObject({
  amountYuan: z.number().min(0).max(1_000_000),
  description: text(500),
});

export const CatalogItemSchema = z
  .strictObject({
    code: ItemCodeSchema,
    name: text(100),
    department: text(60),
    itemType: ItemTypeField,
    caseType: z.enum(CASE_TYPES),
    legalDays: timeLimit,
    promisedDays: timeLimit,
    fee: FeeSchema,
    /** 跑动次数: 0 一次不跑, 1 最多跑一次, 2 more than once. */
    visits: z.literal([0, 1, 2]),
    conditions: text(4000),
    basis: text(4000),
    materials: z.array(MaterialSchema).min(1, 'an item needs at least one material'),
  })
  .superRefine((item, ctx) => {
    if (item.promisedDays > item.legalDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['promisedDays'],
        message: `promised limit ${item.promisedDays} exceeds the legal limit ${item.legalDays}`,
      });
    }
    // A 即办件 is decided at the window, so any promised limit would be a second, contradictory deadline.
    if (item.caseType === 'immediate' && item.promisedDays !== 0) {
      ctx.addIssue({ code: 'custom', path: ['promisedDays'], message: 'an immediate item has promisedDays 0' });
    }
    const seen = new Set<string>();
    item.materials.forEach((material, i) => {
      if (seen.has(material.id)) {
        ctx.addIssue({ code: 'custom', path: ['materials', i, 'id'], message: `material id ${material.id} is used twice` });
      }
      seen.add(material.id);
    });
  });

export const CatalogFileSchema = z
  .strictObject({
    format: z.literal(1),
    /** The upstream's version label; a case records the version it was accepted under. */
    catalogVersion: text(40),
    source: text(200),
    items: z.array(CatalogItemSchema).min(1, 'a catalog needs at least one item'),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.items.forEach((item, i) => {
      if (seen.has(item.code)) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'code'], message: `item code ${item.code} is used twice` });
      }
      seen.add(item.code);
    });
  });

export const RejectionReasonSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be 1–40 characters of a-z, 0-9 or -'),
    /**
     * The item types whose law this reason rests on; it is offered, and accepted by the core,
     * for items of these types only (a licence's reasons cite the Administrative Licensing Law,
     * which governs no other item).
     */
    itemTypes: z.array(z.enum(ITEM_TYPES)).min(1, 'name at least one item type'),
    /** A sector's own reason (e.g. 不动产登记): further limited to these items. */
    itemCodes: z.array(ItemCodeSchema).min(1).optional(),
    /** Printed on the 不予受理通知书 as the reason. */
    text: text(500),
    /** Printed next to the reason; the notice is void without it. */
    legalBasis: text(500).optional(),
    /**
     * The legal basis is the item's own 设定依据 (the catalog's `basis`): for items under no
     * general procedure law, the law that creates the item is what the refusal rests on.
     */
    legalBasisFromItem: z.literal(true).optional(),
    note: text(500).optional(),
  })
  .superRefine((reason, ctx) => {
    if ((reason.legalBasis === undefined) === (reason.legalBasisFromItem === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['legalBasis'], message: 'give either legalBasis or legalBasisFromItem: true' });
    }
    if (new Set(reason.itemTypes).size !== reason.itemTypes.length) {
      ctx.addIssue({ code: 'custom', path: ['itemTypes'], message: 'an item type is listed twice' });
    }
  });

export const RejectionReasonsFileSchema = z
  .strictObject({
    format: z.literal(1),
    reasons: z.array(RejectionReasonSchema).min(1, 'at least one reason is needed'),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.reasons.forEach((reason, i) => {
      if (seen.has(reason.id)) {
        ctx.addIssue({ code: 'custom', path: ['reasons', i, 'id'], message: `reason id ${reason.id} is used twice` });
      }
      seen.add(reason.id);
    });
  });

export const CodeTableEntrySchema = z.strictObject({
  /** What the app stores; codes differ between targets and are applied only at export. */
  key: z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'must be lower_snake_case'),
  name: text(100),
  code: z.string().regex(/^[0-9A-Za-z]{1,10}$/, 'must be 1–10 characters of 0-9, A-Z or a-z'),
  note: text(500).optional(),
});

export const CodeTableFileSchema = z
  .strictObject({
    format: z.literal(1),
    table: z.string().regex(/^[a-z][a-z0-9-]{0,59}$/, 'must be lower-kebab-case'),
    source: text(500).optional(),
    /** What was not verified against the standard's text, so nobody mistakes it for checked. */
    note: text(2000).optional(),
    entries: z.array(CodeTableEntrySchema).min(1, 'a code table needs at least one entry'),
  })
  .superRefine((file, ctx) => {
    // Codes may repeat (several keys can fall back to 990 其他); keys may not, they are what is stored.
    const seen = new Set<string>();
    file.entries.forEach((entry, i) => {
      if (seen.has(entry.key)) {
        ctx.addIssue({ code: 'custom', path: ['entries', i, 'key'], message: `key ${entry.key} is used twice` });
      }
      seen.add(entry.key);
    });
  });

export type { ItemType };
/** An item as a catalog file carries it, after validation (the app adds the catalog version). */
export type CatalogItemInput = z.infer<typeof CatalogItemSchema>;
export type MaterialInput = z.infer<typeof MaterialSchema>;
export type FeeInput = z.infer<typeof FeeSchema>;
export type CatalogFile = z.infer<typeof CatalogFileSchema>;
export type RejectionReason = z.infer<typeof RejectionReasonSchema>;
export type RejectionReasonsFile = z.infer<typeof RejectionReasonsFileSchema>;
export type CodeTableEntry = z.infer<typeof CodeTableEntrySchema>;
export type CodeTableFile = z.infer<typeof CodeTableFileSchema>;

function load<T>(schema: z.ZodType<T>, what: string, json: unknown): T {
  const result = schema.safeParse(json);
  if (!result.success) throw new Error(`Invalid ${what}: ${describeIssues(result.error.issues)}`);
  return result.data;
}

// The loaders take parsed JSON rather than a path: the same checks serve the file shipped in
// resources/ and, later, the upstream's answer.

/** Validates a catalog file; throws naming the bad fields. */
export function loadCatalogFile(json: unknown): CatalogFile {
  return load(CatalogFileSchema, 'catalog file', json);
}

/** Validates the list of 不予受理 reasons; throws naming the bad fields. */
export function loadRejectionReasonsFile(json: unknown): RejectionReasonsFile {
  return load(RejectionReasonsFileSchema, 'rejection reasons file', json);
}

/** Validates a code table (e.g. certificate types); throws naming the bad fields. */
export function loadCodeTableFile(json: unknown): CodeTableFile {
  return load(CodeTableFileSchema, 'code table file', json);
}
