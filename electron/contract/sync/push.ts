import { z } from 'zod';
import { IsoInstant, Uuid } from '../common';
import { SyncEventSchema } from './sync-event';

/** The most events one push carries: a day's work at a busy window fits in a few batches. */
export const MAX_PUSH_EVENTS = 500;

/**
 * A push (DESIGN.md, "Sync"): the oldest events of the window's outbox, in the order the window
 * wrote them. A batch is idempotent — the server stores each event id once — so a push cut off
 * at any byte is simply sent again. The schema refuses a batch that cannot be what a window's
 * outbox holds:
 * - an event id twice;
 * - events of more than one hall and window (a window pushes only as itself; the server also
 *   checks that they are the enrolment token's window);
 * - a stream's versions out of order (each case's history must arrive oldest first).
 */
export const PushBatchSchema = z
  .strictObject({
    events: z.array(SyncEventSchema).min(1, 'a push carries at least one event').max(MAX_PUSH_EVENTS),
  })
  .superRefine((batch, ctx) => {
    const ids = new Set<string>();
    const lastVersion = new Map<string, number>();
    const first = batch.events[0];
    batch.events.forEach((event, i) => {
      if (ids.has(event.id)) ctx.addIssue({ code: 'custom', path: ['events', i, 'id'], message: `event ${event.id} is in the batch twice` });
      ids.add(event.id);
      if (first !== undefined && (event.hall !== first.hall || event.window !== first.window)) {
        ctx.addIssue({ code: 'custom', path: ['events', i, 'window'], message: 'a batch holds the events of one window only' });
      }
      const stream = `${event.stream.type}:${event.stream.id}`;
      const previous = lastVersion.get(stream);
      if (previous !== undefined && event.version <= previous) {
        ctx.addIssue({
          code: 'custom',
          path: ['events', i, 'version'],
          message: `${stream} version ${event.version} comes after version ${previous}: events must be in order`,
        });
      }
      lastVersion.set(stream, event.version);
    });
  });
export type PushBatch = z.infer<typeof PushBatchSchema>;

/**
 * The server's answer to a push: the ids of the batch's events it now holds, stored by this push
 * or an earlier one. Only these leave the window's outbox; an event not listed stays and goes
 * again with the next push. `serverTime` is the server's clock when it answered: the server
 * records its own receive time beside each event's `occurredAt`, and a window whose clock is far
 * from it is told so (ordering never depends on the window's clock).
 */
export const PushAckSchema = z
  .strictObject({
    held: z.array(Uuid).max(MAX_PUSH_EVENTS),
    serverTime: IsoInstant,
  })
  .superRefine((ack, ctx) => {
    if (new Set(ack.held).size !== ack.held.length) ctx.addIssue({ code: 'custom', path: ['held'], message: 'an event id is listed twice' });
  });
export type PushAck = z.infer<typeof PushAckSchema>;
