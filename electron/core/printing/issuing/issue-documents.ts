import type { PrintingConfig } from '../../../contract/config';
import { DOCUMENT_KIND_LABELS } from '../../../contract/printing';
import type { CaseChange } from '../../assembly/capability-module';
import type { CaseEvent } from '../../cases/case-events';
import type { CaseState } from '../../cases/case-state';
import type { PrinterConfig } from '../../config/config-schema';
import { newId } from '../../ids/new-id';
import type { Db } from '../../storage/database';
import { staffNames } from '../../staff/staff-repository';
import { buildAcceptanceReceipt } from '../documents/acceptance-receipt';
import type { CaseDocumentInputs, IssuingStaff, IssuingWindow } from '../documents/document-inputs';
import { hallYear } from '../documents/hall-time';
import { insertPrintJob } from '../jobs/job-store';
import { formatDocumentNumber, isNoticeKind, type NoticeKind } from '../notices/document-number';
import { noticeTitle, renderNotice } from '../notices/render-notice';
import { printerProfile } from '../printer-profile';
import { insertDocument, takeDocumentSequence, type StoredDocument } from './document-store';
import { documentsIssuedBy } from './documents-for-events';
import { oweNotice } from './owed-notice-store';
import type { Logger } from '../../logging/logger';
import type { ThermalDocument } from '../thermal/thermal-document';

/** What issuing needs besides the case change: where, the settings in force, the catalog's fee words. */
export interface IssuingContext {
  window: IssuingWindow;
  /** The hall's IANA time zone. */
  timeZone: string;
  /** The settings in force now (live: 设置 may change them without a restart). */
  settings(): { printing: PrintingConfig; receiptPrinter: PrinterConfig | null };
  /**
   * The item's 收费 words from the catalog version the case was received under, or null when that
   * version is unknown. Catalog versions never change once stored, so a cache is safe.
   */
  feeDescription(itemCode: string, itemVersion: number): string | null;
  /** Where a receipt that could not be built is reported. */
  log: Logger;
}

