import { describe, expect, it } from 'vitest';
import { columns, databaseAt, migrate, tables } from './migrate-to';

const HASH = 'a'.repeat(64);

function addDocument(db: ReturnType<typeof databaseAt>, id: string, number: string | null, label = '不予受理通知书'): void {
  db.prepare(
    `INSERT INTO issued_documents (id, case_id, kind, medium, title, label, document_number, content, sha256, issued_at, hall_code, window_number)
     VALUES (?, NULL, 'rejectionNotice', 'a4', 't', ?, ?, '<html></html>', ?, '2026-11-30T01:00:00.000Z', 'JQ', 12)`,
  ).run(id, label, number, HASH);
}

function addJob(db: ReturnType<typeof databaseAt>, id: string, documentId: string, state: string): void {
  db.prepare(
    `INSERT INTO print_jobs (id, document_id, printer, state, created_at, updated_at) VALUES (?, ?, 'receiptPrinter', ?, 't', 't')`,
  ).run(id, documentId, state);
}

describe('migration 0008 printing', () => {
  it('adds issued documents, 文书编号 sequences and print jobs on top of a v7 database with data', () => {
    const db = databaseAt(7);
    db.prepare(`INSERT INTO staff (id, staff_number, name, pin_hash, created_at, updated_at) VALUES ('s1', '1001', '王芳', 'h', 't', 't')`).run();
    migrate(db, 8);
    expect(db.pragma('user_version', { simple: true })).toBe(8);
    expect(db.prepare('SELECT name FROM staff').pluck().get()).toBe('王芳');
    expect(tables(db)).toEqual(expect.arrayContaining(['issued_documents', 'document_number_sequences', 'print_jobs']));
    expect(columns(db, 'print_jobs')).toEqual([
      'seq', 'id', 'document_id', 'case_id', 'printer', 'state', 'reason', 'reprint', 'reprint_of', 'attempts',
      'created_at', 'updated_at', 'printed_at', 'staff_id',
    ]);
    expect(columns(db, 'issued_documents')).toEqual(expect.arrayContaining(['content', 'sha256', 'label', 'document_number', 'event_id', 'hall_code', 'window_number']));
  });

  it('keeps each document with the name it was issued under, never without one', () => {
    const db = databaseAt(8);
    addDocument(db, 'd1', null, '不予给付决定书');
    expect(db.prepare(`SELECT label FROM issued_documents WHERE id = 'd1'`).pluck().get()).toBe('不予给付决定书');
    expect(() => addDocument(db, 'd2', null, '')).toThrow(/CHECK/);
    expect(() =>
      db.prepare(
        `INSERT INTO issued_documents (id, kind, medium, title, content, sha256, issued_at, hall_code, window_number)
         VALUES ('d3', 'acceptanceReceipt', 'thermal', 't', '{}', ?, 't', 'JQ', 12)`,
      ).run(HASH),
    ).toThrow(/NOT NULL/);
  });

  it('refuses a second document with the same 文书编号 but takes any number of receipts without one', () => {
    const db = databaseAt(8);
    addDocument(db, 'd1', 'JQ-2026-12-0001');
    expect(() => addDocument(db, 'd2', 'JQ-2026-12-0001')).toThrow(/UNIQUE/);
    addDocument(db, 'd3', null);
    addDocument(db, 'd4', null);
    expect(db.prepare('SELECT count(*) FROM issued_documents').pluck().get()).toBe(3);
  });

  it('keeps a job only in a state the contract knows, and only for a stored document', () => {
    const db = databaseAt(8);
    addDocument(db, 'd1', null);
    addJob(db, 'j1', 'd1', 'queued');
    expect(() => addJob(db, 'j2', 'd1', 'lost')).toThrow(/CHECK/);
    expect(() => addJob(db, 'j3', 'nowhere', 'queued')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`UPDATE print_jobs SET printer = 'a4' WHERE id = 'j1'`).run()).toThrow(/CHECK/);
  });

  it('keeps one 文书编号 sequence per hall, window, kind and year', () => {
    const db = databaseAt(8);
    const insert = db.prepare(`INSERT INTO document_number_sequences VALUES ('JQ', 12, 'rejectionNotice', 2026, 1)`);
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE|PRIMARY KEY/);
    db.prepare(`INSERT INTO document_number_sequences VALUES ('JQ', 13, 'rejectionNotice', 2026, 1)`).run();
    db.prepare(`INSERT INTO document_number_sequences VALUES ('JQ', 12, 'rejectionNotice', 2027, 1)`).run();
  });
});
