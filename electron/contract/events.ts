import { z } from 'zod';
import { CASE_STATUSES } from './cases';
import { HealthSchema } from './health';
import { SessionSchema } from './session';

/** Everything the core pushes to the UI without being asked. */
export const events = {
  'health.changed': HealthSchema,
  'session.changed': SessionSchema,
  /** `version`: the case's version after the change (CaseDetail.version); a page holding it need not fetch again. */
  'case.changed': z.object({ caseId: z.string(), caseNumber: z.string(), status: z.enum(CASE_STATUSES), version: z.number().int() }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export interface CoreEvent<E extends EventName = EventName> {
  name: E;
  payload: EventPayload<E>;
}
export type AnyCoreEvent = { [E in EventName]: CoreEvent<E> }[EventName];
