import type { Agent, Applicant } from '../../contract/applicant';
import type { ChecksumOverride } from '../../contract/checksum-overrides';
import type { CaseStatus, DecisionOutcome, DeliveryMethod } from '../../contract/cases';
import type { CaseType, Material } from '../../contract/catalog';
import type { ItemType } from '../../contract/item-types';
import type { MaterialReceipt } from '../../contract/rules/material-assessment';

/** What a case keeps of its item: the rules it was received under, whatever the catalog says later. */
export interface ItemSnapshot {
  code: string;
  version: number;
  name: string;
  department: string;
  /**
   * 事项类型: the words of the case's decision follow it. Absent from snapshots stored before
   * items carried a type; for those, caseItemType reads it from the catalog row the case points at.
   */
  itemType?: ItemType;
  caseType: CaseType;
  legalDays: number;
  promisedDays: number;
  materials: Material[];
}

export interface Deferral {
  materialId: string;
  name: string;
  dueDate: string;
  /** The due date touches a year whose schedule is unpublished (暂定); kept current by recomputes. */
  dueProvisional: boolean;
  supplementedAt: string | null;
}

export interface CorrectionItem {
  materialId: string | null;
  name: string;
  instruction: string;
}

/** A case's current state: nothing but the fold of its events (see case-lifecycle.ts). */
export interface CaseState {
  id: string;
  caseNumber: string;
  hallCode: string;
  windowNumber: number;
  receivedBy: string;
  receivedAt: string;
  receivedDate: string;
  item: ItemSnapshot;
  applicant: Applicant;
  agent: Agent | null;
  /** Numbers accepted on the clerk's confirmation despite a wrong check character; absent in states stored before. */
  checksumOverrides?: ChecksumOverride[];
  receipts: MaterialReceipt[];
  status: CaseStatus;
  acceptedAt: string | null;
  acceptanceDate: string | null;
  promisedDueDate: string | null;
  legalDueDate: string | null;
  /** Each deadline depends on a year whose schedule is unpublished (暂定), and is recomputed when it is. */
  promisedDueProvisional: boolean;
  legalDueProvisional: boolean;
  deferrals: Deferral[];
  correction: { items: CorrectionItem[]; note: string; requestedAt: string } | null;
  rejection: { reasonId: string | null; reason: string; legalBasis: string; rejectedAt: string } | null;
  decision: {
    outcome: DecisionOutcome;
    /** The item type the decision was made under (absent: decided before decisions recorded it). */
    itemType?: ItemType | null;
    reason: string;
    legalBasis: string;
    decidedAt: string;
    /** Who decided, when the back office did (case.backOfficeDecided); absent for a window's decision. */
    decidedBy?: string;
  } | null;
  /**
   * 待领取: the back office said the result is ready for the applicant to collect at the window
   * (case.backOfficeDecided, step readyForPickup). Absent or null until it does.
   */
  readyForPickup?: { at: string; by: string } | null;
  delivery: {
    method: DeliveryMethod;
    recipientName: string;
    address: string;
    trackingNumber: string;
    deliveredAt: string;
  } | null;
  closedAt: string | null;
  closeReason: string | null;
  /** Number of events folded; equals the stream version of the last one. */
  version: number;
}
