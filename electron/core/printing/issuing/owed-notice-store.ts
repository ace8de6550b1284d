import type { Db } from '../../storage/database';
import { statement } from '../../storage/statements';

/** A notice a committed case event owes (migration 0013): issued right after the commit, or at the next start. */
export interface OwedNotice {
  /** The case event that issues it. */
  eventId: string;
  caseId: string;
  /** The case's version after the change that event belongs to: the notice shows the case as it stood then. */
  caseVersion: number;
}

/**
 * Records, inside the case command's transaction, that `notice.eventId` owes its notice(s).
 * Idempotent (an event that issues two notices is owed once; issue-owed-notices.ts issues all).
 */
export function oweNotice(db: Db, notice: OwedNotice): void {
  statement(db, 'INSERT OR IGNORE INTO notices_owed (event_id, case_id, case_version) VALUES (?, ?, ?)').run(notice.eventId, notice.caseId, notice.caseVersion);
}

interface OwedRow {
  event_id: string;
  case_id: string;
  case_version: number;
}

/**
 * The statements of owedNotices: all owed, and one case's. `CROSS JOIN` keeps SQLite's join order
 * as written — the few owed rows outside, each event found by its id — where a plain JOIN let the
 * planner walk every event in seq order for its ORDER BY and look each up among the owed: a scan
 * of the whole event log after every case command (a million events at a busy window), measured
 * as the largest cost of the core in bench:intake.
 */
export const OWED_NOTICES_SQL = {
  all: 'SELECT o.event_id, o.case_id, o.case_version FROM notices_owed o CROSS JOIN events e ON e.id = o.event_id ORDER BY e.seq',
  ofCase: 'SELECT o.event_id, o.case_id, o.case_version FROM notices_owed o CROSS JOIN events e ON e.id = o.event_id WHERE o.case_id = ? ORDER BY e.seq',
} as const;

/** The notices still owed (of one case, or all when `caseId` is null), oldest event first. */
export function owedNotices(db: Db, caseId: string | null): OwedNotice[] {
  const rows = (caseId === null ? statement(db, OWED_NOTICES_SQL.all).all() : statement(db, OWED_NOTICES_SQL.ofCase).all(caseId)) as OwedRow[];
  return rows.map((r) => ({ eventId: r.event_id, caseId: r.case_id, caseVersion: r.case_version }));
}

/** Whether any notice is owed at all: the cheap test a read makes before issuing anything. */
export function anyNoticeOwed(db: Db): boolean {
  return statement(db, 'SELECT 1 FROM notices_owed LIMIT 1').get() !== undefined;
}

/** Removes an owed row, in the transaction that stored its notice(s). */
export function settleOwedNotice(db: Db, eventId: string): void {
  statement(db, 'DELETE FROM notices_owed WHERE event_id = ?').run(eventId);
}
