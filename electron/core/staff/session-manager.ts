import { z } from 'zod';
import { CounterError } from '../../contract/errors';
import type { Role } from '../../contract/roles';
import type { Session } from '../../contract/session';
import type { Clock } from '../clock';
import type { Db } from '../storage/database';
import { readMeta, writeMeta } from '../storage/app-meta';
import type { WindowIdentity } from '../window-identity';
import { DECOY_PIN_HASH, hashPin, verifyPin } from './pin-hash';
import {
  activeLock,
  afterFailedAttempt,
  LOCK_MINUTES,
  MAX_FAILED_ATTEMPTS,
  recordUnregisteredAttempts,
  unregisteredAttempts,
  type AttemptState,
} from './sign-in-attempts';
import { recordStaffEvent } from './staff-events';
import {
  findStaffById,
  findStaffByNumber,
  recordFailedAttempts,
  staffStanding,
  updateStaffPin,
  type StaffRecord,
} from './staff-repository';

export { LOCK_MINUTES, MAX_FAILED_ATTEMPTS };

/** The one answer to a wrong staff number or a wrong PIN at sign-in. */
const SIGN_IN_FAILED = '工号或密码错误';

/** The staff member on duty, as every command handler sees them. */
export interface OnDuty {
  staffId: string;
  staffNumber: string;
  name: string;
  /** Read from the account at each call, so a role changed meanwhile applies at the next act. */
  role: Role;
}

const OpenSessionSchema = z.object({
  // The role is not kept here: it is read from the account at each call (OnDuty.role).
  staff: z.object({ staffId: z.string(), staffNumber: z.string(), name: z.string() }),
  // SESSION_STATES less `signed_out` (no open session is stored then).
  state: z.enum(['active', 'paused', 'pin_change_required']),
  since: z.string(),
});
type OpenSession = z.infer<typeof OpenSessionSchema>;

const OPEN_SESSION_KEY = 'open_session';

/** What requireActive() says to someone signed in with a PIN set by someone else. */
export const PIN_CHANGE_REQUIRED_MESSAGE = '请先设置您自己的新密码';

/**
 * Sign-in, sign-out, 暂离 and the change of one's own PIN at this window. The state lives in memory for speed and in
 * app_meta so that a crash is noticed at the next start; every change is an event, so a
 * manager can see who was on duty when.
 */
export class SessionManager {
  private current: OpenSession | null = null;
  /**
   * PIN checks run one at a time. Each awaits scrypt; run side by side, two attempts would read
   * the same failure count (so no lock would ever be set) and a slow resume could overwrite a
   * sign-in that finished meanwhile.
   */
  private pinChecks: Promise<unknown> = Promise.resolve();

