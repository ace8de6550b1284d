import type { Agent, Applicant } from '../../contract/applicant';
import type { ChecksumOverride } from '../../contract/checksum-overrides';
import type { CaseTicket, DecisionOutcome, DeliveryMethod } from '../../contract/cases';
import type { ItemType } from '../../contract/item-types';
import type { DocumentKind } from '../../contract/printing';
import type { MaterialReceipt } from '../../contract/rules/material-assessment';
import type { CorrectionItem, ItemSnapshot } from './case-state';

/** The payload of each kind of event in a case's stream. Stored as JSON, pushed upstream as is. */
export interface CaseEventPayloads {
  'case.received': {
    caseNumber: string;
    receivedDate: string;
    item: ItemSnapshot;
    applicant: Applicant;
    agent: Agent | null;
    receipts: MaterialReceipt[];
    /**
     * Numbers accepted although their check character is wrong, each confirmed by the clerk
     * against the original document. Absent in events stored before such overrides existed.
     */
    checksumOverrides?: ChecksumOverride[];
  };
  'case.accepted': {
    acceptanceDate: string;
    promisedDueDate: string;
    legalDueDate: string;
    promisedDueProvisional: boolean;
    legalDueProvisional: boolean;
    /**
     * `dueProvisional`: the due date touched a provisional year when it was set (暂定). Absent
     * from events stored before the mark was recorded (read as false until the next recompute).
     */
    deferrals: Array<{ materialId: string; name: string; dueDate: string; dueProvisional?: boolean }>;
    /**
     * The hall-queue ticket at this window's counter when the case was accepted (issue 17 §3):
     * the citizen called in is the applicant served. Absent when no ticket was held (no queue
     * here, none called) and from events stored before the link was recorded. The upstream stores
     * payloads as they are (SyncEventSchema: a record), and its readers take loose objects.
     */
    ticket?: CaseTicket;
  };
  'case.correctionRequested': { items: CorrectionItem[]; note: string };
  'case.rejected': { reasonId: string | null; reason: string; legalBasis: string };
  'case.materialsSupplemented': { receipts: MaterialReceipt[] };
  'case.reviewStarted': Record<string, never>;
  /**
   * `outcome` is type-neutral; `itemType` says what it was called (approved on a licence is
   * 准予许可, on a 给付 item 准予给付, see decisionWords). Absent from events stored before it
   * was recorded; null when the type could not be known.
   */
  'case.decided': { outcome: DecisionOutcome; itemType?: ItemType | null; reason: string; legalBasis: string };
  'case.delivered': { method: DeliveryMethod; recipientName: string; address: string; trackingNumber: string };
  'case.withdrawn': { reason: string };
  'case.terminated': { reason: string };
  /** The calendar changed under an open case (an official schedule replaced a provisional year). */
  'case.deadlineRecomputed': {
    promisedDueDate: string;
    legalDueDate: string;
    promisedDueProvisional: boolean;
    legalDueProvisional: boolean;
    previous: {
      promisedDueDate: string | null;
      legalDueDate: string | null;
      promisedDueProvisional: boolean;
      legalDueProvisional: boolean;
    };
    calendarYears: number[];
    /**
     * The 暂定 mark of each deferred material's due date under the new calendar (the dates
     * themselves were agreed with the applicant and do not move). Absent from events stored
     * before deferrals carried the mark.
     */
    deferrals?: Array<{ materialId: string; dueProvisional: boolean }>;
  };
  /**
   * 补打: an issued document printed (or previewed for printing) again, marked 补打 (issue 14).
   * Changes nothing but the case's version; recorded so the case's history shows every copy
   * handed out. `jobId`: the new thermal print job, null for an A4 notice printed by the shell.
   */
  'case.documentReprinted': {
    documentId: string;
    documentKind: DocumentKind;
    /** Its name as issued (不予给付决定书 …); absent from events stored before names were kept. */
    documentLabel?: string;
    documentNumber: string | null;
    jobId: string | null;
  };
  /**
   * What the back office did with the case (issue 16: 后台分类审批, 统一窗口出件), pulled from the
   * upstream as a `case.backOfficeDecision` change and recorded by the system (no staff). `changeId`
   * is the server's change id (a second copy of the same change is never applied twice);
   * `decidedAt` the back office's instant, `decidedBy` the department (and officer) it names.
   */
  'case.backOfficeDecided': BackOfficeDecidedPayload;
  /**
   * A back-office step pulled from the upstream that this window could not record (issue 16
   * review, finding 7): the officer decided on the upstream's copy of the case, which lags the
   * window's (the case was withdrawn here while offline …). Changes nothing but the version; goes
   * up like every event, so the back office shows the step as not recorded, with `reason` (the
   * window's words, e.g. 办件当前状态为“已撤回”，不能记录后台决定), instead of waiting for it forever.
   * `changeId`, `step`, `decidedAt`, `decidedBy`: the change as pulled.
   */
  'case.backOfficeDecisionNotRecorded': BackOfficeDecisionNotRecordedPayload;
}

/** The step the back office took, in the words of the sync contract (contract/sync/pull.ts). */
export type BackOfficeStep =
  | { step: 'reviewStarted' }
  | {
      step: 'decided';
      outcome: DecisionOutcome;
      /** The item type the decision's words follow (as `case.decided` records it); null when unknown. */
      itemType: ItemType | null;
      reason: string;
      legalBasis: string;
    }
  | { step: 'readyForPickup' };

export type BackOfficeDecidedPayload = BackOfficeStep & { changeId: string; decidedAt: string; decidedBy: string };

export interface BackOfficeDecisionNotRecordedPayload {
  changeId: string;
  step: BackOfficeStep['step'];
  decidedAt: string;
  decidedBy: string;
  reason: string;
}

export type CaseEventType = keyof CaseEventPayloads;

export const CASE_EVENT_TYPES = [
  'case.received',
  'case.accepted',
  'case.correctionRequested',
  'case.rejected',
  'case.materialsSupplemented',
  'case.reviewStarted',
  'case.decided',
  'case.delivered',
  'case.withdrawn',
  'case.terminated',
  'case.deadlineRecomputed',
  'case.documentReprinted',
  'case.backOfficeDecided',
  'case.backOfficeDecisionNotRecorded',
] as const satisfies readonly CaseEventType[];

/** One event of a case as the fold sees it. */
export type CaseEvent = {
  [T in CaseEventType]: {
    type: T;
    id: string;
    occurredAt: string;
    staffId: string | null;
    hallCode: string;
    windowNumber: number;
    payload: CaseEventPayloads[T];
  };
}[CaseEventType];

export function isCaseEventType(type: string): type is CaseEventType {
  return (CASE_EVENT_TYPES as readonly string[]).includes(type);
}
