import { isDeepStrictEqual } from 'node:util';
import type { RatingDeviceConfig } from '../../contract/config';
import { CounterError } from '../../contract/errors';
import type { RatingDeviceTest, RatingSession } from '../../contract/ratings';
import type { CapabilityModule, CaseChange, CoreContext, HandlerSlice, LiveSettings } from '../assembly/capability-module';
import type { CalendarModule } from '../calendar/calendar-module';
import type { CaseEvent } from '../cases/case-events';
import type { CounterConfig } from '../config/config-schema';
import { DeviceSlot, type SlotContent } from '../devices/device-slot';
import { notConfigured } from '../devices/not-configured';
import { statement } from '../storage/statements';
import { staffOnDutyAt, staffSignedInAt } from './attribution';
import { REUSED_EVENT_ID_WORDS, withAlarm, type AlarmedSource } from './device-alarm';
import type { KeypadPress, RatingDeviceSink, RatingDriver } from './device/rating-driver';
import { FIGURES_READS, figuresHandlers } from './figures/figures-handlers';
import { followUpContextOf, followUpHandlers, FOLLOW_UP_READS } from './follow-ups/follow-up-handlers';
import type { FollowUpContext } from './follow-ups/follow-up-store';
import { openFollowUp } from './follow-ups/follow-up-store';
import { loadFollowUp } from './follow-ups/follow-up-view';
import { catchUpFollowUpDueDates } from './follow-ups/follow-up-due-recompute';
import { testUnsavedDevice } from './unsaved-device-test';
import { recordStaffEvent } from '../staff/staff-events';
import { ALREADY_RATED_WORDS, caseServiceRated, NO_RATING_DEVICE_WORDS } from './rating-requests';
import { RatingSessions } from './rating-sessions';
import { voteSink } from './vote-sink';

/** The device's status source id (its config key under `devices`) and the status bar's words for it, as its drivers report them. */
const RATING_DEVICE_ID = 'ratingDevice';
const RATING_DEVICE_LABEL = '评价器';

/** Makes the driver for a configured device, handing what it reads to `sink` (D's ratingDriverFor with the host's deps). */
export type RatingDriverFactory = (config: RatingDeviceConfig, sink: RatingDeviceSink) => RatingDriver;

export interface RatingsDeps {
  driverFor: RatingDriverFactory;
  /**
   * The hall's working-day calendar (a 差评 follow-up's due date) and its revision: the open
   * follow-ups' due dates are counted again when it differs from the last (follow-up-due-recompute.ts).
   */
  calendar: Pick<CalendarModule, 'calendar' | 'revision'>;
  /**
   * The hall queue's handling of a caller keypad's key (issue 17, queue-module.ts): true when the
   * queue took it (a queue is set up at this window); otherwise 请评价 (0B) arms a session as before.
   */
  keypad?: (press: KeypadPress) => boolean;
}

/** The ratings module, with what the assembly calls besides its handlers. */
export interface RatingsModule extends CapabilityModule {
  /**
   * To be called after each sign-in, sign-out, 暂离 or resume at this window (create-core.ts
   * wires it to the session module): a sign-out ends the open session of the person leaving.
   */
  staffSessionChanged(): void;
  /** Where the driver hands votes and faults (tests and the bench drive it directly). */
  readonly sink: RatingDeviceSink;
  /**
   * To be called after the hall calendar changed while running (as the cases' deadline recompute
   * is): the open follow-ups' due dates are counted again if the calendar's revision differs from
   * the one they were last counted with; each that moved is broadcast. Also run at every start.
   */
  calendarChanged(): void;
  /**
   * 测试评价器 on settings not saved yet (the first-run wizard's `setup.testRatingDevice`): the
   * running driver when `device` is the one it runs, else a driver of its own for the test
   * (unsaved-device-test.ts), the running one paused meanwhile so the port is free. One test at a time.
   * @throws CounterError `unavailable` with words when the device does not connect or answer.
   */
  testUnsaved(device: RatingDeviceConfig): Promise<RatingDeviceTest>;
  /**
   * A queue ticket's service ended at this window (排队叫号 办结, issue 17): arms a 一次一评 session
   * for the clerk on duty, labelled with the ticket's number, unless this service has one already —
   * a session armed since the ticket was called (`calledAt`, ISO instant; e.g. the case decided for
   * it) is its rating. Nothing with no rating device or nobody on duty. `acceptedCase`: the case
   * accepted for the ticket while it was served (issue 17 §3), which the session is for (its
   * rating carries the case) and whose number its label shows; null or absent for none.
   * Returns the session armed, or null.
   */
  queueServiceFinished(service: {
    ticketNumber: string;
    calledAt: string | null;
    acceptedCase?: { caseId: string; caseNumber: string } | null;
  }): RatingSession | null;
}

