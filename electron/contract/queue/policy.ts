import { z } from 'zod';
import { isTimeZone } from '../common';
import { QueueCategoriesSchema } from './category';

/**
 * How a window chooses between the preferred lanes (绿色通道, 预约) and the ordinary line; halls
 * differ, so it is the hall's setting.
 *
 * - `strict`: a preferred ticket always goes first; ordinary tickets wait until no preferred one
 *   is waiting (they can wait without bound on a busy day — the hall's choice).
 * - `interleaved`: each window calls `priorityPerOrdinary` preferred tickets, then one ordinary
 *   ticket, and so on (only while both are waiting). An ordinary ticket that has waited more than
 *   `maxOrdinaryWaitMinutes` (minutes, counted from its issue time) goes before any preferred one.
 */
export const QueuePolicySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('strict') }).strict(),
  z
    .object({
      kind: z.literal('interleaved'),
      priorityPerOrdinary: z.number().int().min(1, { error: '应为 1–10 的整数' }).max(10, { error: '应为 1–10 的整数' }),
      maxOrdinaryWaitMinutes: z.number().int().min(1, { error: '应为 1–480 分钟' }).max(480, { error: '应为 1–480 分钟' }),
    })
    .strict(),
]);
export type QueuePolicy = z.infer<typeof QueuePolicySchema>;

/**
 * The hour (0–23, the hall's wall clock) at which the service day starts and numbering restarts
 * at 001. 0 is midnight; a hall open late may choose e.g. 4 so that 00:00–03:59 still belongs to
 * the day before.
 */
export const ResetHourSchema = z.number().int().min(0, { error: '应为 0–23 的整数' }).max(23, { error: '应为 0–23 的整数' });

/**
 * The hall's time zone as a server query names it (the calls stream, the figures): an IANA name of
 * at most 64 characters, Asia/Shanghai when absent.
 */
export const HallTimeZoneQuerySchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, { error: '不是有效的时区名称，例如 Asia/Shanghai' })
  .default('Asia/Shanghai');

/** Minutes assumed per service in a category before any of the day's tickets is finished there. */
export const DEFAULT_SERVICE_MINUTES = 8;

/**
 * The hall's queue rules, shared by its dispensers, windows, display and server. The time zone is
 * the hall's (config `timeZone`), never the PC's.
 */
export const QueueRulesSchema = z
  .object({
    timeZone: z.string().min(1),
    resetHour: ResetHourSchema.default(0),
    policy: QueuePolicySchema.default({ kind: 'strict' }),
    categories: QueueCategoriesSchema,
    /** Minutes per service assumed before the day has real service times (DEFAULT_SERVICE_MINUTES). */
    defaultServiceMinutes: z.number().int().min(1).max(240).default(DEFAULT_SERVICE_MINUTES),
  })
  .strict();
export type QueueRules = z.infer<typeof QueueRulesSchema>;
