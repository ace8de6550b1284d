import { DOCUMENT_KINDS, PRINT_JOB_STATES, PRINTER_IDS, type DocumentKind, type PrintJob, type PrintJobState, type PrinterId } from '../../../contract/printing';
import type { Db } from '../../storage/database';
import { statement } from '../../storage/statements';

/** A print job row joined with what lists show of its document and case. */
interface JobRow {
  id: string;
  document_id: string;
  kind: string;
  label: string;
  title: string;
  /** 1 when some job of the document ever began to send (see SELECT_JOB). */
  document_sent: number;
  case_id: string | null;
  case_number: string | null;
  printer: string;
  state: string;
  reason: string | null;
  reprint: number;
  reprint_of: string | null;
  created_at: string;
  updated_at: string;
  printed_at: string | null;
  staff_id: string | null;
  attempts: number;
}

/**
 * Whether document `d` is on paper, or may be (then another copy is a 补打): a job of it is
 * sending, printed or unknown, or was discarded after it began to send (attempts > 0: it may
 * have been `unknown` before the 作废). A `failed`, `waiting` or `queued` job is certainly not on
 * paper whatever its attempts (PRINT_JOB_STATES).
 */
export const DOCUMENT_SENT = `EXISTS (SELECT 1 FROM print_jobs s WHERE s.document_id = d.id
    AND (s.state IN ('sending', 'printed', 'unknown') OR (s.state = 'discarded' AND s.attempts > 0)))`;

/** Whether a document is on paper or may be (DOCUMENT_SENT): its next copy is a 补打. */
export function documentSent(db: Db, documentId: string): boolean {
  return statement(db, `SELECT ${DOCUMENT_SENT} FROM issued_documents d WHERE d.id = ?`).pluck().get(documentId) === 1;
}

const SELECT_JOB = `
  SELECT j.id, j.document_id, d.kind, d.label, d.title, ${DOCUMENT_SENT} AS document_sent, j.case_id, c.case_number, j.printer, j.state, j.reason, j.reprint,
         j.reprint_of, j.created_at, j.updated_at, j.printed_at, j.staff_id, j.attempts
  FROM print_jobs j
  JOIN issued_documents d ON d.id = j.document_id
  LEFT JOIN cases c ON c.id = j.case_id`;

function oneOf<T extends string>(values: readonly T[], value: string, what: string): T {
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new Error(`stored print job has an unknown ${what}: ${value}`);
}

function toJob(row: JobRow): PrintJob {
  return {
    id: row.id,
    documentId: row.document_id,
    documentKind: oneOf<DocumentKind>(DOCUMENT_KINDS, row.kind, 'document kind'),
    documentLabel: row.label,
    documentTitle: row.title,
    documentSent: row.document_sent === 1,
    caseId: row.case_id,
    caseNumber: row.case_number,
    printer: oneOf<PrinterId>(PRINTER_IDS, row.printer, 'printer'),
    state: oneOf<PrintJobState>(PRINT_JOB_STATES, row.state, 'state'),
    reason: row.reason,
    reprint: row.reprint === 1,
    reprintOf: row.reprint_of,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    printedAt: row.printed_at,
    staffId: row.staff_id,
    attempts: row.attempts,
  };
}

/** A new job's facts. */
export interface NewPrintJob {
  id: string;
  documentId: string;
  caseId: string | null;
  printer: PrinterId;
  reprint: boolean;
  reprintOf: string | null;
  staffId: string | null;
  /** ISO 8601 instant. */
  at: string;
}

/** Stores a job `queued` (inside the caller's transaction when there is one). */
export function insertPrintJob(db: Db, job: NewPrintJob): void {
  statement(
    db,
    `INSERT INTO print_jobs (id, document_id, case_id, printer, state, reprint, reprint_of, created_at, updated_at, staff_id)
     VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)`,
  ).run(job.id, job.documentId, job.caseId, job.printer, job.reprint ? 1 : 0, job.reprintOf, job.at, job.at, job.staffId);
}

/** One job, or null. */
export function loadPrintJob(db: Db, id: string): PrintJob | null {
  const row = statement(db, `${SELECT_JOB} WHERE j.id = ?`).get(id) as JobRow | undefined;
  return row ? toJob(row) : null;
}

