import type { PrintingConfig } from '../../../contract/config';
import type { TicketQueueMode } from '../../../contract/queue';
import type { CaseState } from '../../cases/case-state';

/** The hall and window a document is issued at. */
export interface IssuingWindow {
  hallCode: string;
  hallName: string;
  /** The hall's 统一社会信用代码, if the settings give it. */
  hallCreditCode: string | null;
  windowNumber: number;
  windowName: string;
}

/** The staff member issuing it (the clerk on duty). */
export interface IssuingStaff {
  number: string;
  name: string;
}

/** What every document is built from besides its own subject. */
export interface DocumentInputs {
  window: IssuingWindow;
  staff: IssuingStaff | null;
  /** When it is issued (ISO 8601, UTC); shown in the hall's time zone. */
  issuedAt: string;
  /** The hall's IANA time zone (config `timeZone`). */
  timeZone: string;
  printing: PrintingConfig;
}

/** A document about a case (receipt, notices). */
export interface CaseDocumentInputs extends DocumentInputs {
  case: CaseState;
  /** The item's 收费 words from the catalog version the case was received under (`不收费`), or null. */
  feeDescription: string | null;
  /** The notice's 文书编号 (A4 notices); null for a receipt. */
  documentNumber: string | null;
}

/** A queue ticket's facts (the dispenser comes with the queue issue). */
export interface QueueTicketInputs extends DocumentInputs {
  ticketNumber: string;
  categoryName: string;
  peopleAhead: number;
  /** Estimated wait in whole minutes as the estimate gives it (printed as it is), or null when unknown. */
  estimatedWaitMinutes: number | null;
  /**
   * The queue's mode and its words at the issue: with the hall's server set up but away
   * (ticketHallAway) the paper says so instead of the count; a PC with no server prints its own.
   */
  queueMode: TicketQueueMode;
  /** The QR's ASCII payload: the ticket's hall, service day and number (QT:JQ:2026-12-01:A001), a 号票凭证, not an address. */
  qrPayload: string;
}

/** The 测试打印 page's facts. */
export interface TestPageInputs extends DocumentInputs {
  printerLabel: string;
  endpoint: string;
  /** The printer's state in words as last read (`正常`, `纸将尽` …), or `无法读取状态（…）`. */
  conditionWords: string;
  paperWidthMm: 58 | 80;
  encoding: 'gbk' | 'gb18030';
  /** Rare characters drawn from the app's own fonts (one per range it ships). */
  rareCharacters: string[];
}
