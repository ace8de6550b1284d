import {
  INTAKE_DRAFT_FORMAT,
  IntakeDraftSchema,
  type DraftDiscardReason,
  type IntakeDraftBody,
  type StoredIntakeDraft,
} from '../../contract/drafts';
import { findIntakeRequest } from '../cases/case-repository';
import type { Db } from '../storage/database';
import { statement } from '../storage/statements';

/**
 * Each clerk's half-filled intake form, in the `intake_drafts` table (migration 0004). Every
 * function takes the clerk's staff id from the signed-in session (the dispatcher's context),
 * never from the caller's arguments, so one clerk can neither read nor overwrite another's.
 * Nothing here logs a draft's content: it holds ID numbers and mobiles.
 */

interface DraftRow {
  format: number;
  body: string;
  updated_at: string;
}

/** Called when a stored draft is removed unread, with why (for a log line without its content). */
export type DiscardNotice = (reason: DraftDiscardReason) => void;

/**
 * The clerk's draft. A draft of another format, or one that is damaged or fails the schema, is
 * deleted and reported as `discarded` instead of being thrown at the page; a draft whose
 * clientRequestId was already submitted (the case exists: a crash came between the accept and
 * the page's own clean-up) is deleted and not reported, because nothing was lost.
 */
export function readDraft(db: Db, staffId: string, onDiscard: DiscardNotice = () => {}): StoredIntakeDraft {
  const row = statement(db, 'SELECT format, body, updated_at FROM intake_drafts WHERE staff_id = ?').get(staffId) as DraftRow | undefined;
  if (!row) return { draft: null, savedAt: null, discarded: null };
  const reason = unreadable(row);
  if (reason !== null) {
    deleteDraft(db, staffId);
    onDiscard(reason);
    return { draft: null, savedAt: null, discarded: reason };
  }
  const draft = IntakeDraftSchema.parse(JSON.parse(row.body));
  if (findIntakeRequest(db, draft.clientRequestId)) {
    deleteDraft(db, staffId);
    return { draft: null, savedAt: null, discarded: null };
  }
  return { draft, savedAt: row.updated_at, discarded: null };
}

function unreadable(row: DraftRow): DraftDiscardReason | null {
  if (row.format !== INTAKE_DRAFT_FORMAT) return 'outdated';
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.body);
  } catch {
    return 'unreadable';
  }
  return IntakeDraftSchema.safeParse(parsed).success && !Number.isNaN(Date.parse(row.updated_at)) ? null : 'unreadable';
}

/**
 * Replaces the clerk's draft. Refused (returns false, stores nothing) when the draft's
 * clientRequestId was already submitted: a save still on its way when the form was accepted
 * must not bring the accepted form back as a draft.
 * `at`: ISO instant (UTC) of the save.
 */
export function writeDraft(db: Db, staffId: string, windowNumber: number, draft: IntakeDraftBody, at: string): boolean {
  return db
    .transaction(() => {
      if (findIntakeRequest(db, draft.clientRequestId)) return false;
      statement(
        db,
        `INSERT INTO intake_drafts (staff_id, window_number, client_request_id, format, body, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (staff_id) DO UPDATE SET window_number = excluded.window_number, client_request_id = excluded.client_request_id,
           format = excluded.format, body = excluded.body, updated_at = excluded.updated_at`,
      ).run(staffId, windowNumber, draft.clientRequestId, INTAKE_DRAFT_FORMAT, JSON.stringify(draft), at);
      return true;
    })
    .immediate();
}

/** Removes the clerk's draft, whatever it holds; true when there was one. */
export function deleteDraft(db: Db, staffId: string): boolean {
  return statement(db, 'DELETE FROM intake_drafts WHERE staff_id = ?').run(staffId).changes > 0;
}

/**
 * Removes the clerk's draft if it is the form that became case `caseId` (its clientRequestId is
 * that case's intake request, case-repository.ts). Run in the accept's transaction, once the
 * intake request is recorded, so the case and the end of its draft commit together; a draft the
 * clerk has meanwhile started for the next applicant is left alone.
 */
export function deleteSubmittedDraft(db: Db, staffId: string, caseId: string): void {
  statement(
    db,
    `DELETE FROM intake_drafts WHERE staff_id = ? AND EXISTS (
       SELECT 1 FROM intake_requests r WHERE r.client_request_id = lower(intake_drafts.client_request_id) AND r.case_id = ?)`,
  ).run(staffId, caseId);
}
