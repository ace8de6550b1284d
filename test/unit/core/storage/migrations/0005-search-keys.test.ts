import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../../electron/core/storage/database';
import { columns, databaseAt, migrate } from './migrate-to';

/** A case row and its stored state as version 4 wrote them: the name exactly as typed. */
function insertCase(db: Db, seq: number, name: string, agentIdNumber: string | null): void {
  db.prepare(
    `INSERT INTO cases (seq, id, case_number, item_code, item_version, status, applicant_name, applicant_id_number, applicant_mobile,
       received_at, received_date, promised_due_date, window_number, staff_id, version)
     VALUES (?, ?, ?, 'C1', 1, 'accepted', ?, ?, '13800000000', 't', '2026-11-23', NULL, 12, 's1', 2)`,
  ).run(seq, `case-${seq}`, `JQ-12-20261123-000${seq}`, name, `ID${seq}`);
  const agent = agentIdNumber ? { name: '代办人', idType: 'passport', idNumber: agentIdNumber, mobile: '13900000000' } : null;
  db.prepare('INSERT INTO case_states (case_seq, state) VALUES (?, ?)').run(seq, JSON.stringify({ applicant: { kind: 'person', name }, agent }));
}

describe('migration 0005 search keys', () => {
  it("folds stored names' dots in the search column, adds their parts and the agents' documents", () => {
    const db = databaseAt(4);
    db.prepare(`INSERT INTO staff (id, staff_number, name, pin_hash, created_at, updated_at) VALUES ('s1', '1001', '王芳', 'h', 't', 't')`).run();
    db.prepare(`INSERT INTO catalog_items VALUES ('C1', 1, 'n', 'd', 'promised', 5, 3, 1, 'v', '{}', 't')`).run();
    insertCase(db, 1, '阿卜杜\u30FB艾尼', null);
    insertCase(db, 2, '玉苏甫\u2027艾买提·托合提', 'E12345678');
    insertCase(db, 3, '张三', null);
    migrate(db, 5);

    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(columns(db, 'case_name_tails')).toEqual(['tail', 'received_date', 'case_seq']);
    expect(columns(db, 'case_extra_documents')).toEqual(['number', 'case_seq']);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'case_name_tails' AND name NOT LIKE 'sqlite_%'").pluck().all()).toEqual(['case_name_tails_by_case']);
    expect(db.prepare('SELECT applicant_name FROM cases ORDER BY seq').pluck().all()).toEqual(['阿卜杜·艾尼', '玉苏甫·艾买提·托合提', '张三']);
    expect(db.prepare('SELECT tail, received_date, case_seq FROM case_name_tails ORDER BY case_seq, tail').all()).toEqual([
      { tail: '艾尼', received_date: '2026-11-23', case_seq: 1 },
      { tail: '托合提', received_date: '2026-11-23', case_seq: 2 },
      { tail: '艾买提·托合提', received_date: '2026-11-23', case_seq: 2 },
    ]);
    expect(db.prepare('SELECT number, case_seq FROM case_extra_documents').all()).toEqual([{ number: 'E12345678', case_seq: 2 }]);
    // The recorded state keeps the name as it was typed.
    expect(db.prepare('SELECT state FROM case_states WHERE case_seq = 1').pluck().get()).toContain('阿卜杜\u30FB艾尼');
  });

  it('ties search rows to a case', () => {
    const db = databaseAt(5);
    expect(() => db.prepare(`INSERT INTO case_name_tails VALUES ('艾尼', '2026-11-23', 999)`).run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`INSERT INTO case_extra_documents VALUES ('E1', 999)`).run()).toThrow(/FOREIGN KEY/);
  });
});
