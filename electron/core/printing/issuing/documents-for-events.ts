import type { DocumentKind } from '../../../contract/printing';
import type { CaseEvent } from '../../cases/case-events';

/** One document a committed case event issues. */
export interface DocumentToIssue {
  kind: DocumentKind;
  /** The event that issues it (recorded with the document). */
  event: CaseEvent;
}

/**
 * The documents a case change issues, in order (DOMAIN.md, Notices; issue 14: "a notice is
 * issued by the case event that needs it, not by a separate click that can be forgotten"):
 * - `case.accepted` → 受理回执 (thermal) and 受理通知书 (A4);
 * - `case.correctionRequested` → 补正材料通知书 (一次性告知);
 * - `case.rejected` → 不予受理通知书;
 * - `case.decided` refused → 不予许可决定书; approved → 办结通知书; the same for a back-office
 *   decision pulled down (`case.backOfficeDecided`, step `decided`).
 * Every other event issues nothing. Pure.
 */
export function documentsIssuedBy(events: readonly CaseEvent[]): DocumentToIssue[] {
  return events.flatMap((event): DocumentToIssue[] => {
    switch (event.type) {
      case 'case.accepted':
        return [
          { kind: 'acceptanceReceipt', event },
          { kind: 'acceptanceNotice', event },
        ];
      case 'case.correctionRequested':
        return [{ kind: 'correctionNotice', event }];
      case 'case.rejected':
        return [{ kind: 'rejectionNotice', event }];
      case 'case.decided':
        return [{ kind: event.payload.outcome === 'refused' ? 'refusalDecision' : 'completionNotice', event }];
      case 'case.backOfficeDecided':
        // A decision made in the back office (后台审批, issue 16) and pulled down issues what the
        // window's own decision would: the case's window hands it out (统一窗口出件).
        return event.payload.step === 'decided' ? [{ kind: event.payload.outcome === 'refused' ? 'refusalDecision' : 'completionNotice', event }] : [];
      default:
        return [];
    }
  });
}
