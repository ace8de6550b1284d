import { z } from 'zod';
import { boundedText, IsoInstant, Uuid } from './common';
import { decisionWords, type ItemType } from './item-types';

/**
 * The paper a window hands out (DOMAIN.md, Notices; issue 14). Thermal documents go to a
 * receipt or ticket printer as ESC/POS; A4 notices are HTML, previewed and printed through the
 * shell (Electron's webContents, or the browser's own print dialog).
 */
export const DOCUMENT_KINDS = [
  'acceptanceReceipt',
  'queueTicket',
  'testPage',
  'acceptanceNotice',
  'correctionNotice',
  'rejectionNotice',
  'refusalDecision',
  'completionNotice',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** What the UI calls each document. */
export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  acceptanceReceipt: '受理回执',
  queueTicket: '排队票',
  testPage: '测试页',
  acceptanceNotice: '受理通知书',
  correctionNotice: '补正材料通知书',
  rejectionNotice: '不予受理通知书',
  refusalDecision: '不予许可决定书',
  completionNotice: '办结通知书',
};

/**
 * The name a document of `kind` is issued under: a refusal decision is named by the type of the
 * item decided (不予给付决定书 for a 行政给付, 不予许可决定书 for a licence …), as its notice's
 * title is (decisionWords); every other kind by DOCUMENT_KIND_LABELS.
 */
export function documentLabel(kind: DocumentKind, itemType: ItemType | null | undefined): string {
  return kind === 'refusalDecision' ? decisionWords(itemType).refusalDocument : DOCUMENT_KIND_LABELS[kind];
}

/** Thermal documents (ESC/POS, 58 or 80 mm) and A4 notices (HTML). */
export const DOCUMENT_MEDIA = ['thermal', 'a4'] as const;
export type DocumentMedium = (typeof DOCUMENT_MEDIA)[number];

export const DOCUMENT_MEDIUM_OF: Record<DocumentKind, DocumentMedium> = {
  acceptanceReceipt: 'thermal',
  queueTicket: 'thermal',
  testPage: 'thermal',
  acceptanceNotice: 'a4',
  correctionNotice: 'a4',
  rejectionNotice: 'a4',
  refusalDecision: 'a4',
  completionNotice: 'a4',
};

/** The printers a window drives (config `devices.*`); A4 notices go through the shell instead. */
export const PRINTER_IDS = ['receiptPrinter', 'ticketPrinter'] as const;
export type PrinterId = (typeof PRINTER_IDS)[number];
export const PRINTER_LABELS: Record<PrinterId, string> = { receiptPrinter: '回执打印机', ticketPrinter: '排队票打印机' };

/**
 * A print job's life (a durable row, DESIGN.md "Data rules"):
 * - `queued`: stored with the act that caused it, about to be sent;
 * - `waiting`: the printer cannot take it now (paper out, cover open, offline: `reason` says
 *   which); it is sent once, by itself, when the printer is back;
 * - `sending`: bytes are going out;
 * - `printed`: the printer took every byte and reported no fault afterwards;
 * - `failed`: certainly not printed (nothing was sent, or the job was left over when the program
 *   stopped before sending): the clerk retries, reprints (补打) or discards (作废);
 * - `unknown`: some bytes went and then the connection dropped, timed out or the program was
 *   killed: it may or may not be on paper, is never sent again by itself, the clerk decides;
 * - `discarded`: 作废 by the clerk (or replaced by its 补打), with the reason.
 */
export const PRINT_JOB_STATES = ['queued', 'waiting', 'sending', 'printed', 'failed', 'unknown', 'discarded'] as const;
export type PrintJobState = (typeof PRINT_JOB_STATES)[number];
export const PRINT_JOB_STATE_LABELS: Record<PrintJobState, string> = {
  queued: '待打印',
  waiting: '等待打印机',
  sending: '正在打印',
  printed: '已打印',
  failed: '未打印',
  unknown: '打印结果不明',
  discarded: '已作废',
};
/** States that need the clerk's decision (补打 / 重新打印 / 作废). */
export const PRINT_JOB_ATTENTION_STATES: readonly PrintJobState[] = ['failed', 'unknown'];

export const PrintJobSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  documentKind: z.enum(DOCUMENT_KINDS),
  /** The document's name as issued (IssuedDocumentSummary.label): `受理回执`, `不予给付决定书` … */
  documentLabel: z.string(),
  /** The 文书编号 of a notice, the case number on a receipt, the ticket number; null on a test page. */
  documentTitle: z.string(),
  /**
   * Whether some job of this document ever began to send bytes (it is on paper, or may be): its
   * next copy is a 补打. False: the document was never printed, its next copy is the first
   * (`printing.print`, unmarked).
   */
  documentSent: z.boolean(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  printer: z.enum(PRINTER_IDS),
  state: z.enum(PRINT_JOB_STATES),
  /** Why it waits, failed, is unknown or was discarded, in words for the clerk; null otherwise. */
  reason: z.string().nullable(),
  /** Printed marked 补打 (a reprint of an issued document). */
  reprint: z.boolean(),
  /** The job this one reprints, if any. */
  reprintOf: z.string().nullable(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
  printedAt: IsoInstant.nullable(),
  /** Who caused it (the clerk who accepted the case, asked for the 补打 or the test page). */
  staffId: z.string().nullable(),
  attempts: z.number().int(),
});
export type PrintJob = z.infer<typeof PrintJobSchema>;

