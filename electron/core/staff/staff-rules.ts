import type { StaffMember } from '../../contract/staff';
import { CounterError } from '../../contract/errors';
import type { Role } from '../../contract/roles';
import type { Db } from '../storage/database';
import { activeLock } from './sign-in-attempts';
import { countActiveWithRole, type StaffRecord } from './staff-repository';

/** Why the last active 系统管理员 cannot be disabled or given another role. */
export const LAST_ADMINISTRATOR_MESSAGE = '至少要保留一个可用的系统管理员账号';

/**
 * Refuses a change that would leave the window with no active 系统管理员 (nobody could then
 * manage its staff or settings in the app): `target` is an active `it_admin`, the only one, and
 * after the change (`after`) would no longer be both. A folder that never had an active
 * administrator (its accounts registered before roles, all clerks) is not held to it: the first
 * administrator is made by `npm run staff -- set-role`, and clerks there can still be disabled.
 * Read inside the transaction that makes the change, so two administrators cannot each remove
 * the other at once.
 * @throws CounterError rule_violation (LAST_ADMINISTRATOR_MESSAGE).
 */
export function keepLastAdministrator(db: Db, target: StaffRecord, after: { active: boolean; role: Role }): void {
  const isAdministrator = target.active && target.role === 'it_admin';
  const staysAdministrator = after.active && after.role === 'it_admin';
  if (isAdministrator && !staysAdministrator && countActiveWithRole(db, 'it_admin') <= 1) {
    throw new CounterError('rule_violation', LAST_ADMINISTRATOR_MESSAGE);
  }
}

/**
 * An account as the 人员 page lists it (StaffMemberSchema): never the PIN hash. `lockedUntil`
 * only while the lock still runs at `now` (a lock that ran out is stored until the next attempt).
 */
export function toStaffMember(staff: StaffRecord, now: Date): StaffMember {
  return {
    id: staff.id,
    staffNumber: staff.staffNumber,
    name: staff.name,
    role: staff.role,
    active: staff.active,
    lockedUntil: activeLock(staff, now) ? staff.lockedUntil : null,
    pinChangeRequired: staff.pinChangeRequired,
    createdAt: staff.createdAt,
  };
}
