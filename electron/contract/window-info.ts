import { z } from 'zod';

export const WindowInfoSchema = z.object({
  hallCode: z.string(),
  hallName: z.string(),
  windowNumber: z.number().int(),
  windowName: z.string(),
  departments: z.array(z.string()),
  /** Item codes served here besides the departments' (config `window.itemCodes`); absent from an older core. */
  itemCodes: z.array(z.string()).optional(),
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

/**
 * What a hall screen on another PC sees of the window (`app.windowInfo`'s displayResult): all
 * but where this PC keeps its files (configFile, dataDir, databasePath name a user and folders).
 * The fields are picked, not the others omitted, so a field added to WindowInfo stays on this PC
 * until it is listed here.
 */
export const WindowInfoForDisplaySchema = WindowInfoSchema.pick({
  hallCode: true,
  hallName: true,
  windowNumber: true,
  windowName: true,
  departments: true,
  timeZone: true,
  appVersion: true,
  demoConfig: true,
  today: true,
});
export type WindowInfoForDisplay = z.infer<typeof WindowInfoForDisplaySchema>;
