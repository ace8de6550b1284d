import { createHash } from 'node:crypto';
import { CounterError } from '../../../contract/errors';
import { DOCUMENT_KINDS, DOCUMENT_MEDIUM_OF, type DocumentKind, type DocumentMedium } from '../../../contract/printing';
import type { Db } from '../../storage/database';
import { statement } from '../../storage/statements';
import type { PrinterProfile } from '../printer-profile';
import { parseStoredProfile } from '../thermal/thermal-document-schema';
import { packContent, unpackContent } from './document-content';
import { joinStylesheet, splitStylesheet } from './stylesheet-split';

/** A document as issued: its content exactly as handed out (ThermalDocument JSON or A4 HTML). */
export interface StoredDocument {
  id: string;
  caseId: string | null;
  kind: DocumentKind;
  medium: DocumentMedium;
  /** What lists show: the case number on a receipt, the 文书编号 of a notice, `测试页`. */
  title: string;
  /**
   * Its name as issued: a notice's own page title (noticeTitle: 不予给付决定书 for a 行政给付
   * item's refusal …), a thermal document's kind label (受理回执, 测试页 …).
   */
  label: string;
  documentNumber: string | null;
  content: string;
  /** SHA-256 of `content` (UTF-8), hex. */
  sha256: string;
  /** The thermal profile it was laid out for; null for A4. */
  profile: PrinterProfile | null;
  issuedAt: string;
  staffId: string | null;
  /** The case event whose commit issued it. */
  eventId: string | null;
  hallCode: string;
  windowNumber: number;
}

/** SHA-256 (hex) of a document's content as UTF-8. */
export function contentHash(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/**
 * The stylesheet's row id in document_stylesheets, stored there the first time it is seen
 * (append-only: a stylesheet once used by an issued notice never changes or goes).
 */
function stylesheetId(db: Db, css: string): number {
  const sha256 = contentHash(css);
  statement(db, 'INSERT INTO document_stylesheets (sha256, css) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING').run(sha256, css);
  return statement(db, 'SELECT id FROM document_stylesheets WHERE sha256 = ?').pluck().get(sha256) as number;
}

/**
 * Stores an issued document (inside the caller's transaction when there is one). An A4 notice's
 * stylesheet is kept once in document_stylesheets and its row holds the rest (migration 0011);
 * `content` and `sha256` of what is returned, and of what loadDocument gives back, are the whole
 * document as issued.
 */
export function insertDocument(db: Db, doc: Omit<StoredDocument, 'sha256' | 'medium'>): StoredDocument {
  const stored: StoredDocument = { ...doc, medium: DOCUMENT_MEDIUM_OF[doc.kind], sha256: contentHash(doc.content) };
  const split = stored.medium === 'a4' ? splitStylesheet(stored.content) : null;
  statement(
    db,
    `INSERT INTO issued_documents (id, case_id, kind, medium, title, label, document_number, content, sha256, profile, issued_at, staff_id, event_id, hall_code, window_number, stylesheet)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    stored.id,
    stored.caseId,
    stored.kind,
    stored.medium,
    stored.title,
    stored.label,
    stored.documentNumber,
    packContent(split ? split.rest : stored.content),
    stored.sha256,
    stored.profile ? JSON.stringify(stored.profile) : null,
    stored.issuedAt,
    stored.staffId,
    stored.eventId,
    stored.hallCode,
    stored.windowNumber,
    split ? stylesheetId(db, split.css) : null,
  );
  return stored;
}

interface DocumentRow {
  id: string;
  case_id: string | null;
  kind: string;
  medium: string;
  title: string;
  label: string;
  document_number: string | null;
  /** TEXT (rows from before migration 0011) or the packed bytes (packContent). */
  content: string | Buffer;
  sha256: string;
  profile: string | null;
  issued_at: string;
  staff_id: string | null;
  event_id: string | null;
  hall_code: string;
  window_number: number;
  /** The stylesheet taken out of an A4 notice's content (joined back in SELECT_DOCUMENT), or null. */
  css: string | null;
}

/** A document row with its stylesheet, to be joined back into its content. */
const SELECT_DOCUMENT = `SELECT d.*, s.css AS css FROM issued_documents d LEFT JOIN document_stylesheets s ON s.id = d.stylesheet`;

/** What the clerk is told when a kept document's bytes cannot even be read back. */
export const DOCUMENT_UNREADABLE_WORDS = '文书存档已损坏，无法读出，不能预览或补打，请联系技术人员';

/**
 * The document as issued from its row: unpacked, its stylesheet put back.
 * @throws CounterError `internal` (DOCUMENT_UNREADABLE_WORDS, zlib's words in details) for bytes that are not what packContent wrote.
 */
function contentOf(row: DocumentRow): string {
  try {
    const text = unpackContent(row.content);
    return row.css === null ? text : joinStylesheet(text, row.css);
  } catch (err) {
    throw new CounterError('internal', DOCUMENT_UNREADABLE_WORDS, { details: { documentId: row.id, error: err instanceof Error ? err.message : String(err) } });
  }
}

function toDocument(row: DocumentRow): StoredDocument {
  if (!(DOCUMENT_KINDS as readonly string[]).includes(row.kind)) throw new Error(`stored document has an unknown kind: ${row.kind}`);
  const kind = row.kind as DocumentKind;
  return {
    id: row.id,
    caseId: row.case_id,
    kind,
    medium: DOCUMENT_MEDIUM_OF[kind],
    title: row.title,
    label: row.label,
    documentNumber: row.document_number,
    content: contentOf(row),
    sha256: row.sha256,
    // Read back through its schema: a damaged row is a CounterError `internal` with words, not a crash.
    profile: parseStoredProfile(row.id, row.profile),
    issuedAt: row.issued_at,
    staffId: row.staff_id,
    eventId: row.event_id,
    hallCode: row.hall_code,
    windowNumber: row.window_number,
  };
}

/** One issued document, or null. */
export function loadDocument(db: Db, id: string): StoredDocument | null {
  const row = statement(db, `${SELECT_DOCUMENT} WHERE d.id = ?`).get(id) as DocumentRow | undefined;
  return row ? toDocument(row) : null;
}

/** A case's documents in the order issued. */
export function caseDocuments(db: Db, caseId: string): StoredDocument[] {
  return (statement(db, `${SELECT_DOCUMENT} WHERE d.case_id = ? ORDER BY d.seq`).all(caseId) as DocumentRow[]).map(toDocument);
}

/** How many times a case's document was reprinted (补打), from the case's own events (its stream index). */
export function reprintCount(db: Db, caseId: string | null, documentId: string): number {
  if (caseId === null) return 0;
  return statement(
    db,
    `SELECT count(*) FROM events WHERE stream_type = 'case' AND stream_id = ? AND type = 'case.documentReprinted'
       AND json_extract(payload, '$.documentId') = ?`,
  )
    .pluck()
    .get(caseId, documentId) as number;
}

/**
 * The next 文书编号 sequence of (hall, window, kind, year), bumped in the caller's transaction:
 * a number is used at most once, even across crashes (the bump commits with the notice).
 */
export function takeDocumentSequence(db: Db, hallCode: string, windowNumber: number, kind: DocumentKind, year: number): number {
  return statement(
    db,
    `INSERT INTO document_number_sequences (hall_code, window_number, kind, year, last_seq) VALUES (?, ?, ?, ?, 1)
     ON CONFLICT (hall_code, window_number, kind, year) DO UPDATE SET last_seq = last_seq + 1
     RETURNING last_seq`,
  )
    .pluck()
    .get(hallCode, windowNumber, kind, year) as number;
}
