import { applicantIdNumber } from '../../contract/applicant';
import { CounterError } from '../../contract/errors';
import { readStream, type StoredEvent } from '../events/event-store';
import type { Db } from '../storage/database';
import { statement } from '../storage/statements';
import type { CaseEvent } from './case-events';
import { applicantNameKey, saveCaseSearchKeys } from './case-search-keys';
import { isCaseEventType } from './case-events';
import type { CaseState } from './case-state';

/**
 * Writes the projection row of a case from its state: `previousVersion` null for a new case
 * (insert), otherwise the version the change was based on (update, refused if it moved).
 */
export function saveCaseProjection(db: Db, state: CaseState, previousVersion: number | null): void {
  const params = {
    id: state.id,
    case_number: state.caseNumber,
    item_code: state.item.code,
    item_version: state.item.version,
    status: state.status,
    // The search key (间隔号 folded), not the name as shown: that is in case_states.
    applicant_name: applicantNameKey(state),
    applicant_id_number: applicantIdNumber(state.applicant),
    applicant_mobile: state.applicant.mobile,
    received_at: state.receivedAt,
    received_date: state.receivedDate,
    promised_due_date: state.promisedDueDate,
    window_number: state.windowNumber,
    staff_id: state.receivedBy,
    version: state.version,
    previous_version: previousVersion,
  };
  const json = JSON.stringify(state);
  if (previousVersion === null) {
    const inserted = statement(
      db,
      `INSERT INTO cases (id, case_number, item_code, item_version, status, applicant_name, applicant_id_number,
         applicant_mobile, received_at, received_date, promised_due_date, window_number, staff_id, version)
       VALUES (@id, @case_number, @item_code, @item_version, @status, @applicant_name, @applicant_id_number,
         @applicant_mobile, @received_at, @received_date, @promised_due_date, @window_number, @staff_id, @version)`,
    ).run(params);
    statement(db, 'INSERT INTO case_states (case_seq, state) VALUES (?, ?)').run(inserted.lastInsertRowid, json);
    saveCaseSearchKeys(db, inserted.lastInsertRowid, state);
    return;
  }
  const updated = statement(
    db,
    `UPDATE cases SET status = @status, promised_due_date = @promised_due_date, version = @version
     WHERE id = @id AND version = @previous_version
     RETURNING seq`,
  ).get(params) as { seq: number } | undefined;
  // The version check makes a lost update impossible: two writers racing on one case cannot
  // both succeed (the events' unique stream version would also refuse the second).
  if (!updated) {
    throw new CounterError('conflict', `办件 ${state.caseNumber} 同时被另一处修改，请刷新后再操作`, {
      details: { expectedVersion: previousVersion },
    });
  }
  statement(db, 'UPDATE case_states SET state = ? WHERE case_seq = ?').run(json, updated.seq);
}

export function loadCaseState(db: Db, caseId: string): CaseState | null {
  // Case ids are UUIDs made here in lower case; one sent in upper case is the same case.
  const row = statement(db, 'SELECT s.state FROM cases c JOIN case_states s ON s.case_seq = c.seq WHERE c.id = ?').get(caseId.toLowerCase()) as
    | { state: string }
    | undefined;
  return row ? fromStoredState(row.state) : null;
}

/**
 * A projection row read back as the fold would make it now. Rows written before a field existed
 * lack it, while the fold of their (unchanged) events fills it in: `checksumOverrides` as [] and
 * a deferral's `dueProvisional` as false (case-lifecycle.ts). Without the same defaults here,
 * fold(events) differs from the stored state of every older case, and the first deadline
 * recompute after an upgrade appends a `case.deadlineRecomputed` to each open case with 容缺
 * for a 暂定 mark that changed only from "absent" to false.
 */
function fromStoredState(json: string): CaseState {
  // Written by saveCaseProjection from a CaseState (older builds: the same shape, fewer fields).
  const state = JSON.parse(json) as CaseState;
  return {
    ...state,
    checksumOverrides: state.checksumOverrides ?? [],
    deferrals: state.deferrals.map((d) => ({ ...d, dueProvisional: (d.dueProvisional as boolean | undefined) ?? false })),
  };
}

/** States of cases by their seq, in the order asked for. */
export function loadCaseStatesBySeq(db: Db, seqs: readonly number[]): CaseState[] {
  if (seqs.length === 0) return [];
  const rows = db
    .prepare(`SELECT case_seq, state FROM case_states WHERE case_seq IN (${seqs.map(() => '?').join(', ')})`)
    .all(...seqs) as Array<{ case_seq: number; state: string }>;
  const bySeq = new Map(rows.map((r) => [r.case_seq, r.state]));
  return seqs.flatMap((seq) => {
    const json = bySeq.get(seq);
    return json === undefined ? [] : [fromStoredState(json)];
  });
}

/**
 * The case an earlier submit with this id made. Ids are UUIDs and compare case-insensitively;
 * they are stored in lower case (see recordIntakeRequest) so the lookup stays an index seek.
 */
export function findIntakeRequest(db: Db, clientRequestId: string): { caseId: string; argsHash: string } | null {
  const row = statement(db, 'SELECT case_id, args_hash FROM intake_requests WHERE client_request_id = ?').get(clientRequestId.toLowerCase()) as
    | { case_id: string; args_hash: string }
    | undefined;
  return row ? { caseId: row.case_id, argsHash: row.args_hash } : null;
}

export function recordIntakeRequest(db: Db, clientRequestId: string, caseId: string, argsHash: string): void {
  statement(db, 'INSERT INTO intake_requests (client_request_id, case_id, args_hash) VALUES (?, ?, ?)').run(clientRequestId.toLowerCase(), caseId, argsHash);
}

/** The stored events of a case, typed for the fold. */
export function loadCaseEvents(db: Db, caseId: string): Array<CaseEvent & { seq: number }> {
  return readStream(db, 'case', caseId).map(toCaseEvent);
}

export function toCaseEvent(e: StoredEvent): CaseEvent & { seq: number } {
  if (!isCaseEventType(e.type)) throw new Error(`unknown case event type ${e.type} (event ${e.id})`);
  // The payload was written by this module under the same type tag.
  return {
    seq: e.seq,
    id: e.id,
    type: e.type,
    occurredAt: e.occurredAt,
    staffId: e.staffId,
    hallCode: e.hallCode,
    windowNumber: e.windowNumber,
    payload: e.payload,
  } as CaseEvent & { seq: number };
}
