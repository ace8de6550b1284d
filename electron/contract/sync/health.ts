import { z } from 'zod';

/**
 * `GET /health` (SYNC_PATHS.health): 200 when the server can serve. `maxBodyBytes` is the largest
 * request body it accepts (bytes; over it → 413 too_large): a window sizes each push to stay
 * well under it (about 80 %), so it does not learn the limit by sending a body too large.
 * Absent from a server older than it: the window then assumes the server's default of 4 MB and
 * still halves on a 413. Read leniently (fields may be added).
 */
export const UpstreamHealthSchema = z.looseObject({
  status: z.literal('ok'),
  serverTime: z.string().optional(),
  maxBodyBytes: z.number().int().positive().optional(),
});
export type UpstreamHealth = z.infer<typeof UpstreamHealthSchema>;
