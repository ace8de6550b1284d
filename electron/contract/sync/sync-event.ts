import { z } from 'zod';
import { IsoInstant, Uuid } from '../common';
import { HallCodeSchema, WindowNumberSchema } from './codes';

/**
 * The streams a window's events belong to: one case's history, one staff member's, or one
 * rating's (the coin, then its 差评 follow-up's steps; issue 15).
 */
export const SYNC_STREAM_TYPES = ['case', 'staff', 'rating'] as const;
export type SyncStreamType = (typeof SYNC_STREAM_TYPES)[number];

/**
 * One event of a window's append-only log as it travels upstream: exactly what the window stored
 * (its `events` table), never re-derived.
 * - `id`: the UUIDv7 the window gave it when it happened; the server stores each id once, so a
 *   repeated push is harmless.
 * - `stream` and `version`: the case (or staff member) it belongs to and its place in that
 *   history, from 1; the type's prefix names the stream (`case.accepted` on a case stream).
 * - `occurredAt`: when, as an ISO 8601 instant in UTC.
 * - `hall`, `window`, `staff`: where and by whom (the staff member's id, or null when no one was
 *   signed in).
 * - `payload`: the event's own fields (core/cases/case-events.ts describes the case events'), a
 *   JSON object stored as is.
 */
export const SyncEventSchema = z
  .strictObject({
    id: Uuid,
    stream: z.strictObject({ type: z.enum(SYNC_STREAM_TYPES), id: Uuid }),
    version: z.number().int().min(1),
    type: z.string().regex(/^[a-z]+\.[A-Za-z]+$/, 'an event type is `stream.whatHappened`').max(64),
    occurredAt: IsoInstant,
    hall: HallCodeSchema,
    window: WindowNumberSchema,
    staff: Uuid.nullable(),
    payload: z.record(z.string(), z.unknown()),
  })
  .superRefine((event, ctx) => {
    if (!event.type.startsWith(`${event.stream.type}.`)) {
      ctx.addIssue({ code: 'custom', path: ['type'], message: `a ${event.stream.type} stream holds only ${event.stream.type}.* events` });
    }
  });
export type SyncEvent = z.infer<typeof SyncEventSchema>;