  private oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const run = this.pinChecks.then(work, work);
    this.pinChecks = run.catch(() => undefined);
    return run;
  }

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly window: WindowIdentity,
    private readonly onChange: (session: Session) => void,
  ) {}

  /** At start: a session left open by a crash or a kill is closed on the record. */
  closeSessionLeftOpen(): void {
    const stored = readMeta(this.db, OPEN_SESSION_KEY);
    if (stored === null) return;
    let left: OpenSession | null = null;
    try {
      left = OpenSessionSchema.parse(JSON.parse(stored));
    } catch {
      // Unreadable (written by hand, or by a bug): nobody can be signed out on the record, but
      // it must not stop the window from starting.
    }
    this.db
      .transaction(() => {
        if (left && findStaffById(this.db, left.staff.staffId)) {
          this.record(left.staff.staffId, 'staff.signedOut', { reason: 'app_restart', openSince: left.since });
        }
        writeMeta(this.db, OPEN_SESSION_KEY, null);
      })
      .immediate();
  }

  session(): Session {
    if (!this.current) return { state: 'signed_out', staff: null, since: null };
    const { staff, state, since } = this.current;
    const role = staffStanding(this.db, staff.staffId)?.role ?? 'clerk';
    return { state, staff: { id: staff.staffId, staffNumber: staff.staffNumber, name: staff.name, role }, since };
  }

  /**
   * The active staff member, or the typed error the dispatcher returns for `staff` methods:
   * not_signed_in, session_paused, or pin_change_required while the person still has a PIN
   * someone else set. A clerk disabled by IT meanwhile is signed out here, on their next act.
   */
  requireActive(): OnDuty {
    if (!this.current) throw new CounterError('not_signed_in', '请先登录');
    if (this.current.state === 'paused') throw new CounterError('session_paused', '窗口暂离中，请先恢复');
    const { staffId, staffNumber, name } = this.current.staff;
    const standing = staffStanding(this.db, staffId);
    if (!standing?.active) {
      this.end('disabled');
      throw new CounterError('not_signed_in', '该工号已被停用，请联系信息科');
    }
    if (this.current.state === 'pin_change_required') throw new CounterError('pin_change_required', PIN_CHANGE_REQUIRED_MESSAGE);
    // A fresh object of one shape per call: the role is the account's now, not at sign-in.
    return { staffId, staffNumber, name, role: standing.role };
  }

  signIn(staffNumber: string, pin: string): Promise<Session> {
    return this.oneAtATime(() => this.checkedSignIn(staffNumber, pin));
  }

  /**
   * A number that is not registered (or is disabled) and a registered one with a wrong PIN get
   * the same answer in every respect: the same code, message and details, the same count of
   * tries left and the same lock (see sign-in-attempts.ts), one scrypt each — also while locked,
   * so a quick "locked" answer cannot mark a number as real — and one durable write each.
   */
  private async checkedSignIn(staffNumber: string, pin: string): Promise<Session> {
    const found = findStaffByNumber(this.db, staffNumber);
    const staff = found && found.active ? found : null;
    const now = this.clock.now();
    const attempts: AttemptState = staff ?? unregisteredAttempts(this.db, staffNumber);
    const pinMatches = await verifyPin(pin, staff?.pinHash ?? DECOY_PIN_HASH);
    this.refuseIfLocked(attempts, now);
    if (!staff || !pinMatches) {
      throw this.failedAttempt(staff ? { staff } : { staffNumber }, attempts, now);
    }
    const at = now.toISOString();
    // A PIN someone else set (a new account, a reset) signs the person in only to choose their own.
    const next: OpenSession = {
      staff: { staffId: staff.id, staffNumber: staff.staffNumber, name: staff.name },
      state: staff.pinChangeRequired ? 'pin_change_required' : 'active',
      since: at,
    };
    this.db
      .transaction(() => {
        if (this.current && this.current.staff.staffId !== staff.id) {
          this.record(this.current.staff.staffId, 'staff.signedOut', { reason: 'replaced' });
        }
        recordFailedAttempts(this.db, staff.id, 0, null, at);
        this.record(staff.id, 'staff.signedIn', staff.pinChangeRequired ? { pinChangeRequired: true } : {});
        this.persist(next);
      })
      .immediate();
    return this.changed(next);
  }

  signOut(): Session {
    return this.end('manual');
  }

  private end(reason: 'manual' | 'disabled'): Session {
    if (!this.current) return this.session();
    const staffId = this.current.staff.staffId;
    this.db
      .transaction(() => {
        this.record(staffId, 'staff.signedOut', { reason });
        this.persist(null);
      })
      .immediate();
    return this.changed(null);
  }

  pause(): Session {
    const staff = this.requireActive();
    const next: OpenSession = { staff, state: 'paused', since: this.clock.now().toISOString() };
    this.db
      .transaction(() => {
        this.record(staff.staffId, 'staff.paused', {});
        this.persist(next);
      })
      .immediate();
    return this.changed(next);
  }

  resume(pin: string): Promise<Session> {
    return this.oneAtATime(() => this.checkedResume(pin));
  }

  private async checkedResume(pin: string): Promise<Session> {
    const open = this.current;
    if (!open) throw new CounterError('not_signed_in', '请先登录');
    // Only a paused session has something to resume.
    if (open.state !== 'paused') return this.session();
    const staff = findStaffById(this.db, open.staff.staffId);
    const now = this.clock.now();
    if (!staff) throw new CounterError('not_signed_in', '请重新登录');
    this.refuseIfLocked(staff, now);
    if (!(await verifyPin(pin, staff.pinHash))) throw this.failedAttempt({ staff }, staff, now, '密码错误');
    // Signed out (or replaced) while the PIN was being checked: there is nothing left to resume.
    if (this.current !== open) throw new CounterError('conflict', '窗口状态已变化，请重新登录');
    const next: OpenSession = { staff: open.staff, state: 'active', since: now.toISOString() };
    this.db
      .transaction(() => {
        recordFailedAttempts(this.db, staff.id, 0, null, now.toISOString());
        this.record(staff.id, 'staff.resumed', {});
        this.persist(next);
      })
      .immediate();
    return this.changed(next);
  }

  changePin(currentPin: string, newPin: string): Promise<Session> {
    return this.oneAtATime(() => this.checkedChangePin(currentPin, newPin));
  }

  /**
   * The signed-in person replaces their PIN (`session.changePin`): required in a
   * `pin_change_required` session, allowed in an active one. `currentPin` proves it is them: a
   * wrong one counts towards the lock as at 暂离 (with the same message, beside the field).
   * The new PIN's strength and difference from the current one are the schema's (ChangePinArgs).
   * The session is `active` afterwards.
   * @throws CounterError not_signed_in (nobody, or disabled meanwhile: then signed out),
   *   session_paused, staff_locked, sign_in_failed (wrong current PIN), conflict (signed out or
   *   replaced while the PIN was checked).
   */
  private async checkedChangePin(currentPin: string, newPin: string): Promise<Session> {
    const open = this.current;
    if (!open) throw new CounterError('not_signed_in', '请先登录');
    if (open.state === 'paused') throw new CounterError('session_paused', '窗口暂离中，请先恢复');
    const staff = findStaffById(this.db, open.staff.staffId);
    if (!staff) throw new CounterError('not_signed_in', '请重新登录');
    if (!staff.active) {
      this.end('disabled');
      throw new CounterError('not_signed_in', '该工号已被停用，请联系信息科');
    }
    const now = this.clock.now();
    this.refuseIfLocked(staff, now);
    if (!(await verifyPin(currentPin, staff.pinHash))) {
      const failed = this.failedAttempt({ staff }, staff, now, '密码错误');
      if (failed.code !== 'sign_in_failed') throw failed;
      throw new CounterError(failed.code, failed.message, {
        ...(failed.details ? { details: failed.details } : {}),
        fieldErrors: [{ path: 'currentPin', message: failed.message }],
      });
    }
    const newHash = await hashPin(newPin);
    if (this.current !== open) throw new CounterError('conflict', '窗口状态已变化，请重新登录');
    const at = this.clock.now().toISOString();
    const required = open.state === 'pin_change_required';
    // An active session keeps its start; one that was waiting for the new PIN begins now.
    const next: OpenSession = { staff: open.staff, state: 'active', since: required ? at : open.since };
    this.db
      .transaction(() => {
        updateStaffPin(this.db, staff.id, newHash, at, false);
        this.record(staff.id, 'staff.pinChanged', { required });
        this.persist(next);
      })
      .immediate();
    return this.changed(next);
  }

  private refuseIfLocked(attempts: AttemptState, now: Date): void {
    const until = activeLock(attempts, now);
    if (until) {
      const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
      throw new CounterError('staff_locked', `密码连续输错 ${MAX_FAILED_ATTEMPTS} 次，账号已锁定，请 ${minutes} 分钟后再试`, {
        details: { lockedUntil: attempts.lockedUntil },
      });
    }
  }

  /**
   * Counts a wrong attempt — on the staff row and in the staff stream for a registered number,
   * in the unregistered numbers' counts otherwise — and returns the error to throw. `what` names
   * what was wrong: at sign-in the number or the PIN, at resume only the PIN.
   */
  private failedAttempt(
    who: { staff: StaffRecord } | { staffNumber: string },
    attempts: AttemptState,
    now: Date,
    what = SIGN_IN_FAILED,
  ): CounterError {
    const at = now.toISOString();
    const next = afterFailedAttempt(attempts, now);
    this.db
      .transaction(() => {
        if ('staff' in who) {
          recordFailedAttempts(this.db, who.staff.id, next.failedAttempts, next.lockedUntil, at);
          this.record(
            who.staff.id,
            next.locked ? 'staff.locked' : 'staff.signInFailed',
            next.locked ? { lockedUntil: next.lockedUntil } : { attempts: next.failedAttempts },
          );
        } else {
          recordUnregisteredAttempts(this.db, who.staffNumber, next, at);
        }
      })
      .immediate();
    if (next.locked) {
      return new CounterError('staff_locked', `密码连续输错 ${MAX_FAILED_ATTEMPTS} 次，账号已锁定 ${LOCK_MINUTES} 分钟`, {
        details: { lockedUntil: next.lockedUntil },
      });
    }
    const left = MAX_FAILED_ATTEMPTS - next.failedAttempts;
    return new CounterError('sign_in_failed', `${what}，还可尝试 ${left} 次`, { details: { attemptsLeft: left } });
  }

  /** The person's own act (sign-in, 暂离, PIN change …), on their own stream. */
  private record(staffId: string, type: `staff.${string}`, payload: Record<string, unknown>): void {
    recordStaffEvent(
      this.db,
      { hallCode: this.window.hallCode, windowNumber: this.window.windowNumber, at: this.clock.now().toISOString() },
      { streamStaffId: staffId, actorStaffId: staffId, type, payload },
    );
  }

  private persist(next: OpenSession | null): void {
    writeMeta(this.db, OPEN_SESSION_KEY, next ? JSON.stringify(next) : null);
  }

  /** Called only after the transaction committed, so memory never runs ahead of the disk. */
  private changed(next: OpenSession | null): Session {
    this.current = next;
    const session = this.session();
    this.onChange(session);
    return session;
  }
}
