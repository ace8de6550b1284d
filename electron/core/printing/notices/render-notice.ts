import { DOCUMENT_KIND_LABELS } from '../../../contract/printing';
import type { CaseState } from '../../cases/case-state';
import type { CaseDocumentInputs } from '../documents/document-inputs';
import { acceptanceNotice } from './acceptance-notice';
import { completionNotice } from './completion-notice';
import { correctionNotice } from './correction-notice';
import type { NoticeKind } from './document-number';
import type { NoticeContent } from './notice-content';
import { noticePage } from './notice-layout';
import { issuedByLine, noticeDate } from './notice-parts';
import { refusalDecision, refusalDecisionTitle } from './refusal-decision';
import { rejectionNotice } from './rejection-notice';

const TEMPLATES: Record<NoticeKind, (inputs: CaseDocumentInputs) => NoticeContent> = {
  acceptanceNotice,
  correctionNotice,
  rejectionNotice,
  refusalDecision,
  completionNotice,
};

/** Notices the applicant signs for: the remedy periods and the 5-day rule of Art. 32 run from their receipt. */
const SIGNED_FOR: ReadonlySet<NoticeKind> = new Set(['correctionNotice', 'rejectionNotice', 'refusalDecision']);

/**
 * A notice as a complete, self-contained HTML page for A4 (DOMAIN.md Notices; issue 14): the
 * hall as issuer, the title, the 文书编号, the case's facts (numbers masked), the body of the
 * notice, the hall's date and the place for the seal. Every value is HTML-escaped. What is
 * stored as issued is this string; a 补打 marks it (markNoticeReprint), never re-renders it.
 *
 * Throws an Error when `inputs.documentNumber` is null or the case lacks what the notice states
 * (see canRenderNotice): the caller's bug, not the clerk's.
 */
export function renderNotice(kind: NoticeKind, inputs: CaseDocumentInputs): string {
  if (inputs.documentNumber === null || inputs.documentNumber.length === 0) {
    throw new Error(`${DOCUMENT_KIND_LABELS[kind]}缺少文书编号`);
  }
  const content = TEMPLATES[kind](inputs);
  return noticePage({
    issuer: inputs.window.hallName,
    title: content.title,
    documentNumber: inputs.documentNumber,
    facts: content.facts,
    addressee: inputs.case.applicant.name,
    body: content.body,
    closing: content.closing,
    date: noticeDate(inputs),
    issuedBy: issuedByLine(inputs),
    receiptLine: SIGNED_FOR.has(kind),
  });
}

/** The title a notice of `kind` carries for this case (the refusal's follows the item type). */
export function noticeTitle(kind: NoticeKind, state: CaseState): string {
  return kind === 'refusalDecision' ? refusalDecisionTitle(state) : DOCUMENT_KIND_LABELS[kind];
}

/** Whether the case holds what a notice of `kind` states (renderNotice throws otherwise). */
export function canRenderNotice(kind: NoticeKind, state: CaseState): boolean {
  switch (kind) {
    case 'acceptanceNotice':
      return state.acceptedAt !== null && state.acceptanceDate !== null && state.promisedDueDate !== null;
    case 'correctionNotice':
      return state.correction !== null && state.correction.items.length > 0;
    case 'rejectionNotice':
      return state.rejection !== null;
    case 'refusalDecision':
      return state.decision?.outcome === 'refused';
    case 'completionNotice':
      return state.decision !== null;
  }
}