export const ListPrintJobsArgs = z
  .object({
    states: z.array(z.enum(PRINT_JOB_STATES)).max(PRINT_JOB_STATES.length).optional(),
    caseId: Uuid.optional(),
    printer: z.enum(PRINTER_IDS).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
/** Newest first. */
export const PrintJobListSchema = z.array(PrintJobSchema);

export const PrintJobRef = z.object({ jobId: Uuid }).strict();
export const DiscardPrintJobArgs = z
  .object({ jobId: Uuid, reason: boundedText(200).default('') })
  .strict();

/** An issued document as a list shows it (the content itself through `printing.document`). */
export const IssuedDocumentSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  /** Its name as issued (documentLabel): `不予给付决定书` for a 给付 item's refusal. */
  label: z.string(),
  medium: z.enum(DOCUMENT_MEDIA),
  /** 文书编号 (notices: unique per hall and year, made offline); null for receipts and tickets. */
  documentNumber: z.string().nullable(),
  caseId: z.string().nullable(),
  issuedAt: IsoInstant,
  staffId: z.string().nullable(),
  /** SHA-256 (hex) of the content as issued. */
  sha256: z.string(),
  /** How many times it was reprinted (补打). */
  reprints: z.number().int(),
  /**
   * Thermal: some job of it ever began to send bytes (printed, or may have been), so its next
   * copy is a 补打; false: never printed, its first copy is `printing.print` (unmarked). Always
   * true for A4 notices (printed by the shell, no jobs: a copy after issue is a 补打).
   */
  sent: z.boolean(),
  /** The latest print job of this document, if it has any (A4 notices printed by the shell have none). */
  lastJob: PrintJobSchema.nullable(),
});
export type IssuedDocumentSummary = z.infer<typeof IssuedDocumentSummarySchema>;

export const CaseDocumentsArgs = z.object({ caseId: Uuid }).strict();
export const IssuedDocumentListSchema = z.array(IssuedDocumentSummarySchema);

export const GetDocumentArgs = z
  .object({
    documentId: Uuid,
    /** Render it marked 补打 (the preview of a reprint). */
    reprint: z.boolean().default(false),
  })
  .strict();

/** A thermal paper line with its emphasis (text unpadded; `align` places it). */
export const PaperLineSchema = z.object({
  text: z.string(),
  align: z.enum(['left', 'center', 'right']),
  bold: z.boolean(),
  size: z.union([z.literal(1), z.literal(2)]),
});
export type PaperLine = z.infer<typeof PaperLineSchema>;

/**
 * An issued document to preview: A4 notices as a complete HTML page (self-contained: styles
 * inside, fonts by family name), thermal ones as the lines the printer gets, as text (a rare
 * character stays itself here; on paper it may be a raster glyph).
 */
export const IssuedDocumentSchema = IssuedDocumentSummarySchema.extend({
  html: z.string().nullable(),
  /** Thermal documents: each paper line as text, at the printer's width (null for A4). */
  lines: z.array(z.string()).nullable(),
  /** The paper width the lines were laid out for, in columns (32 at 58 mm, 48 at 80 mm). */
  columns: z.number().int().nullable(),
  /**
   * Thermal documents: the same lines with their emphasis, so a preview shows size 2 (double
   * width and height: the text takes twice its columns) and bold as on paper; null for A4.
   */
  paper: z.array(PaperLineSchema).nullable(),
});
export type IssuedDocument = z.infer<typeof IssuedDocumentSchema>;

/**
 * 补打: the document printed again exactly as issued, marked 补打, recorded on the case. A thermal
 * document gets a new print job (and the job it replaces, if it had failed or is unknown, is
 * discarded as replaced); an A4 notice's reprint is previewed and printed by the shell.
 */
export const ReprintArgs = z.object({ documentId: Uuid }).strict();
export const ReprintResultSchema = z.object({
  document: IssuedDocumentSummarySchema,
  /** The new print job (thermal), or null (A4: print the `printing.document` preview with reprint). */
  job: PrintJobSchema.nullable(),
});

/**
 * The first paper of a thermal document that was never printed (automatic printing was off, or
 * the receipt was issued before a receipt printer was set up, or its only job failed before any
 * byte went): an UNMARKED job, recorded on no case. Refused (`illegal_transition`) once a job of
 * it began to send (printed, or may have been: that is 补打, `printing.reprint`) and while a job
 * of it is still queued or waiting; `rule_violation` for an A4 notice.
 */
export const PrintDocumentArgs = z.object({ documentId: Uuid }).strict();

/**
 * An issued A4 notice printed by the desktop shell (Electron: Chromium's print to the configured
 * A4 printer, `printing.a4PrinterName`, without a dialog; the preview was shown first). `reprint`:
 * the 补打 copy, marked 补打 (record it with `printing.reprint`). The browser shell has no such
 * printing (`unavailable`): it prints the preview page with the browser's own dialog.
 */
export const PrintNoticeArgs = z
  .object({
    documentId: Uuid,
    reprint: z.boolean().default(false),
  })
  .strict();
export const PrintNoticeResultSchema = z.object({ printed: z.literal(true) });

/** 测试打印 from the 设置 page (administrator). */
export const TestPrintArgs = z.object({ printer: z.enum(PRINTER_IDS) }).strict();

/**
 * A printer's real-time state as `DLE EOT` reported it (ESC/POS, `DLE EOT n`, n = 1 printer, 2
 * offline cause, 4 roll paper sensor), or null where the transport gives none (a device file,
 * the OS print queue).
 */
export const PrinterConditionSchema = z.object({
  online: z.boolean(),
  coverOpen: z.boolean(),
  paper: z.enum(['ok', 'near_end', 'end']),
  /** An error the printer reports itself (cutter jam, unrecoverable, …), in words. */
  error: z.string().nullable(),
});
export type PrinterCondition = z.infer<typeof PrinterConditionSchema>;