/**
 * The session a finished queue service arms: for the case accepted for the ticket when there is
 * one (`A005 号 办结 · HX-… 已受理`), else for the ticket alone (`A005 号 办结`).
 */
export function queueServiceArm(
  service: { ticketNumber: string; acceptedCase?: { caseId: string; caseNumber: string } | null },
  staffId: string,
): { caseId: string | null; staffId: string; serviceLabel: string } {
  const accepted = service.acceptedCase ?? null;
  return {
    caseId: accepted?.caseId ?? null,
    staffId,
    serviceLabel: accepted ? `${service.ticketNumber} 号 办结 · ${accepted.caseNumber} 已受理` : `${service.ticketNumber} 号 办结`,
  };
}

/** The caller keypad's 请评价 key on the legacy hall bus (legacy-hall-bus.md, FUNC 0B). */
const KEYPAD_ASK_FOR_EVALUATION = 0x0b;

/** What was finished at the window, by the case event that finished it (COMMON rule for issue 15). */
const FINISHING: Partial<Record<CaseEvent['type'], string>> = {
  'case.decided': '已办结',
  'case.delivered': '已送达',
  'case.rejected': '不予受理',
};

/**
 * 好差评 (issue 15) as a capability module.
 * - The rating device's driver (v1 or the legacy hall bus, by config) under the status source
 *   `ratingDevice` (评价器; `not_configured` when the config has none), started and stopped as a
 *   service; `devices.ratingDevice` is a live setting (the old driver stopped, one started on the
 *   new settings, the open session armed on it), `ratings.*` too (the next session's time-out,
 *   the next follow-up's working days).
 * - The driver's sink (vote-sink.ts): votes stored once, attributed, 差评 follow-ups opened, in
 *   one transaction before the device is acknowledged; then `ratings.received`,
 *   `ratings.sessionChanged`, `ratings.followUpChanged`, `ratings.deviceFault`.
 * - 一次一评 sessions (rating-sessions.ts): armed after a case is decided, delivered or refused
 *   at the window (an `afterCommit` case subscriber) and by `ratings.requestRating`; kept
 *   across a restart and armed again.
 * - `ratings.*`: session, requestRating, testDevice here; the follow-ups' (follow-ups/) and the
 *   figures' (figures/) slices spread in. No method casts, steers or alters a rating (GB/T 39734; DOMAIN.md).
 */