/** The 受理回执 for a case change, or null (logged) when it cannot be built; see issueCaseDocuments. */
function receiptOrNull(ctx: IssuingContext, inputs: CaseDocumentInputs): ThermalDocument | null {
  try {
    return buildAcceptanceReceipt(inputs);
  } catch (err) {
    ctx.log.error('acceptance receipt cannot be built; case accepted without it', {
      caseId: inputs.case.id,
      caseNumber: inputs.case.caseNumber,
      error: err instanceof Error ? err.message : String(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
    return null;
  }
}

/**
 * What one case change issued in its transaction: the documents stored (the receipt), the
 * receipt's print job queued (if any), and how many A4 notices it owes (issued after the commit).
 */
export interface IssuedByChange {
  documents: StoredDocument[];
  jobIds: string[];
  noticesOwed: number;
}

function issuingStaff(db: Db, staffId: string | null): IssuingStaff | null {
  if (staffId === null) return null;
  const found = staffNames(db, [staffId]).get(staffId);
  return found ? { number: found.staffNumber, name: found.name } : null;
}

/**
 * Renders one A4 notice of `kind` for `event` from the case as it stood after `event`'s change,
 * takes its 文书编号 from its sequence and stores it (content + SHA-256). Runs inside the caller's
 * transaction (issue-owed-notices.ts issues owed notices in one of their own, right after the case
 * commit).
 * @throws Error when the notice cannot be built from the case (a bug, never a citizen's input).
 */
export function issueNotice(ctx: IssuingContext, db: Db, kind: NoticeKind, event: CaseEvent, state: CaseState): StoredDocument {
  const { printing } = ctx.settings();
  const year = hallYear(event.occurredAt, ctx.timeZone);
  const sequence = takeDocumentSequence(db, event.hallCode, event.windowNumber, kind, year);
  const documentNumber = formatDocumentNumber({ hallCode: event.hallCode, windowNumber: event.windowNumber, kind, year, sequence });
  const html = renderNotice(kind, {
    window: ctx.window,
    staff: issuingStaff(db, event.staffId),
    issuedAt: event.occurredAt,
    timeZone: ctx.timeZone,
    printing,
    case: state,
    feeDescription: ctx.feeDescription(state.item.code, state.item.version),
    documentNumber,
  });
  return insertDocument(db, {
    id: newId(),
    caseId: state.id,
    issuedAt: event.occurredAt,
    staffId: event.staffId,
    eventId: event.id,
    hallCode: event.hallCode,
    windowNumber: event.windowNumber,
    kind,
    title: documentNumber,
    label: noticeTitle(kind, state),
    documentNumber,
    content: html,
    profile: null,
  });
}

/**
 * Issues what a committed case change calls for (documentsIssuedBy), inside the case command's
 * transaction (an `inTransaction` subscriber):
 * - the 受理回执: built from the case after the change, stored with its SHA-256, and its print
 *   job queued when a receipt printer is configured and `printing.autoReceipt` is on — in the
 *   case's own transaction, so a crash after the commit leaves the job listed (issue 14). A
 *   thermal receipt is a courtesy paper that must never stop a citizen's case being accepted: one
 *   that cannot be built is logged (ctx.log) and not issued (the intake result says 回执无法生成);
 * - each A4 notice: only OWED here (issue-owed-notices.ts: one small row naming the event), and issued
 *   right after the commit in a transaction of its own, from the case as it stood after this
 *   change. Rendering a notice (≈ 7 KB of HTML, its number, its hash) inside the clerk's commit
 *   made every accept slower for a page no one prints in that millisecond; the owed row keeps the
 *   rule that the event issues its notice (issue 14) across a crash.
 * A throw rolls the case change back.
 */
export function issueCaseDocuments(ctx: IssuingContext, change: CaseChange, db: Db): IssuedByChange {
  const toIssue = documentsIssuedBy(change.events);
  if (toIssue.length === 0) return { documents: [], jobIds: [], noticesOwed: 0 };
  const { printing, receiptPrinter } = ctx.settings();
  const state = change.state;
  const documents: StoredDocument[] = [];
  const jobIds: string[] = [];
  let noticesOwed = 0;
  for (const { kind, event } of toIssue) {
    if (isNoticeKind(kind)) {
      oweNotice(db, { eventId: event.id, caseId: state.id, caseVersion: state.version });
      noticesOwed += 1;
      continue;
    }
    // Only the receipt is thermal among the documents a case event issues.
    const receipt = receiptOrNull(ctx, {
      window: ctx.window,
      staff: issuingStaff(db, event.staffId),
      issuedAt: event.occurredAt,
      timeZone: ctx.timeZone,
      printing,
      case: state,
      feeDescription: ctx.feeDescription(state.item.code, state.item.version),
      documentNumber: null,
    });
    if (receipt === null) continue;
    const profile = receiptPrinter ? printerProfile(receiptPrinter) : null;
    const stored = insertDocument(db, {
      id: newId(),
      caseId: state.id,
      issuedAt: event.occurredAt,
      staffId: event.staffId,
      eventId: event.id,
      hallCode: event.hallCode,
      windowNumber: event.windowNumber,
      kind,
      title: state.caseNumber,
      label: DOCUMENT_KIND_LABELS[kind],
      documentNumber: null,
      content: JSON.stringify(receipt),
      profile,
    });
    documents.push(stored);
    if (receiptPrinter && printing.autoReceipt) {
      const jobId = newId();
      insertPrintJob(db, {
        id: jobId,
        documentId: stored.id,
        caseId: state.id,
        printer: 'receiptPrinter',
        reprint: false,
        reprintOf: null,
        staffId: event.staffId,
        at: event.occurredAt,
      });
      jobIds.push(jobId);
    }
  }
  return { documents, jobIds, noticesOwed };
}
