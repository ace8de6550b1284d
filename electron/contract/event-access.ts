import type { z } from 'zod';
import type { Access } from './access';
import type { EventName, EventPayload } from './events';
import { HealthForDisplaySchema } from './health';
import { QueueCallSchema } from './queue/methods-queue';

/**
 * Who may hear each core event (access.ts). Transports on this PC pass every event to a caller
 * holding the token; a hall screen on another PC hears only `display` events. The compiler
 * refuses an event without a level.
 */
export const eventAccess = {
  'health.changed': 'display',
  'session.changed': 'public',
  'app.restarting': 'public',
  'app.restarted': 'public',
  // No personal data: how far the database upgrade is.
  'app.starting': 'public',
  'case.changed': 'staff',
  'catalog.changed': 'staff',
  'printing.jobChanged': 'staff',
  'ratings.sessionChanged': 'staff',
  'ratings.received': 'staff',
  'ratings.deviceFault': 'staff',
  'ratings.followUpChanged': 'staff',
  'queue.changed': 'staff',
  // The dispenser's screen: no one signs in at a kiosk.
  'queue.modeChanged': 'public',
  // Numbers and windows only, for the hall screen.
  'queue.called': 'display',
} as const satisfies { readonly [E in EventName]: Access };

/** The `display` events, by name. */
export type DisplayEventName = { [E in EventName]: (typeof eventAccess)[E] extends 'display' ? E : never }[EventName];

/**
 * What a hall screen on another PC hears of each `display` event: its payload parsed through
 * this schema (as `displayResult` does for a method's answer, methods.ts). Every `display` event
 * names one, so none reaches the network as the core sent it; the schema's output must still be
 * the event's payload type, so a hall screen reads it as a window on this PC does.
 */
export const eventDisplayPayload = {
  // The same form as app.health's answer: a hall screen sees one health, however it learnt it.
  'health.changed': HealthForDisplaySchema,
  'queue.called': QueueCallSchema,
} as const satisfies { readonly [E in DisplayEventName]: z.ZodType<EventPayload<E>> };
