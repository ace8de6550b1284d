import { z } from 'zod';
import { CASE_STATUSES } from './cases';
import { HealthSchema } from './health';
import { PrintJobSchema } from './printing';
import { CurrentRatingSessionSchema, DeviceFaultRecordSchema, FollowUpSchema, RatingSchema } from './ratings';
import { SessionSchema } from './session';
import { CatalogChangedSchema } from './sync-client';
import { StartProgressSchema } from './start-progress';
import { QueueCallSchema, QueueModeInfoSchema, QueuePanelSchema } from './queue/methods-queue';

/** Everything the core pushes to the UI without being asked. */
export const events = {
  'health.changed': HealthSchema,
  'session.changed': SessionSchema,
  /** `version`: the case's version after the change (CaseDetail.version); a page holding it need not fetch again. */
  /**
   * The core is about to restart on new settings (after the first-run setup, or `app.restart`):
   * calls wait or fail for a moment, and everyone signs in again.
   */
  'app.restarting': z.object({ reason: z.enum(['setup', 'settings']) }),
  /** The core restarted: load the window's facts and the session again. */
  'app.restarted': z.object({}),
  /**
   * Before the core answers calls: the backup before a migration and each schema step, at least
   * once a second while one runs (start-progress.ts). Sent by the core process before `ready`.
   */
  'app.starting': StartProgressSchema,
  /** A print job was made or changed state (the intake result, the case page and the jobs list follow it). */
  'printing.jobChanged': PrintJobSchema,
  /** The window's 一次一评 session began, was rated, expired or ended (null: none open now). */
  'ratings.sessionChanged': CurrentRatingSessionSchema,
  /** A rating was committed (and acknowledged to the device). */
  'ratings.received': RatingSchema,
  /** The rating device reported a fault (卡币, 币箱满, 机盖打开, 传感器故障): shown to the clerk at once. */
  'ratings.deviceFault': DeviceFaultRecordSchema,
  /** A 差评 follow-up was opened or moved a step. */
  'ratings.followUpChanged': FollowUpSchema,
  /** The catalog or the holiday calendar changed (a pull from the upstream applied): pickers and deadlines reload. */
  'catalog.changed': CatalogChangedSchema,
  /** The window's queue panel changed (a press here, a ticket issued here, the mode changed). */
  'queue.changed': QueuePanelSchema,
  /** The queue's mode changed (hall ↔ local), or its unsent history was sent: the dispenser's screen shows it. */
  'queue.modeChanged': QueueModeInfoSchema,
  /** A call or 重呼 the hall display announces ("请 A012 号到 12 号窗口办理"), in order. */
  'queue.called': QueueCallSchema,
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
