import type { RatingSession } from '../../contract/ratings';
import type { Clock } from '../clock';
import type { StatusReport } from '../devices/device';
import { newId } from '../ids/new-id';
import type { Logger } from '../logging/logger';
import type { Db } from '../storage/database';
import type { RatingDriver } from './device/rating-driver';
import { armedSession, endSession, insertSession, loadSession, newDeviceSessionId, setDeviceArmed } from './session-store';

/** What a session is armed for. */
export interface ArmRequest {
  caseId: string | null;
  staffId: string;
  /** Words for what was finished (`HX-7-20261130-0001 已办结`), shown beside 请评价. */
  serviceLabel: string;
}

export interface RatingSessionsDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** config `ratings.sessionSeconds`, read at each arming (a live setting). */
  sessionSeconds(): number;
  /** The driver now in use, or null when no rating device is configured. */
  driver(): RatingDriver | null;
  /** Tells the window the current session changed (`ratings.sessionChanged`). */
  changed(session: RatingSession | null): void;
}

/** ARM's timeout_s is a u16 (protocols/rating-device.md). */
const MAX_TIMEOUT_S = 0xffff;

/**
 * The window's 一次一评 sessions (protocols/rating-device.md host rule 2): one armed at a time,
 * kept in `rating_sessions` so a restart keeps it (and arms the device again), ended by its
 * time-out (a timer, and a look at every read in case the timer was late), by a newer
 * service's session (`superseded`), by a coin (`rated`, the vote sink's transaction) or by the
 * staff member's sign-out (`ended`). The device is told by ARM / DISARM through the driver; a
 * device offline is armed again by the driver on reconnection, and `deviceArmed` follows what
 * it acknowledged.
 */
export class RatingSessions {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: RatingSessionsDeps) {}

  /** The armed session, ended first when its time is up. */
  current(): RatingSession | null {
    const session = armedSession(this.deps.db);
    if (session && Date.parse(session.expiresAt) <= this.deps.clock.now().getTime()) {
      this.finish(session, 'expired');
      return null;
    }
    return session;
  }

  /**
   * Records a new armed session (superseding the one before), tells the window, and ARMs the
   * device (not awaited: the clerk's act is done; deviceArmed turns true when the device
   * acknowledges). Returns the session as recorded.
   */
  arm(request: ArmRequest): RatingSession {
    const { db, clock } = this.deps;
    const now = clock.now();
    const seconds = this.deps.sessionSeconds();
    const id = newId();
    const superseded = db
      .transaction(() =>
        insertSession(db, {
          id,
          deviceSessionId: newDeviceSessionId(db),
          caseId: request.caseId,
          staffId: request.staffId,
          serviceLabel: request.serviceLabel,
          armedAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + seconds * 1000).toISOString(),
        }),
      )
      .immediate();
    const session = loadSession(db, id) as RatingSession;
    this.deps.log.info('rating session armed', { sessionId: id, caseId: request.caseId, staffId: request.staffId, superseded });
    this.schedule(session);
    this.deps.changed(session);
    void this.sendArm(session);
    return session;
  }

  /**
   * Arms the device for the open session again (after start, or on a new driver after the
   * settings changed). A session whose time is up is ended instead.
   */
  rearm(): void {
    const session = this.current();
    if (!session) return;
    this.schedule(session);
    void this.sendArm(session);
  }

  /** Ends the open session because its staff member signed out; DISARMs the device. */
  endFor(reason: 'ended', staffSignedIn: string | null): void {
    const session = this.current();
    if (!session || session.staffId === staffSignedIn) return;
    this.finish(session, reason);
  }

  /** After a coin rated the session (the vote sink's transaction): stop its timer and tell the window. */
  rated(sessionId: string): void {
    if (this.timerFor === sessionId) this.clearTimer();
    this.deps.changed(this.current());
  }

  /**
   * The device's report changed (link, or the status bits of a POLL): deviceArmed follows what
   * the driver keeps armed while connected, and the device's own `armed` bit where it has one.
   */
  linkChanged(report: StatusReport): void {
    const session = armedSession(this.deps.db);
    if (!session) return;
    const driverArmed = this.deps.driver()?.armed();
    const flags = report.ratingFlags ?? null;
    const armed = report.state === 'connected' && driverArmed?.deviceSessionId === session.deviceSessionId && (flags === null || flags.armed);
    if (setDeviceArmed(this.deps.db, session.id, armed)) this.deps.changed(loadSession(this.deps.db, session.id));
  }

  stop(): void {
    this.clearTimer();
  }

  private timerFor: string | null = null;

  private finish(session: RatingSession, state: 'expired' | 'ended'): void {
    const { db, clock, log } = this.deps;
    if (this.timerFor === session.id) this.clearTimer();
    if (!endSession(db, session.id, state, clock.now().toISOString())) return;
    log.info(`rating session ${state}`, { sessionId: session.id });
    this.deps.changed(null);
    const driver = this.deps.driver();
    // Only the session the device holds: a newer one armed meanwhile is not cut short.
    if (driver && driver.armed()?.deviceSessionId === session.deviceSessionId) {
      driver.disarm().catch((err: unknown) => log.warn('rating device not disarmed', { error: err instanceof Error ? err.message : String(err) }));
    }
  }

  private schedule(session: RatingSession): void {
    this.clearTimer();
    const delay = Math.max(0, Date.parse(session.expiresAt) - this.deps.clock.now().getTime());
    this.timerFor = session.id;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerFor = null;
      try {
        const open = loadSession(this.deps.db, session.id);
        if (open?.state === 'armed') this.finish(open, 'expired');
      } catch (err) {
        this.deps.log.error('rating session expiry failed', { sessionId: session.id, error: err instanceof Error ? err.message : String(err) });
      }
    }, delay);
    // A session's timer must not keep a closing core (or a test) alive.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerFor = null;
  }

  private async sendArm(session: RatingSession): Promise<void> {
    const driver = this.deps.driver();
    if (!driver) return;
    const left = Math.ceil((Date.parse(session.expiresAt) - this.deps.clock.now().getTime()) / 1000);
    if (left <= 0) return;
    try {
      const acknowledged = await driver.arm(session.deviceSessionId, Math.min(left, MAX_TIMEOUT_S));
      if (acknowledged && setDeviceArmed(this.deps.db, session.id, true)) this.deps.changed(loadSession(this.deps.db, session.id));
    } catch (err) {
      this.deps.log.warn('rating device not armed', { sessionId: session.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
}
