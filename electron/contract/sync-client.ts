import { z } from 'zod';
import { IsoInstant } from './common';
import { EnrolmentCodeSchema } from './sync/enrolment';

// The 设置 page's card 上级平台同步 (issue 16): enrolment with a one-time code, 立即同步, and what
// the window knows of its enrolment. The wire to the server is in contract/sync/.

/** `sync.enrol`: the one-time code the upstream's operator gave (`npm run server -- enrol`), as typed. */
export const EnrolWindowArgs = z.strictObject({ code: EnrolmentCodeSchema });

/** The window this window's token is for, and when it was stored (ISO 8601). The token itself never leaves the core. */
export const EnrolmentSchema = z.object({ hall: z.string(), window: z.number().int(), enrolledAt: IsoInstant });
export type Enrolment = z.infer<typeof EnrolmentSchema>;

/**
 * `sync.info`: the upstream's address from the settings (null: no sync), the enrolment (null: none
 * stored, the token may still come from an old config file: `tokenFromConfig`), the last push
 * and pull, and this PC's clock against the server's at the last answer (ms, server − PC).
 */
export const SyncInfoSchema = z.object({
  url: z.string().nullable(),
  enrolment: EnrolmentSchema.nullable(),
  tokenFromConfig: z.boolean(),
  lastPushAt: z.string().nullable(),
  lastPullAt: z.string().nullable(),
  clockOffsetMs: z.number().int().nullable(),
  /**
   * Events the upstream will not take as they are (a conflict, a refused value, too large): their
   * streams are parked, the rest goes up. `count` events wait (the parked ones and those behind
   * them), `reason` is the latest in words. Null: none. Absent before parking existed.
   */
  parked: z.object({ count: z.number().int().min(0), reason: z.string(), parkedAt: IsoInstant }).nullable().optional(),
});
export type SyncInfo = z.infer<typeof SyncInfoSchema>;

/** `sync.retryParked` (重试): how many parked events were released for one more try (a round starts at once). */
export const RetryParkedResultSchema = z.object({ released: z.number().int().min(0) });
export type RetryParkedResult = z.infer<typeof RetryParkedResultSchema>;

/**
 * `sync.now`: answered once the round has started (not when it ends: a large backlog takes
 * minutes), with the sync's state at that moment as the status bar says it (`connected`,
 * `offline`, …; contract/health.ts). The round's progress and outcome come by the status stream.
 */
export const SyncNowResultSchema = z.object({ state: z.string(), detail: z.string().nullable() });
export type SyncNowResult = z.infer<typeof SyncNowResultSchema>;

/** The `catalog.changed` event: the catalog or the holiday calendar changed under the UI (a pull applied). */
export const CatalogChangedSchema = z.object({ calendarYears: z.array(z.number().int()) });