/** A list's filter (contract ListPrintJobsArgs). */
export interface PrintJobFilter {
  states?: readonly PrintJobState[] | undefined;
  caseId?: string | undefined;
  printer?: PrinterId | undefined;
  documentId?: string | undefined;
  limit: number;
}

/** Jobs newest first. */
export function listPrintJobs(db: Db, filter: PrintJobFilter): PrintJob[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.states && filter.states.length > 0) {
    where.push(`j.state IN (${filter.states.map(() => '?').join(', ')})`);
    params.push(...filter.states);
  }
  if (filter.caseId !== undefined) {
    where.push('j.case_id = ?');
    params.push(filter.caseId);
  }
  if (filter.printer !== undefined) {
    where.push('j.printer = ?');
    params.push(filter.printer);
  }
  if (filter.documentId !== undefined) {
    where.push('j.document_id = ?');
    params.push(filter.documentId);
  }
  const sql = `${SELECT_JOB}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY j.seq DESC LIMIT ?`;
  return (db.prepare(sql).all(...params, filter.limit) as JobRow[]).map(toJob);
}

/** The oldest job the printer's worker should send (queued or waiting), or null. */
export function nextJobToSend(db: Db, printer: PrinterId): PrintJob | null {
  const row = statement(db, `${SELECT_JOB} WHERE j.state IN ('queued', 'waiting') AND j.printer = ? ORDER BY j.seq LIMIT 1`).get(printer) as
    | JobRow
    | undefined;
  return row ? toJob(row) : null;
}

/** A change of a job's state, with its reason (null clears it). */
export interface JobStateChange {
  state: PrintJobState;
  reason: string | null;
  /** ISO 8601 instant. */
  at: string;
  /**
   * `begin`: one more attempt (bytes about to go out). `undo`: the attempt just begun sent nothing
   * (the line was gone before the first byte), so it does not count: `attempts > 0` is what tells
   * a discarded job that may be on paper from one that never was (DOCUMENT_SENT), and a copy must
   * not be marked 补打 because of an attempt that printed nothing.
   */
  attempt?: 'begin' | 'undo';
}

/**
 * Moves a job to `change.state` when it is in one of `from` (another writer, the clerk's 作废 or
 * the worker, may have moved it since it was read). Returns the job after, or null when it was
 * not in `from`.
 */
export function moveJob(db: Db, id: string, from: readonly PrintJobState[], change: JobStateChange): PrintJob | null {
  const result = db
    .prepare(
      `UPDATE print_jobs SET state = ?, reason = ?, updated_at = ?, attempts = attempts + ?,
         printed_at = CASE WHEN ? = 'printed' THEN ? ELSE printed_at END
       WHERE id = ? AND state IN (${from.map(() => '?').join(', ')})`,
    )
    .run(change.state, change.reason, change.at, change.attempt === 'begin' ? 1 : change.attempt === 'undo' ? -1 : 0, change.state, change.at, id, ...from);
  return result.changes === 1 ? loadPrintJob(db, id) : null;
}

/** Reasons written at start for jobs a stopped program left behind (contract: never replayed by themselves). */
export const INTERRUPTED_WHILE_SENDING = '打印中程序中断，无法确认是否已打印';
export const LEFT_BEFORE_SENDING = '程序重启前未打印，请选择重新打印或作废';
/** Reason of an `unknown` job the clerk confirmed on paper (printing.confirmPrinted). */
export const CONFIRMED_PRINTED = '经办人确认已打印';

/**
 * At start: a job left `sending` may be on paper (`unknown`); one left `queued` or `waiting` was
 * certainly not printed (`failed`). Neither is sent again by itself: the clerk chooses. Returns
 * the jobs changed.
 */
export function settleInterruptedJobs(db: Db, at: string): PrintJob[] {
  return db.transaction(() => {
    const ids = db.prepare(`SELECT id, state FROM print_jobs WHERE state IN ('sending', 'queued', 'waiting') ORDER BY seq`).all() as Array<{
      id: string;
      state: PrintJobState;
    }>;
    const changed: PrintJob[] = [];
    for (const { id, state } of ids) {
      const after =
        state === 'sending'
          ? moveJob(db, id, ['sending'], { state: 'unknown', reason: INTERRUPTED_WHILE_SENDING, at })
          : moveJob(db, id, ['queued', 'waiting'], { state: 'failed', reason: LEFT_BEFORE_SENDING, at });
      if (after) changed.push(after);
    }
    return changed;
  })();
}
