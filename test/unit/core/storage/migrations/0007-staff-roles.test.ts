import { describe, expect, it } from 'vitest';
import { columns, databaseAt, migrate } from './migrate-to';

function addStaff(db: ReturnType<typeof databaseAt>, id: string, staffNumber: string): void {
  db.prepare(`INSERT INTO staff (id, staff_number, name, pin_hash, created_at, updated_at) VALUES (?, ?, '王芳', 'scrypt$x', 't', 't')`).run(
    id,
    staffNumber,
  );
}

describe('migration 0007 staff roles', () => {
  it('makes every account registered before roles a clerk with no PIN change pending', () => {
    const db = databaseAt(6);
    addStaff(db, 's1', '1001');
    addStaff(db, 's2', '1002');
    db.prepare(`UPDATE staff SET active = 0 WHERE id = 's2'`).run();
    migrate(db, 7);
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    expect(columns(db, 'staff')).toEqual(expect.arrayContaining(['role', 'pin_change_required']));
    expect(db.prepare('SELECT id, role, pin_change_required, active FROM staff ORDER BY id').all()).toEqual([
      { id: 's1', role: 'clerk', pin_change_required: 0, active: 1 },
      { id: 's2', role: 'clerk', pin_change_required: 0, active: 0 },
    ]);
  });

  it('gives a new account the clerk role unless another is named, and refuses a role it does not know', () => {
    const db = databaseAt(7);
    addStaff(db, 's1', '1001');
    expect(db.prepare(`SELECT role FROM staff WHERE id = 's1'`).pluck().get()).toBe('clerk');
    db.prepare(`UPDATE staff SET role = 'it_admin' WHERE id = 's1'`).run();
    expect(db.prepare(`SELECT role FROM staff WHERE id = 's1'`).pluck().get()).toBe('it_admin');
    expect(() => db.prepare(`UPDATE staff SET role = 'admin' WHERE id = 's1'`).run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare(`UPDATE staff SET role = '系统管理员' WHERE id = 's1'`).run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare(`UPDATE staff SET pin_change_required = 2 WHERE id = 's1'`).run()).toThrow(/CHECK constraint/);
    expect(db.prepare(`SELECT role FROM staff WHERE id = 's1'`).pluck().get()).toBe('it_admin');
  });
});
