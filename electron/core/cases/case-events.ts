import type { Agent, Applicant } from '../../contract/applicant';
import type { DecisionOutcome, DeliveryMethod } from '../../contract/cases';
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
  };
  'case.accepted': {
    acceptanceDate: string;
    promisedDueDate: string;
    legalDueDate: string;
    promisedDueProvisional: boolean;
    legalDueProvisional: boolean;
    deferrals: Array<{ materialId: string; name: string; dueDate: string }>;
  };
  'case.correctionRequested': { items: CorrectionItem[]; note: string };
  'case.rejected': { reasonId: string | null; reason: string; legalBasis: string };
  'case.materialsSupplemented': { receipts: MaterialReceipt[] };
  'case.reviewStarted': Record<string, never>;
  'case.decided': { outcome: DecisionOutcome; reason: string; legalBasis: string };
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
  };
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
