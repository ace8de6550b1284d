import { z } from 'zod';
import { IsoDate, IsoInstant } from '../common';
import { WindowNumberSchema } from '../sync/codes';
import { HallTimeZoneQuerySchema, ResetHourSchema } from './policy';

// The hall queue's figures per window for one service day (issue 17, capability 6: 已办件数,
// 平均等候, 平均办理, 过号), for the reports to come. core/queue/figures.ts computes them (the rules
// of what counts are in its docstring); the server answers them at QUEUE_PATHS.figures and shows
// them in the back office.

/**
 * The query of `figures` (GET). `day`: the service day; without it, today's service day at the
 * server's clock by `timeZone` and `resetHour` (a window sends its rules'; both default to the
 * config's defaults, Asia/Shanghai and 0).
 */
export const QueueFiguresQuerySchema = z
  .object({
    day: IsoDate.optional(),
    timeZone: HallTimeZoneQuerySchema,
    resetHour: z.coerce.number().pipe(ResetHourSchema).default(0),
  })
  .strict();
export type QueueFiguresQuery = z.infer<typeof QueueFiguresQuerySchema>;

const Count = z.number().int().min(0);
/** A mean in whole milliseconds, or null when nothing was served to take it over. */
const MeanMs = z.number().int().min(0).nullable();

/**
 * One window's figures for the day: tickets it served (finished), the mean wait of those tickets
 * (issued → first called, ms), their mean service time (the call that led to the finish → finished,
 * ms), the tickets it skipped that were never served after (no-shows, 过号), and the recalls (重呼)
 * it made.
 */
export const WindowFiguresSchema = z
  .object({
    window: WindowNumberSchema,
    served: Count,
    averageWaitMs: MeanMs,
    averageServiceMs: MeanMs,
    noShows: Count,
    recalls: Count,
  })
  .strict();
export type WindowFigures = z.infer<typeof WindowFiguresSchema>;

/**
 * The hall's total: the windows' figures summed (means over every ticket served in the hall), and
 * the day's tickets: issued (withdrawn phantoms not counted), still in line (waiting or
 * transferred) and at a counter now (called or serving).
 */
export const HallTotalFiguresSchema = WindowFiguresSchema.omit({ window: true })
  .extend({ issued: Count, waiting: Count, atCounter: Count })
  .strict();
export type HallTotalFigures = z.infer<typeof HallTotalFiguresSchema>;

/** The answer of `figures`: the service day, each window that called a ticket that day (by number), and the hall's total. */
export const QueueFiguresResponseSchema = z
  .object({
    serviceDay: IsoDate,
    windows: z.array(WindowFiguresSchema),
    total: HallTotalFiguresSchema,
    /** When the server read them (figures of today move on). */
    at: IsoInstant,
  })
  .strict();
export type QueueFiguresResponse = z.infer<typeof QueueFiguresResponseSchema>;

/** Whole minutes of a mean in ms, for 分 in the panels (rounded; "—" is the caller's for null). */
export function minutesOf(ms: number): number {
  return Math.round(ms / 60_000);
}
