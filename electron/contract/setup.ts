import { z } from 'zod';
import { ConfigSchema, RatingDeviceSchema } from './config';
import { CatalogChoicesSchema } from './settings';
import { NewPin, StaffNumber } from './session';
import { StaffName } from './staff';

/**
 * `setup.status` while this data folder still needs its first-run setup (it has no staff
 * account): what the setup screen starts from.
 */
export const SetupNeededSchema = z.object({
  needed: z.literal(true),
  /** The settings in use (from the config file, or the demo settings), the sync token masked (settings.ts). */
  config: ConfigSchema,
  /** True when `config` is the built-in demo settings (no file yet). */
  demoConfig: z.boolean(),
  /** Where the setup writes config.json. */
  configFile: z.string(),
  catalogChoices: CatalogChoicesSchema,
});
export type SetupNeeded = z.infer<typeof SetupNeededSchema>;

/**
 * `setup.status`: the setup screen's facts while setup is needed; once any staff account exists
 * only `{ needed: false }` (it is a `public` call: the settings are then the administrator's).
 */
export const SetupStatusSchema = z.discriminatedUnion('needed', [SetupNeededSchema, z.object({ needed: z.literal(false) })]);
export type SetupStatus = z.infer<typeof SetupStatusSchema>;

/** The first account: always a 系统管理员, with its own PIN (not trivial, typed twice by the screen). */
export const FirstAdministratorArgs = z.object({ staffNumber: StaffNumber, name: StaffName, pin: NewPin }).strict();

/**
 * `setup.complete`: the settings (the config file's schema) and the first administrator. Refused
 * (`conflict`) once any staff account exists. The config file is written first (atomically),
 * then the account; the core then restarts on the new settings.
 */
export const CompleteSetupArgs = z.object({ config: ConfigSchema, admin: FirstAdministratorArgs }).strict();

export const CompleteSetupResultSchema = z.object({
  configFile: z.string(),
  /** The core restarts itself on the new settings (false: the program must be restarted by hand). */
  restarting: z.boolean(),
});

/**
 * `setup.testRatingDevice`: 测试评价器 in the first-run wizard, on the rating device's settings as
 * typed (not saved yet); answered as `ratings.testDevice` (RatingDeviceTestSchema). Refused
 * (`conflict`) once any staff account exists: then the administrator tests it on the 设置 page.
 */
export const SetupTestRatingDeviceArgs = z.object({ device: RatingDeviceSchema }).strict();
