import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * What an emulated rating device keeps in "non-volatile memory" (protocols/rating-device.md: the
 * event counter and every un-acknowledged event survive a power cycle), as a JSON file, so that
 * the emulator's own restart — or a SIGKILL of it — keeps them. The legacy evaluator keeps its
 * un-acknowledged votes the same way (the bus device resends them after a power cycle).
 */
const V1EventSchema = z.object({
  eventId: z.number().int().min(1).max(0xffffffff),
  kind: z.enum(['rating', 'fault']),
  sessionId: z.number().int().min(0).max(0xffffffff),
  level: z.number().int().min(0).max(255),
  slot: z.number().int().min(0).max(255),
  deviceTime: z.number().int().min(0).max(0xffffffff),
});

/** One v1 event with when it happened and when the host acknowledged it (ms since epoch; null: not yet). */
export const V1StoredEventSchema = z.object({ event: V1EventSchema, at: z.number(), ackedAt: z.number().nullable() });
export type V1StoredEvent = z.infer<typeof V1StoredEventSchema>;

export const V1DeviceStateSchema = z.object({
  protocol: z.literal('v1'),
  serial: z.string().min(1).max(16),
  /** The next event_id to give (starts at 1, never reused). */
  nextEventId: z.number().int().min(1),
  /** Every event the device made, oldest first (the un-acknowledged ones are the queue). */
  events: z.array(V1StoredEventSchema),
});
export type V1DeviceState = z.infer<typeof V1DeviceStateSchema>;

/** One legacy vote: the score byte pushed, its slot, when the coin fell, when the host acknowledged it. */
export const LegacyVoteSchema = z.object({
  id: z.number().int().min(1),
  score: z.number().int().min(0).max(255),
  slot: z.number().int().min(0),
  at: z.number(),
  /** Frames sent for it so far (1 = never resent). */
  sends: z.number().int().min(0),
  ackedAt: z.number().nullable(),
});
export type LegacyVote = z.infer<typeof LegacyVoteSchema>;

export const LegacyDeviceStateSchema = z.object({
  protocol: z.literal('legacy-bus'),
  nextVoteId: z.number().int().min(1),
  votes: z.array(LegacyVoteSchema),
});
export type LegacyDeviceState = z.infer<typeof LegacyDeviceStateSchema>;

export const EmulatorStateSchema = z.discriminatedUnion('protocol', [V1DeviceStateSchema, LegacyDeviceStateSchema]);
export type EmulatorState = z.infer<typeof EmulatorStateSchema>;

/**
 * Reads the state file; null when there is none.
 * @throws Error (Chinese words) when it exists but is not a valid state file.
 */
export function loadEmulatorState(file: string): EmulatorState | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`状态文件 ${file} 不是有效的 JSON：${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = EmulatorStateSchema.safeParse(json);
  if (!parsed.success) throw new Error(`状态文件 ${file} 格式不对：${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`);
  return parsed.data;
}

/**
 * Writes the state atomically: a temp file in the same folder, then rename over the old one, so a
 * kill at any moment leaves the old state or the new one, never half of one. No fsync: the
 * emulator stands for a device's flash against its own crash or kill, not a power cut of the PC,
 * and a 1,000-coin stress run writes it 2,000 times.
 */
export function saveEmulatorState(file: string, state: EmulatorState): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temp, `${JSON.stringify(state)}\n`);
  fs.renameSync(temp, file);
}
