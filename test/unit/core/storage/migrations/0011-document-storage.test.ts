import { describe, expect, it } from 'vitest';
import { columns, databaseAt, migrate, tables } from './migrate-to';

const HASH = 'a'.repeat(64);

function addDocument(db: ReturnType<typeof databaseAt>, id: string, number: string | null, content = '<html></html>'): void {
  db.prepare(
    `INSERT INTO issued_documents (id, case_id, kind, medium, title, label, document_number, content, sha256, issued_at, hall_code, window_number)
     VALUES (?, NULL, 'rejectionNotice', 'a4', 't', '不予受理通知书', ?, ?, ?, '2026-11-30T01:00:00.000Z', 'JQ', 12)`,
  ).run(id, number, content, HASH);
}

describe('migration 0011 document storage', () => {
  it('keeps every document and every print job pointing at it, with the content untouched', () => {
    const db = databaseAt(10);
    addDocument(db, 'd1', 'JQ-2026-12-0001', '<html><head><style>p{}</style></head><body>甲</body></html>');
    addDocument(db, 'd2', null);
    db.prepare(`INSERT INTO print_jobs (id, document_id, printer, state, created_at, updated_at) VALUES ('j1', 'd1', 'receiptPrinter', 'printed', 't', 't')`).run();
    migrate(db, 11);
    expect(db.pragma('user_version', { simple: true })).toBe(11);
    expect(tables(db)).toContain('document_stylesheets');
    expect(columns(db, 'issued_documents')).toContain('stylesheet');
    const rows = db.prepare('SELECT id, document_number, content, stylesheet FROM issued_documents ORDER BY seq').all();
    expect(rows).toEqual([
      { id: 'd1', document_number: 'JQ-2026-12-0001', content: '<html><head><style>p{}</style></head><body>甲</body></html>', stylesheet: null },
      { id: 'd2', document_number: null, content: '<html></html>', stylesheet: null },
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The job still points at its document: a print job for a document that is not there is refused.
    expect(() =>
      db.prepare(`INSERT INTO print_jobs (id, document_id, printer, state, created_at, updated_at) VALUES ('j2', 'nope', 'receiptPrinter', 'queued', 't', 't')`).run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('still refuses a second document with the same 文书编号, and still takes any number without one', () => {
    const db = databaseAt(11);
    addDocument(db, 'd1', 'JQ-2026-12-0001');
    expect(() => addDocument(db, 'd2', 'JQ-2026-12-0001')).toThrow(/UNIQUE/);
    addDocument(db, 'd3', null);
    addDocument(db, 'd4', null);
    expect(db.prepare('SELECT count(*) FROM issued_documents').pluck().get()).toBe(3);
  });

  it('keeps the case index and never lets a stylesheet change once used', () => {
    const db = databaseAt(11);
    const indexes = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'issued_documents' AND sql IS NOT NULL`).pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['issued_documents_by_case', 'issued_documents_by_number']));
    db.prepare(`INSERT INTO document_stylesheets (sha256, css) VALUES (?, 'p{}')`).run(HASH);
    expect(() => db.prepare(`UPDATE document_stylesheets SET css = 'p{color:red}'`).run()).toThrow(/never changed/);
    expect(() => db.prepare('DELETE FROM document_stylesheets').run()).toThrow(/never changed/);
  });
});
