import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { caseNumberPrefix, formatCaseNumber, takeCaseNumber } from '../../../../electron/core/cases/case-number';
import { applyMigration } from '../../../../electron/core/storage/migration';
import { MIGRATIONS } from '../../../../electron/core/storage/migrations';

describe('case numbers', () => {
  it('read hall - window - date - daily sequence', () => {
    expect(formatCaseNumber(caseNumberPrefix('JQ', 12, '2026-11-23'), 7)).toBe('JQ-12-20261123-0007');
    expect(formatCaseNumber('JQ-12-20261123', 12345)).toBe('JQ-12-20261123-12345');
  });

  it('count per day and per window, starting at 1', () => {
    const db = new Database(':memory:');
    // As the store applies them: each in its transaction (a table rebuild refuses to run outside one).
    for (const m of MIGRATIONS) applyMigration(db, m);
    expect(takeCaseNumber(db, 'JQ-12-20261123')).toBe('JQ-12-20261123-0001');
    expect(takeCaseNumber(db, 'JQ-12-20261123')).toBe('JQ-12-20261123-0002');
    expect(takeCaseNumber(db, 'JQ-12-20261124')).toBe('JQ-12-20261124-0001');
    expect(takeCaseNumber(db, 'JQ-7-20261123')).toBe('JQ-7-20261123-0001');
  });

  it('belong to a case only once it is committed: a failed save hands its number to the next case, no gap, no duplicate', () => {
    const db = new Database(':memory:');
    // As the store applies them: each in its transaction (a table rebuild refuses to run outside one).
    for (const m of MIGRATIONS) applyMigration(db, m);
    takeCaseNumber(db, 'P');
    expect(() =>
      db.transaction(() => {
        takeCaseNumber(db, 'P');
        throw new Error('disk full');
      })(),
    ).toThrow('disk full');
    // The failed case was never saved nor printed, so 0002 was never issued to anyone.
    expect(takeCaseNumber(db, 'P')).toBe('P-0002');
  });
});
