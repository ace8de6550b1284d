import { z } from 'zod';
import { ConfigSchema } from './config';
import { IsoDate, IsoInstant } from './common';
import { SessionStaffSchema } from './session';

/**
 * One setting that changed, by its dotted path in config.json (`window.name`,
 * `devices.receiptPrinter`): the value before and after, as JSON (null where there was none).
 * Objects are compared whole at a device (`devices.receiptPrinter` is one change, its old and
 * new endpoint side by side) and leaf by leaf elsewhere.
 */
export const SettingChangeSchema = z.object({
  path: z.string(),
  from: z.json(),
  to: z.json(),
});
export type SettingChange = z.infer<typeof SettingChangeSchema>;

/** What the window's catalog offers to choose a window's departments and items from. */
export const CatalogChoicesSchema = z.object({
  departments: z.array(z.string()),
  items: z.array(z.object({ code: z.string(), name: z.string(), department: z.string() })),
});
export type CatalogChoices = z.infer<typeof CatalogChoicesSchema>;

/**
 * A serial port the OS lists now (`SerialPort.list()`): its path and what its USB adapter says
 * of itself, so IT can tell the rating device's adapter from a printer's.
 */
export const SerialPortInfoSchema = z.object({
  path: z.string(),
  manufacturer: z.string().nullable(),
  /** The OS's own description (Windows: `USB-SERIAL CH340 (COM3)`), or null. */
  friendlyName: z.string().nullable(),
  serialNumber: z.string().nullable(),
  vendorId: z.string().nullable(),
  productId: z.string().nullable(),
});
export type SerialPortInfo = z.infer<typeof SerialPortInfoSchema>;

/**
 * The ports found now. `error`: listing failed (on Linux SerialPort.list() needs udev), in words;
 * the ports can still be typed.
 */
export const PortListSchema = z.object({ ports: z.array(SerialPortInfoSchema), error: z.string().nullable() });
export type PortList = z.infer<typeof PortListSchema>;

/** `settings.get`: the settings as saved, and how they stand against the running window. */
export const SettingsSchema = z.object({
  /** The settings as saved in `configFile` (or, before the first save, the ones in use). */
  config: ConfigSchema,
  /** The file a save writes: the `--config` file, else config.json in the data folder. */
  configFile: z.string(),
  /**
   * The saved file's revision (a hash of its bytes), sent back with an update so that a file
   * changed meanwhile (another administrator, a text editor) is not overwritten; null: no file yet.
   */
  revision: z.string().nullable(),
  /** Saved changes that take effect only when the program restarts (saved vs running). */
  restartPending: z.array(SettingChangeSchema),
  /** Dotted paths applied at once when saved (devices whose driver can reopen its port …). */
  appliedLive: z.array(z.string()),
  catalogChoices: CatalogChoicesSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

/** `settings.update`: the whole settings form, checked by the config file's own schema. */
export const UpdateSettingsArgs = z.object({ config: ConfigSchema, revision: z.string().nullable() }).strict();

export const UpdateSettingsResultSchema = z.object({
  /** What this save changed (empty: nothing did, and nothing was written or recorded). */
  changes: z.array(SettingChangeSchema),
  /** Paths of `changes` already in effect. */
  applied: z.array(z.string()),
  /** True when some saved change waits for a restart (`settings.restartPending` lists them). */
  restartRequired: z.boolean(),
  settings: SettingsSchema,
});
export type UpdateSettingsResult = z.infer<typeof UpdateSettingsResultSchema>;

/** One recorded change of the settings: who, when, how (first-run setup or the 设置 page), what. */
export const SettingsHistoryEntrySchema = z.object({
  at: IsoInstant,
  staff: SessionStaffSchema.pick({ id: true, staffNumber: true, name: true }).nullable(),
  via: z.enum(['setup', 'settings']),
  changes: z.array(SettingChangeSchema),
});
export const SettingsHistorySchema = z.array(SettingsHistoryEntrySchema);
export type SettingsHistoryEntry = z.infer<typeof SettingsHistoryEntrySchema>;

/**
 * The PC's clock against the hall's (`app.clock`). Numbers and deadlines use the hall's date;
 * a PC set to another zone, or with a wrong date, shows a different date, which staff must see.
 */
export const ClockSchema = z.object({
  /** The core's now (UTC). */
  now: IsoInstant,
  hallTimeZone: z.string(),
  /** Today and the offset from UTC (minutes, east positive) in the hall's zone. */
  hallToday: IsoDate,
  hallUtcOffsetMinutes: z.number().int(),
  /** The zone this PC is set to (the core process's), its today and offset. */
  pcTimeZone: z.string(),
  pcToday: IsoDate,
  pcUtcOffsetMinutes: z.number().int(),
  /** True when the PC's date is not the hall's: the UI warns. */
  datesDiffer: z.boolean(),
});
export type Clock = z.infer<typeof ClockSchema>;

/** `app.restart`: whether the host restarts the core itself (false: close and start the program by hand). */
export const RestartResultSchema = z.object({ restarting: z.boolean() });
/** `app.restart` takes nothing: it restarts on whatever is saved. */
export const RestartArgs = z.object({}).strict();
/** `settings.history`: the newest `limit` records (1–500, default 100). */
export const SettingsHistoryArgs = z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict();

/**
 * How the sync enrolment token leaves the core for a screen (`settings.get`, `setup.status`):
 * never in clear, as this prefix and its last 4 characters (20 characters, so the form's value
 * still passes the schema's length rule). A save that sends it back unchanged keeps the saved
 * token (the core puts it back); a new token is typed in full.
 */
export const MASKED_TOKEN_PREFIX = '****************';

/** `token` as a screen sees it (MASKED_TOKEN_PREFIX + its last 4 characters). */
export function maskEnrolmentToken(token: string): string {
  return `${MASKED_TOKEN_PREFIX}${token.slice(-4)}`;
}

/** True for a token value that is the mask, not a token typed by someone. */
export function isMaskedEnrolmentToken(value: string): boolean {
  return value.startsWith(MASKED_TOKEN_PREFIX);
}
