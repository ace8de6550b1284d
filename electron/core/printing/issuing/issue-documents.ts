import type { PrintingConfig } from '../../../contract/config';
import { DOCUMENT_KIND_LABELS } from '../../../contract/printing';
import type { CaseChange } from '../../assembly/capability-module';
import type { PrinterConfig } from '../../config/config-schema';
import { newId } from '../../ids/new-id';
import type { Db } from '../../storage/database';
import { staffNames } from '../../staff/staff-repository';
import { buildAcceptanceReceipt } from '../documents/acceptance-receipt';
import type { CaseDocumentInputs, IssuingStaff, IssuingWindow } from '../documents/document-inputs';
import { hallYear } from '../documents/hall-time';
import { insertPrintJob } from '../jobs/job-store';
import { formatDocumentNumber, isNoticeKind } from '../notices/document-number';
import { noticeTitle, renderNotice } from '../notices/render-notice';
import { printerProfile } from '../printer-profile';
import { insertDocument, takeDocumentSequence, type StoredDocument } from './document-store';
import { documentsIssuedBy } from './documents-for-events';
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

/** What one case change issued: the documents stored, and the receipt's print job queued (if any). */
export interface IssuedByChange {
  documents: StoredDocument[];
  jobIds: string[];
}

function issuingStaff(db: Db, staffId: string | null): IssuingStaff | null {
  if (staffId === null) return null;
  const found = staffNames(db, [staffId]).get(staffId);
  return found ? { number: found.staffNumber, name: found.name } : null;
}

/**
 * Issues the documents a committed case change calls for (documentsIssuedBy), inside the case
 * command's transaction (an `inTransaction` subscriber): each document's content built from the
 * case after the change, stored with its SHA-256, a notice's 文书编号 taken from its sequence in
 * the same transaction, and the 受理回执's print job queued when a receipt printer is configured
 * and `printing.autoReceipt` is on. A throw rolls the case change back (nothing issued, nothing
 * printed for a case that did not commit): D's builders throw only on a case that lacks what the
 * document states, which is a bug, never a citizen's input.
 *
 * Except the 受理回执: a notice is part of the act (an acceptance without its 受理通知书 is
 * defective, so it rolls back), but a thermal receipt is a courtesy paper that must never stop a
 * citizen's case being accepted. A receipt that cannot be built is logged (ctx.log) and not
 * issued: no document, no job; the intake result says 回执无法生成 where a receipt is missing.
 */
export function issueCaseDocuments(ctx: IssuingContext, change: CaseChange, db: Db): IssuedByChange {
  const toIssue = documentsIssuedBy(change.events);
  if (toIssue.length === 0) return { documents: [], jobIds: [] };
  const { printing, receiptPrinter } = ctx.settings();
  const state = change.state;
  const documents: StoredDocument[] = [];
  const jobIds: string[] = [];
  for (const { kind, event } of toIssue) {
    const base: CaseDocumentInputs = {
      window: ctx.window,
      staff: issuingStaff(db, event.staffId),
      issuedAt: event.occurredAt,
      timeZone: ctx.timeZone,
      printing,
      case: state,
      feeDescription: ctx.feeDescription(state.item.code, state.item.version),
      documentNumber: null,
    };
    const common = {
      id: newId(),
      caseId: state.id,
      issuedAt: event.occurredAt,
      staffId: event.staffId,
      eventId: event.id,
      hallCode: event.hallCode,
      windowNumber: event.windowNumber,
    };
    if (isNoticeKind(kind)) {
      const year = hallYear(event.occurredAt, ctx.timeZone);
      const sequence = takeDocumentSequence(db, event.hallCode, event.windowNumber, kind, year);
      const documentNumber = formatDocumentNumber({ hallCode: event.hallCode, windowNumber: event.windowNumber, kind, year, sequence });
      const html = renderNotice(kind, { ...base, documentNumber });
      documents.push(insertDocument(db, { ...common, kind, title: documentNumber, label: noticeTitle(kind, state), documentNumber, content: html, profile: null }));
      continue;
    }
    // Only the receipt is thermal among the documents a case event issues.
    const receipt = receiptOrNull(ctx, base);
    if (receipt === null) continue;
    const profile = receiptPrinter ? printerProfile(receiptPrinter) : null;
    const stored = insertDocument(db, { ...common, kind, title: state.caseNumber, label: DOCUMENT_KIND_LABELS[kind], documentNumber: null, content: JSON.stringify(receipt), profile });
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
  return { documents, jobIds };
}
