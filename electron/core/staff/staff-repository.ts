import type { Role } from '../../contract/roles';
import type { Db } from '../storage/database';
import { statement } from '../storage/statements';

export interface StaffRecord {
  id: string;
  staffNumber: string;
  name: string;
  pinHash: string;
  failedAttempts: number;
  lockedUntil: string | null;
  active: boolean;
  role: Role;
  /** The PIN was set by someone else; the person must choose their own at next sign-in. */
  pinChangeRequired: boolean;
  createdAt: string;
}

interface StaffRow {
  id: string;
  staff_number: string;
  name: string;
  pin_hash: string;
  failed_attempts: number;
  locked_until: string | null;
  active: number;
  role: Role;
  pin_change_required: number;
  created_at: string;
}

function fromRow(row: StaffRow): StaffRecord {
  return {
    id: row.id,
    staffNumber: row.staff_number,
    name: row.name,
    pinHash: row.pin_hash,
    failedAttempts: row.failed_attempts,
    lockedUntil: row.locked_until,
    active: row.active === 1,
    role: row.role,
    pinChangeRequired: row.pin_change_required === 1,
    createdAt: row.created_at,
  };
}

export function findStaffByNumber(db: Db, staffNumber: string): StaffRecord | null {
  const row = statement(db, 'SELECT * FROM staff WHERE staff_number = ?').get(staffNumber) as StaffRow | undefined;
  return row ? fromRow(row) : null;
}

export function findStaffById(db: Db, id: string): StaffRecord | null {
  const row = statement(db, 'SELECT * FROM staff WHERE id = ?').get(id) as StaffRow | undefined;
  return row ? fromRow(row) : null;
}

export function isStaffActive(db: Db, id: string): boolean {
  const row = statement(db, 'SELECT active FROM staff WHERE id = ?').get(id) as { active: number } | undefined;
  return row?.active === 1;
}

/** Whether an account may act now, and as what: read at every `staff` call. Null: no such account. */
export function staffStanding(db: Db, id: string): { active: boolean; role: Role } | null {
  const row = statement(db, 'SELECT active, role FROM staff WHERE id = ?').get(id) as { active: number; role: Role } | undefined;
  return row ? { active: row.active === 1, role: row.role } : null;
}

/** How many staff accounts exist (0: the data folder still needs its first-run setup). */
export function countStaff(db: Db): number {
  return (statement(db, 'SELECT count(*) AS n FROM staff').get() as { n: number }).n;
}

/** How many active accounts hold `role` (the last active 系统管理员 must stay one). */
export function countActiveWithRole(db: Db, role: Role): number {
  return (statement(db, 'SELECT count(*) AS n FROM staff WHERE active = 1 AND role = ?').get(role) as { n: number }).n;
}

export function listStaff(db: Db): StaffRecord[] {
  return (statement(db, 'SELECT * FROM staff ORDER BY staff_number').all() as StaffRow[]).map(fromRow);
}

/**
 * A new active account. `role` defaults to `clerk`; `pinChangeRequired` (default false) when
 * someone else chose the PIN.
 */
export function insertStaff(
  db: Db,
  staff: { id: string; staffNumber: string; name: string; pinHash: string; role?: Role; pinChangeRequired?: boolean },
  at: string,
): void {
  statement(
    db,
    `INSERT INTO staff (id, staff_number, name, pin_hash, failed_attempts, locked_until, active, role, pin_change_required, created_at, updated_at)
     VALUES (?, ?, ?, ?, 0, NULL, 1, ?, ?, ?, ?)`,
  ).run(staff.id, staff.staffNumber, staff.name, staff.pinHash, staff.role ?? 'clerk', staff.pinChangeRequired ? 1 : 0, at, at);
}

/**
 * A new PIN hash; lifts any lock. `pinChangeRequired`: the PIN was set by someone else (a reset),
 * so the person must choose their own at next sign-in; false when they chose it themselves.
 */
export function updateStaffPin(db: Db, id: string, pinHash: string, at: string, pinChangeRequired = false): void {
  statement(
    db,
    'UPDATE staff SET pin_hash = ?, failed_attempts = 0, locked_until = NULL, pin_change_required = ?, updated_at = ? WHERE id = ?',
  ).run(pinHash, pinChangeRequired ? 1 : 0, at, id);
}

/** Sets an account's role (roles.ts); the caller checks who may and records the change. */
export function setStaffRole(db: Db, id: string, role: Role, at: string): void {
  statement(db, 'UPDATE staff SET role = ?, updated_at = ? WHERE id = ?').run(role, at, id);
}

export function setStaffActive(db: Db, id: string, active: boolean, at: string): void {
  statement(db, 'UPDATE staff SET active = ?, updated_at = ? WHERE id = ?').run(active ? 1 : 0, at, id);
}

export function recordFailedAttempts(
  db: Db,
  id: string,
  failedAttempts: number,
  lockedUntil: string | null,
  at: string,
): void {
  statement(db, 'UPDATE staff SET failed_attempts = ?, locked_until = ?, updated_at = ? WHERE id = ?').run(
    failedAttempts,
    lockedUntil,
    at,
    id,
  );
}

/** Staff names by id, for timelines and lists. */
export function staffNames(db: Db, ids: readonly string[]): Map<string, { staffNumber: string; name: string }> {
  const out = new Map<string, { staffNumber: string; name: string }>();
  for (const id of new Set(ids)) {
    const row = statement(db, 'SELECT staff_number, name FROM staff WHERE id = ?').get(id) as
      | { staff_number: string; name: string }
      | undefined;
    if (row) out.set(id, { staffNumber: row.staff_number, name: row.name });
  }
  return out;
}
