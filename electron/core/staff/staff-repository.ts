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
}

interface StaffRow {
  id: string;
  staff_number: string;
  name: string;
  pin_hash: string;
  failed_attempts: number;
  locked_until: string | null;
  active: number;
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

export function listStaff(db: Db): StaffRecord[] {
  return (statement(db, 'SELECT * FROM staff ORDER BY staff_number').all() as StaffRow[]).map(fromRow);
}

export function insertStaff(
  db: Db,
  staff: { id: string; staffNumber: string; name: string; pinHash: string },
  at: string,
): void {
  statement(
    db,
    `INSERT INTO staff (id, staff_number, name, pin_hash, failed_attempts, locked_until, active, created_at, updated_at)
     VALUES (?, ?, ?, ?, 0, NULL, 1, ?, ?)`,
  ).run(staff.id, staff.staffNumber, staff.name, staff.pinHash, at, at);
}

export function updateStaffPin(db: Db, id: string, pinHash: string, at: string): void {
  statement(
    db,
    'UPDATE staff SET pin_hash = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?',
  ).run(pinHash, at, id);
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
