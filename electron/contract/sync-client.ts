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
});
export type SyncInfo = z.infer<typeof SyncInfoSchema>;

/** `sync.now`: the round's outcome as the status bar says it (`online` etc., contract/health.ts). */
export const SyncNowResultSchema = z.object({ state: z.string(), detail: z.string().nullable() });
export type SyncNowResult = z.infer<typeof SyncNowResultSchema>;

/** The `catalog.changed` event: the catalog or the holiday calendar changed under the UI (a pull applied). */
export const CatalogChangedSchema = z.object({ calendarYears: z.array(z.number().int()) });
