import { z } from 'zod';

export const WindowInfoSchema = z.object({
  hallCode: z.string(),
  hallName: z.string(),
  windowNumber: z.number().int(),
  windowName: z.string(),
  departments: z.array(z.string()),
  timeZone: z.string(),
  appVersion: z.string(),
  /** True when no --config was given and the built-in demonstration settings are in use. */
  demoConfig: z.boolean(),
  /** The config file in use; null with the demo settings. */
  configFile: z.string().nullable(),
  dataDir: z.string(),
  databasePath: z.string(),
  /** Today in the hall's time zone, so the UI never trusts the browser's clock for dates. */
  today: z.string(),
});
export type WindowInfo = z.infer<typeof WindowInfoSchema>;
