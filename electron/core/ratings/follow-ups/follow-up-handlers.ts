/**
 * The follow-up share of the `ratings.*` methods, for the ratings module (ratings-module.ts) to
 * spread into its handlers:
 *
 *   const followUps = followUpContextOf(ctx, deps.calendar);
 *   handlers: { ...followUpHandlers(ctx, followUps), ...figuresHandlers(ctx), … }
 *
 * and, in commitVote's transaction, `openFollowUp(db, { rating }, followUps)` (follow-up-store.ts).
 * Methods: ratings.followUps, ratings.followUp, ratings.verify, ratings.revisit, ratings.rectify,
 * ratings.close, ratings.appeal, ratings.decideAppeal. Each act emits `ratings.followUpChanged`
 * once its transaction has committed.
 */
import { CounterError } from '../../../contract/errors';
import type { FollowUp } from '../../../contract/ratings';
import type { CoreContext, HandlerSlice } from '../../assembly/capability-module';
import type { CalendarModule } from '../../calendar/calendar-module';
import type { StaffContext } from '../../dispatcher/dispatcher';
import { actOnFollowUp, type FollowUpAct, type FollowUpContext } from './follow-up-store';
import { listFollowUps, loadFollowUp, type FollowUpViewer } from './follow-up-view';

/** The follow-up functions' context from the core's (the window's hall and time zone, config `ratings.followUpWorkingDays`). */
export function followUpContextOf(ctx: CoreContext, calendar: Pick<CalendarModule, 'calendar'>): FollowUpContext {
  return {
    clock: ctx.clock,
    window: ctx.window,
    timeZone: ctx.window.timeZone,
    followUpWorkingDays: ctx.config.ratings.followUpWorkingDays,
    calendar: () => calendar.calendar,
  };
}

/** The handlers of the follow-up methods (see the file's header for how they are spread in). */
export function followUpHandlers(ctx: CoreContext, followUps: FollowUpContext) {
  const { db } = ctx;
  const viewerOf = (call: StaffContext): FollowUpViewer => ({ today: ctx.today(), fullContact: call.staff.role === 'lead' });

  const load = (followUpId: string, viewer: FollowUpViewer): FollowUp => {
    const followUp = loadFollowUp(db, followUpId, viewer);
    if (!followUp) throw new CounterError('not_found', '差评回访记录不存在');
    return followUp;
  };

  const act = (call: StaffContext, ref: { followUpId: string; version: number }, what: FollowUpAct): FollowUp => {
    const row = actOnFollowUp(db, followUps, call.staff, ref, what);
    // The broadcast goes to every listener, whoever is signed in there: contact masked (a lead
    // reads it in full through ratings.followUp).
    ctx.emit({ name: 'ratings.followUpChanged', payload: load(row.id, { today: ctx.today(), fullContact: false }) });
    return load(row.id, viewerOf(call));
  };

  return {
    'ratings.followUps': (args, call) => listFollowUps(db, args.state, viewerOf(call)),
    'ratings.followUp': (args, call) => load(args.followUpId, viewerOf(call)),
    'ratings.verify': (args, call) => act(call, args, { action: 'verify', finding: args.finding }),
    'ratings.revisit': (args, call) => act(call, args, { action: 'revisit', note: args.note, verdict: args.verdict }),
    'ratings.rectify': (args, call) => act(call, args, { action: 'rectify', measures: args.measures }),
    'ratings.close': (args, call) => act(call, args, { action: 'close', verdict: args.verdict, note: args.note }),
    'ratings.appeal': (args, call) => act(call, args, { action: 'appeal', reason: args.reason }),
    'ratings.decideAppeal': (args, call) => act(call, args, { action: 'decideAppeal', upheld: args.upheld, note: args.note }),
  } satisfies HandlerSlice;
}

/** The methods followUpHandlers serves (the module lists them among its damaged-store reads where they only read). */
export const FOLLOW_UP_READS = ['ratings.followUps', 'ratings.followUp'] as const;
