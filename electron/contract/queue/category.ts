import { z } from 'zod';
import { requiredText } from '../common';
import { ItemCodeSchema, WindowNumberSchema } from '../sync/codes';

// A queue category (业务类别, DOMAIN.md "Queue"): what the citizen picks at the dispenser (取号机).
// The hall's administrator sets the list; dispensers, windows and the hall server read the same one.

/** A category's letter, the prefix of its ticket numbers (`A012`): one capital letter A–Z. */
export const CategoryLetterSchema = z.string({ error: '请填写类别字母（A–Z）' }).regex(/^[A-Z]$/, { error: '类别字母应为 A–Z 中的一个大写字母' });
export type CategoryLetter = z.infer<typeof CategoryLetterSchema>;

/**
 * The lane a ticket queues in. `ordinary` is the common line; `priority` is 绿色通道 (the elderly,
 * the disabled, …); `appointment` is a booked visit checked in with its booking code (预约).
 * The queue policy treats `priority` and `appointment` alike as the preferred lanes.
 */
export const LANES = ['ordinary', 'priority', 'appointment'] as const;
export const LaneSchema = z.enum(LANES, { error: '通道应为 普通、绿色通道 或 预约' });
export type Lane = z.infer<typeof LaneSchema>;

/** UI words for each lane. */
export const LANE_WORDS: Record<Lane, string> = { ordinary: '普通', priority: '绿色通道', appointment: '预约' };

/** True for the lanes the policy prefers over `ordinary`. */
export function isPreferredLane(lane: Lane): boolean {
  return lane !== 'ordinary';
}

/**
 * One category: its letter, its name as the dispenser shows it (Chinese, e.g. 企业开办), the item
 * codes (事项编码) it serves (empty: none in particular, e.g. 咨询), the numbers of the windows that
 * call it (at least one, or its tickets would never be called) and the lane its tickets queue in.
 */
export const QueueCategorySchema = z
  .object({
    letter: CategoryLetterSchema,
    name: requiredText(20, '请填写类别名称'),
    itemCodes: z.array(ItemCodeSchema).default([]),
    windows: z.array(WindowNumberSchema).min(1, { error: '至少要有一个窗口办理该类别' }),
    lane: LaneSchema.default('ordinary'),
  })
  .strict()
  .superRefine((category, ctx) => {
    if (new Set(category.windows).size !== category.windows.length) ctx.addIssue({ code: 'custom', path: ['windows'], message: '窗口号重复' });
  });
export type QueueCategory = z.infer<typeof QueueCategorySchema>;

/** The hall's categories: each letter once. */
export const QueueCategoriesSchema = z.array(QueueCategorySchema).superRefine((categories, ctx) => {
  const seen = new Set<string>();
  categories.forEach((category, i) => {
    if (seen.has(category.letter)) ctx.addIssue({ code: 'custom', path: [i, 'letter'], message: `类别字母 ${category.letter} 重复` });
    seen.add(category.letter);
  });
});

/** The letters of the categories a window calls (those listing its number), in the list's order. */
export function categoriesServedBy(categories: readonly QueueCategory[], window: number): CategoryLetter[] {
  return categories.filter((c) => c.windows.includes(window)).map((c) => c.letter);
}
