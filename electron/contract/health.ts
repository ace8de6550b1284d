import { z } from 'zod';

/**
 * A device's (or the sync client's) state, as its driver reports it: `connected`; `offline` (not
 * there: unplugged, switched off, cable or network down; expected back by itself); `error` (there
 * but unusable until someone acts: no permission, held by another program, a wrong address; the
 * detail says which); `not_configured` (the config file does not set it up).
 */
export const DEVICE_STATES = ['connected', 'offline', 'error', 'not_configured'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

export const DeviceHealthSchema = z.object({
  /** Stable id: `ratingDevice`, `receiptPrinter`, `ticketPrinter`. */
  id: z.string(),
  label: z.string(),
  state: z.enum(DEVICE_STATES),
  /** Where it is attached, e.g. `/dev/ttyUSB0` or `192.168.1.50:9100`. */
  endpoint: z.string().nullable(),
  detail: z.string().nullable(),
  since: z.string(),
});
export type DeviceHealth = z.infer<typeof DeviceHealthSchema>;

export const HealthSchema = z.object({
  database: z.object({
    state: z.enum(['ok', 'error']),
    detail: z.string().nullable(),
    schemaVersion: z.number().int(),
  }),
  sync: z.object({
    state: z.enum(['not_configured', 'online', 'offline']),
    endpoint: z.string().nullable(),
    /** Events recorded here and not yet acknowledged by the upstream. */
    pending: z.number().int(),
    detail: z.string().nullable(),
  }),
  devices: z.array(DeviceHealthSchema),
  checkedAt: z.string(),
});
export type Health = z.infer<typeof HealthSchema>;
