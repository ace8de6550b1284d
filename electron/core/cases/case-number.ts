import type { Db } from '../storage/database';
import { statement } from '../storage/statements';

/** `JQ-12-20261123`: hall code, window number, acceptance date. */
export function caseNumberPrefix(hallCode: string, windowNumber: number, date: string): string {
  return `${hallCode}-${windowNumber}-${date.replaceAll('-', '')}`;
}

/** `JQ-12-20261123-0007`; past 9999 in a day the sequence simply grows a digit. */
export function formatCaseNumber(prefix: string, sequence: number): string {
  return `${prefix}-${String(sequence).padStart(4, '0')}`;
}

/**
 * The next number for the prefix. Must run inside the transaction that records the case: the
 * bump and the case commit together, so a number is never handed out twice, even when the
 * process dies between two accepts.
 */
export function takeCaseNumber(db: Db, prefix: string): string {
  const row = statement(
    db,
    `INSERT INTO case_number_sequences (prefix, last_seq) VALUES (?, 1)
     ON CONFLICT (prefix) DO UPDATE SET last_seq = last_seq + 1
     RETURNING last_seq`,
  ).get(prefix) as { last_seq: number };
  return formatCaseNumber(prefix, row.last_seq);
}
