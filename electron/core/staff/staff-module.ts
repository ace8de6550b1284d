import { CounterError } from '../../contract/errors';
import { ROLE_LABELS } from '../../contract/roles';
import type { StaffMember } from '../../contract/staff';
import type { CapabilityModule, CoreContext, HandlerSlice } from '../assembly/capability-module';
import { newId } from '../ids/new-id';
import { hashPin } from './pin-hash';
import type { OnDuty } from './session-manager';
import { recordStaffEvent } from './staff-events';
import {
  findStaffById,
  findStaffByNumber,
  insertStaff,
  listStaff,
  recordFailedAttempts,
  setStaffActive,
  setStaffRole,
  updateStaffPin,
  type StaffRecord,
} from './staff-repository';
import { keepLastAdministrator, toStaffMember } from './staff-rules';

export interface StaffDeps {
  /** After a change of an account was recorded (it is an event, so the pending-sync count moved). */
  onRecorded(): void;
}

/**
 * Staff accounts (人员): list, add, disable/enable, role, PIN reset, unlock. Who may call each
 * method is the method table's (contract/methods.ts); the rules about whose account are here:
 * nobody disables themselves, changes their own role, resets their own PIN (that is
 * `session.changePin`) or lifts their own lock; the last active 系统管理员 stays one; a 组长
 * resets and unlocks only a 窗口工作人员's account. Every change is recorded on the account's
 * staff stream with the person who made it as the actor (staff-events.ts); a request that
 * changes nothing (enabling an enabled account …) records nothing.
 */
export function staffModule(core: CoreContext, deps: StaffDeps): CapabilityModule {
  const { db, clock, window } = core;

  const mustFind = (staffId: string): StaffRecord => {
    const staff = findStaffById(db, staffId);
    if (!staff) throw new CounterError('not_found', '没有该工作人员的账号', { details: { staffId } });
    return staff;
  };

  /** Runs `change` (checks, the write and its event) in one immediate transaction, then answers the account as it now is. */
  const changed = (staffId: string, change: (place: { hallCode: string; windowNumber: number; at: string }) => boolean): StaffMember => {
    const at = clock.now().toISOString();
    const recorded = db.transaction(() => change({ hallCode: window.hallCode, windowNumber: window.windowNumber, at })).immediate();
    if (recorded) deps.onRecorded();
    return toStaffMember(mustFind(staffId), clock.now());
  };

  const record = (place: { hallCode: string; windowNumber: number; at: string }, target: string, actor: OnDuty, type: `staff.${string}`, payload: Record<string, unknown>) =>
    recordStaffEvent(db, place, { streamStaffId: target, actorStaffId: actor.staffId, type, payload });

  /** Not on one's own account: `message` says so (and what to use instead, if anything). */
  const notOneself = (actor: OnDuty, target: StaffRecord, message: string): void => {
    if (actor.staffId === target.id) throw new CounterError('rule_violation', message);
  };

  /** A 组长 looks after 窗口工作人员 only; a 系统管理员 after anyone. Logged like the dispatcher's refusals. */
  const leadOnlyForClerk = (method: string, actor: OnDuty, target: StaffRecord, message: string): void => {
    if (actor.role === 'it_admin' || target.role === 'clerk') return;
    core.log.warn('forbidden call', { method, staffId: actor.staffId, role: actor.role, targetRole: target.role });
    throw new CounterError('forbidden', message, { details: { role: actor.role, targetRole: target.role } });
  };

  return {
    name: 'staff',
    handlers: {
      'staff.list': () => {
        const now = clock.now();
        return listStaff(db).map((s) => toStaffMember(s, now));
      },

      'staff.add': async (args, { staff: actor }) => {
        const taken = () =>
          new CounterError('conflict', `工号 ${args.staffNumber} 已存在`, {
            fieldErrors: [{ path: 'staffNumber', message: `工号 ${args.staffNumber} 已存在` }],
          });
        if (findStaffByNumber(db, args.staffNumber)) throw taken();
        const pinHash = await hashPin(args.pin);
        const id = newId();
        return changed(id, (place) => {
          // Again inside the transaction: another add of the same number may have finished while the PIN was hashed.
          if (findStaffByNumber(db, args.staffNumber)) throw taken();
          // The administrator chose this PIN; the person chooses their own at their first sign-in.
          insertStaff(db, { id, staffNumber: args.staffNumber, name: args.name, pinHash, role: args.role, pinChangeRequired: true }, place.at);
          record(place, id, actor, 'staff.registered', { staffNumber: args.staffNumber, name: args.name, role: args.role, via: 'app' });
          return true;
        });
      },

      'staff.setActive': (args, { staff: actor }) =>
        changed(args.staffId, (place) => {
          const target = mustFind(args.staffId);
          if (!args.active) notOneself(actor, target, '不能停用自己的账号');
          if (target.active === args.active) return false;
          keepLastAdministrator(db, target, { active: args.active, role: target.role });
          setStaffActive(db, target.id, args.active, place.at);
          record(place, target.id, actor, args.active ? 'staff.enabled' : 'staff.disabled', {});
          return true;
        }),

      'staff.setRole': (args, { staff: actor }) =>
        changed(args.staffId, (place) => {
          const target = mustFind(args.staffId);
          notOneself(actor, target, '不能更改自己的角色');
          if (target.role === args.role) return false;
          keepLastAdministrator(db, target, { active: target.active, role: args.role });
          setStaffRole(db, target.id, args.role, place.at);
          record(place, target.id, actor, 'staff.roleChanged', { from: target.role, to: args.role });
          return true;
        }),

      'staff.resetPin': async (args, { staff: actor }) => {
        const check = (target: StaffRecord) => {
          notOneself(actor, target, '不能重设自己的密码，请使用“修改密码”');
          leadOnlyForClerk('staff.resetPin', actor, target, `组长只能为${ROLE_LABELS.clerk}重设密码`);
        };
        check(mustFind(args.staffId));
        const pinHash = await hashPin(args.temporaryPin);
        return changed(args.staffId, (place) => {
          // Again: the account's role may have changed while the PIN was hashed.
          check(mustFind(args.staffId));
          // A PIN someone else chose: the person replaces it at their next sign-in. Lifts the lock too.
          updateStaffPin(db, args.staffId, pinHash, place.at, true);
          // Never the PIN, not even its hash: events leave the PC.
          record(place, args.staffId, actor, 'staff.pinReset', {});
          return true;
        });
      },

      'staff.unlock': (args, { staff: actor }) =>
        changed(args.staffId, (place) => {
          const target = mustFind(args.staffId);
          // The lock guards the PIN of an open session too (暂离, 修改密码): lifting one's own would undo it.
          notOneself(actor, target, '不能为自己解除锁定');
          leadOnlyForClerk('staff.unlock', actor, target, `组长只能为${ROLE_LABELS.clerk}解除锁定`);
          if (target.failedAttempts === 0 && target.lockedUntil === null) return false;
          recordFailedAttempts(db, target.id, 0, null, place.at);
          record(place, target.id, actor, 'staff.unlocked', { lockedUntil: target.lockedUntil });
          return true;
        }),
    } satisfies HandlerSlice,
  };
}
