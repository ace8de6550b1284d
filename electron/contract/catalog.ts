import { z } from 'zod';
import { ITEM_TYPES } from './item-types';

export const CASE_TYPES = ['immediate', 'promised', 'joint', 'referred'] as const;
export type CaseType = (typeof CASE_TYPES)[number];
export const CASE_TYPE_LABELS: Record<CaseType, string> = {
  immediate: '即办件',
  promised: '承诺件',
  joint: '联办件',
  referred: '上报件',
};

export const MATERIAL_FORMS = ['original', 'copy', 'original_and_copy'] as const;
export type MaterialForm = (typeof MATERIAL_FORMS)[number];
export const MATERIAL_FORM_LABELS: Record<MaterialForm, string> = {
  original: '原件',
  copy: '复印件',
  original_and_copy: '原件及复印件',
};

export const MaterialSchema = z.object({
  id: z.string(),
  name: z.string(),
  form: z.enum(MATERIAL_FORMS),
  copies: z.number().int(),
  required: z.boolean(),
  key: z.boolean(),
  note: z.string().nullable(),
});
export type Material = z.infer<typeof MaterialSchema>;

export const ItemSummarySchema = z.object({
  code: z.string(),
  version: z.number().int(),
  name: z.string(),
  department: z.string(),
  /** 事项类型 (GB/T 39046-2020 A.1): what the item's decisions are called. */
  itemType: z.enum(ITEM_TYPES),
  caseType: z.enum(CASE_TYPES),
  legalDays: z.number().int(),
  promisedDays: z.number().int(),
  visits: z.number().int(),
  feeDescription: z.string(),
});
export type ItemSummary = z.infer<typeof ItemSummarySchema>;

export const ItemSearchHitSchema = ItemSummarySchema.extend({
  matchedBy: z.enum(['code', 'name', 'initials', 'pinyin', 'department']),
});
export type ItemSearchHit = z.infer<typeof ItemSearchHitSchema>;

/**
 * A stock 不予受理 reason as offered for one item: only reasons whose law governs the item's
 * type (a licence's reasons cite the Administrative Licensing Law, which no other item is
 * under), with the legal basis to print.
 */
export const ItemRejectionReasonSchema = z.object({ id: z.string(), text: z.string(), legalBasis: z.string() });
export type ItemRejectionReason = z.infer<typeof ItemRejectionReasonSchema>;

export const ItemDetailSchema = ItemSummarySchema.extend({
  conditions: z.string(),
  basis: z.string(),
  feeAmountYuan: z.number(),
  materials: z.array(MaterialSchema),
  catalogVersion: z.string(),
  /** The stock 不予受理 reasons that apply to this item, in the list's order. */
  rejectionReasons: z.array(ItemRejectionReasonSchema),
});
export type ItemDetail = z.infer<typeof ItemDetailSchema>;

export const CatalogSearchArgs = z
  .object({
    query: z.string().max(100, { error: '搜索内容过长' }),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .strict();

export const CatalogGetItemArgs = z
  .object({
    code: z.string().min(1).max(64),
    /** Omitted: the version in force now. */
    version: z.number().int().positive().optional(),
  })
  .strict();
