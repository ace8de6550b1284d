import { nameSearchKey, nameTails } from '../../contract/validation';
import type { Db } from '../storage/database';
import { statement } from '../storage/statements';
import type { CaseState } from './case-state';

/**
 * The search rows of a case beyond its own row in `cases` (migration 0005), written once when
 * the case is first stored, in the same transaction: what the case list finds a case by is
 * fixed at intake (applicant and agent never change afterwards).
 *
 * - `case_name_tails`: the applicant's name from each part after a 间隔号 on, dots folded
 *   (`阿卜杜·热合曼·艾尼` → `热合曼·艾尼`, `艾尼`), so the start of any part finds the case;
 * - `case_extra_documents`: the numbers of identity documents other than the applicant's own
 *   (that one is `cases.applicant_id_number`): today the agent's.
 *
 * Most cases have neither a dotted name nor an agent, and then nothing is written: an accept
 * costs no extra page.
 */
export function saveCaseSearchKeys(db: Db, caseSeq: number | bigint, state: CaseState): void {
  for (const tail of nameTails(state.applicant.name)) {
    statement(db, 'INSERT OR IGNORE INTO case_name_tails (tail, received_date, case_seq) VALUES (?, ?, ?)').run(tail, state.receivedDate, caseSeq);
  }
  for (const number of extraDocumentNumbers(state)) {
    statement(db, 'INSERT OR IGNORE INTO case_extra_documents (number, case_seq) VALUES (?, ?)').run(number, caseSeq);
  }
}

/** The numbers of a case's documents other than the applicant's own, as stored (upper case). */
export function extraDocumentNumbers(state: Pick<CaseState, 'agent'>): string[] {
  return state.agent ? [state.agent.idNumber] : [];
}

/** The name as the `cases.applicant_name` column holds it for searching: dots folded. */
export function applicantNameKey(state: Pick<CaseState, 'applicant'>): string {
  return nameSearchKey(state.applicant.name);
}
