import { describe, expect, it } from 'vitest';
import { columns, databaseAt, migrate } from './migrate-to';

describe('migration 0003 cases', () => {
  it('adds cases, number sequences and intake requests on top of a v2 database with data', () => {
    const db = databaseAt(2);
    db.prepare(`INSERT INTO staff (id, staff_number, name, pin_hash, created_at, updated_at) VALUES ('s1', '1001', '王芳', 'h', 't', 't')`).run();
    migrate(db, 3);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(db.prepare('SELECT name FROM staff').pluck().get()).toBe('王芳');
    expect(columns(db, 'cases')).toEqual(expect.arrayContaining(['seq', 'id', 'case_number', 'status', 'applicant_name', 'received_date', 'version']));
    // The wide fold lives apart from the searched columns.
    expect(columns(db, 'cases')).not.toContain('state');
    expect(columns(db, 'case_states')).toEqual(['case_seq', 'state']);
    const indexes = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'cases' AND name LIKE 'cases_by_%'").pluck().all();
    expect(indexes).toEqual(
      expect.arrayContaining(['cases_by_received_date', 'cases_by_applicant_name', 'cases_by_applicant_id_number', 'cases_by_applicant_mobile', 'cases_by_item', 'cases_by_status', 'cases_by_item_status']),
    );
  });

  it('keeps case numbers unique and cases tied to an item version and a staff member', () => {
    const db = databaseAt(3);
    db.prepare(`INSERT INTO staff (id, staff_number, name, pin_hash, created_at, updated_at) VALUES ('s1', '1001', '王芳', 'h', 't', 't')`).run();
    db.prepare(`INSERT INTO catalog_items VALUES ('C1', 1, 'n', 'd', 'promised', 5, 3, 1, 'v', '{}', 't')`).run();
    const insert = db.prepare(
      `INSERT INTO cases (id, case_number, item_code, item_version, status, applicant_name, applicant_id_number, applicant_mobile,
         received_at, received_date, promised_due_date, window_number, staff_id, version)
       VALUES (?, ?, ?, 1, 'accepted', '张三', 'X', 'M', 't', '2026-11-23', NULL, 12, 's1', 2)`,
    );
    insert.run('a', 'JQ-12-20261123-0001', 'C1');
    expect(() => insert.run('b', 'JQ-12-20261123-0001', 'C1')).toThrow(/UNIQUE/);
    expect(() => insert.run('c', 'JQ-12-20261123-0002', 'NOPE')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`INSERT INTO case_number_sequences VALUES ('JQ-12-20261123', 0)`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO case_states VALUES (999, '{}')`).run()).toThrow(/FOREIGN KEY/);
  });
});