export function ratingsModule(ctx: CoreContext, deps: RatingsDeps): RatingsModule {
  const { db, log } = ctx;
  let config: CounterConfig = ctx.config;
  const base = followUpContextOf(ctx, deps.calendar);
  // The working days are read at each opening: a live setting.
  const followUps: FollowUpContext = {
    clock: base.clock,
    window: base.window,
    timeZone: base.timeZone,
    calendar: base.calendar,
    get followUpWorkingDays() {
      return config.ratings.followUpWorkingDays;
    },
  };

  let driver: RatingDriver | null = null;
  /** The driver's status as the slot shows it, with the core's alarm (device-alarm.ts); null with no device. */
  let alarmed: AlarmedSource | null = null;

  const emitSession = (session: RatingSession | null): void => ctx.emit({ name: 'ratings.sessionChanged', payload: session });

  const sessions = new RatingSessions({
    db,
    clock: ctx.clock,
    log,
    sessionSeconds: () => config.ratings.sessionSeconds,
    driver: () => driver,
    changed: emitSession,
  });

  const votes = voteSink({
    db,
    clock: ctx.clock,
    log,
    window: ctx.window,
    openFollowUp: (txDb, rating) => openFollowUp(txDb, { rating }, followUps)?.followUpId ?? null,
    stored({ rating, followUpId, ratedSessionId }) {
      ctx.emit({ name: 'ratings.received', payload: rating });
      if (ratedSessionId) sessions.rated(ratedSessionId);
      if (followUpId) {
        // Broadcast with the contact masked, as every follow-up change is (a lead reads it in full).
        const followUp = loadFollowUp(db, followUpId, { today: ctx.today(), fullContact: false });
        if (followUp) ctx.emit({ name: 'ratings.followUpChanged', payload: followUp });
      }
    },
    faultStored: (fault) => ctx.emit({ name: 'ratings.deviceFault', payload: fault }),
    keyReused: () => alarmed?.raise(REUSED_EVENT_ID_WORDS, ctx.clock.now().toISOString()),
  });

  /**
   * The sink the driver is given: votes and faults as above; a caller keypad's 请评价 key (legacy
   * bus FUNC 0B, legacy-hall-bus.md) arms a session for the clerk signed in, as the 请评价 key on
   * the screen does (ratings.requestRating with no case).
   */
  const sink: RatingDeviceSink = {
    commitVote: (vote) => votes.commitVote(vote),
    commitFault: (fault) => votes.commitFault(fault),
    keypad(press) {
      // With a queue, each key is a window press; its 办结 (0B) arms the session through the queue.
      if (deps.keypad?.(press)) return;
      if (press.code !== KEYPAD_ASK_FOR_EVALUATION) return;
      // The administrator serves no applicant: a 请评价 while only they are signed in arms nothing.
      const staffId = staffOnDutyAt(db, ctx.clock.now().toISOString());
      if (staffId === null) {
        log.info('keypad 请评价 with no window staff signed in', { address: press.address });
        return;
      }
      sessions.arm({ caseId: null, staffId, serviceLabel: '窗口服务 请评价' });
    },
  };

  const contentOf = (device: RatingDeviceConfig | null): SlotContent => {
    if (!device) {
      driver = null;
      alarmed = null;
      return { source: notConfigured(RATING_DEVICE_ID, RATING_DEVICE_LABEL, ctx.clock.now().toISOString()), service: null };
    }
    driver = deps.driverFor(device, sink);
    alarmed = withAlarm(driver);
    return { source: alarmed, service: driver };
  };
  const slot = new DeviceSlot(RATING_DEVICE_ID, RATING_DEVICE_LABEL, contentOf(config.devices.ratingDevice), log);
  // deviceArmed follows the link: the driver arms the open session again on reconnection.
  slot.onStatus((report) => {
    try {
      // The driver's own report: the core's alarm (device-alarm.ts) does not stop the device taking coins.
      sessions.linkChanged(driver ? driver.status() : report);
    } catch (err) {
      log.error('rating session link update failed', { error: err instanceof Error ? err.message : String(err) });
    }
  });

  // A session whose time ran out while the program was closed ends now; an open one is kept.
  sessions.current();

  const sessionService = { name: 'ratings.sessions', start: () => undefined, stop: () => sessions.stop() };

  const liveSettings: LiveSettings = {
    paths: ['devices.ratingDevice', 'ratings'],
    async apply(next) {
      const before = config;
      config = next;
      if (isDeepStrictEqual(before.devices.ratingDevice ?? null, next.devices.ratingDevice ?? null)) return;
      await slot.replace(contentOf(next.devices.ratingDevice));
      log.info('device reconfigured', { id: RATING_DEVICE_ID, endpoint: slot.status().endpoint });
      sessions.rearm();
    },
  };

  const caseLabel = (caseId: string, words: string): { caseNumber: string; label: string } => {
    const caseNumber = statement(db, 'SELECT case_number FROM cases WHERE id = ?').pluck().get(caseId) as string | undefined;
    if (caseNumber === undefined) throw new CounterError('not_found', '办件不存在');
    return { caseNumber, label: `${caseNumber} ${words}` };
  };

  const afterCaseCommit = (change: CaseChange): void => {
    // No device, no session: the 请评价 panel would wait for a device that is not there.
    if (!config.devices.ratingDevice) return;
    // The last finishing event of the change: one service, one session.
    const finishing = [...change.events].reverse().find((e) => FINISHING[e.type] !== undefined);
    if (!finishing || finishing.staffId === null) return;
    sessions.arm({
      caseId: change.state.id,
      staffId: finishing.staffId,
      serviceLabel: `${change.state.caseNumber} ${FINISHING[finishing.type] ?? ''}`.trim(),
    });
  };

  const emitFollowUp = (followUpId: string): void => {
    // Broadcast with the contact masked, as every follow-up change is (a lead reads it in full).
    const followUp = loadFollowUp(db, followUpId, { today: ctx.today(), fullContact: false });
    if (followUp) ctx.emit({ name: 'ratings.followUpChanged', payload: followUp });
  };

  const calendarChanged = (): void => {
    for (const id of catchUpFollowUpDueDates(db, followUps, deps.calendar.revision, log)) emitFollowUp(id);
  };

  const requireDriver = (): RatingDriver => {
    if (!config.devices.ratingDevice || !driver) throw new CounterError('unavailable', '未配置评价器：请在“设置”中填写评价器的串口后再测试');
    return driver;
  };

  const identifyRunning = async (d: RatingDriver): Promise<RatingDeviceTest> => {
    const identified = await d.identify();
    return { ...identified, endpoint: d.status().endpoint ?? config.devices.ratingDevice?.path ?? '' };
  };

  let testing: Promise<unknown> = Promise.resolve();
  const testUnsavedNow = async (device: RatingDeviceConfig): Promise<RatingDeviceTest> => {
    const running = config.devices.ratingDevice;
    if (running && driver && isDeepStrictEqual(running, device)) return identifyRunning(driver);
    // The running driver holds its port (serialport locks it): paused while the test has it.
    const paused = running !== null;
    if (paused) await slot.replace(contentOf(null));
    try {
      return await testUnsavedDevice(device, deps.driverFor);
    } finally {
      if (paused) {
        await slot.replace(contentOf(config.devices.ratingDevice));
        sessions.rearm();
      }
    }
  };

  return {
    name: 'ratings',
    sink,
    calendarChanged,
    testUnsaved(device) {
      const run = testing.then(() => testUnsavedNow(device));
      testing = run.catch(() => undefined);
      return run;
    },
    queueServiceFinished(service) {
      if (!config.devices.ratingDevice) return null;
      const staffId = staffOnDutyAt(db, ctx.clock.now().toISOString());
      if (staffId === null) return null;
      if (service.calledAt !== null && statement(db, 'SELECT 1 FROM rating_sessions WHERE armed_at >= ? LIMIT 1').get(service.calledAt) !== undefined) return null;
      return sessions.arm(queueServiceArm(service, staffId));
    },
    staffSessionChanged() {
      sessions.endFor('ended', staffSignedInAt(db, ctx.clock.now().toISOString()));
    },
    handlers: {
      ...figuresHandlers(ctx),
      ...followUpHandlers(ctx, followUps),
      'ratings.session': () => sessions.current(),
      'ratings.requestRating': (args, call) => {
        // Review of issue 15 #3, #13: a manual ask cannot collect a second rating of one service,
        // nor open a session with no device; every ask is on the caller's own record.
        if (!config.devices.ratingDevice) throw new CounterError('unavailable', NO_RATING_DEVICE_WORDS);
        const staffId = call.staff.staffId;
        // On the caller's own stream, a refused ask too (sessionId null): a manager sees who asks again and again.
        const recordAsk = (sessionId: string | null): void =>
          db
            .transaction(() =>
              recordStaffEvent(
                db,
                { hallCode: ctx.window.hallCode, windowNumber: ctx.window.windowNumber, at: ctx.clock.now().toISOString() },
                { streamStaffId: staffId, actorStaffId: staffId, type: 'staff.ratingRequested', payload: { caseId: args.caseId, sessionId } },
              ),
            )
            .immediate();
        const words = args.caseId === null ? null : caseLabel(args.caseId, '请评价');
        let session: RatingSession | null = null;
        if (args.caseId !== null) {
          const open = sessions.current();
          if (open !== null && open.caseId === args.caseId) session = open;
          else if (caseServiceRated(db, args.caseId, ctx.window.windowNumber)) {
            recordAsk(null);
            throw new CounterError('conflict', ALREADY_RATED_WORDS);
          }
        }
        session ??= sessions.arm({ caseId: args.caseId, staffId, serviceLabel: words?.label ?? '窗口服务 请评价' });
        recordAsk(session.id);
        return session;
      },
      'ratings.testDevice': async () => identifyRunning(requireDriver()),
    } satisfies HandlerSlice,
    readsOnDamagedStore: ['ratings.session', ...FIGURES_READS, ...FOLLOW_UP_READS],
    services: [slot, sessionService],
    statusSources: [slot],
    liveSettings,
    caseSubscriptions: { afterCommit: afterCaseCommit },
    async afterStart() {
      // Due dates counted across a 暂定 year follow a schedule that arrived while closed (as the cases' deadlines do).
      calendarChanged();
      // The session a restart found open is armed on the device again.
      sessions.rearm();
    },
  };
}
