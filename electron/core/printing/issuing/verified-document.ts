import { CounterError } from '../../../contract/errors';
import type { Logger } from '../../logging/logger';
import { contentHash, type StoredDocument } from './document-store';

/** What the clerk is told when a kept document no longer matches the hash taken when it was issued. */
export const DOCUMENT_HASH_MISMATCH_WORDS = '文书存档校验失败：存档内容与签发时的校验值不符，不能预览或补打，请联系技术人员（详见日志）';

/**
 * The stored document, checked against the SHA-256 taken when it was issued (issue 14: "what
 * was issued is kept" — a preview or 补打 must reproduce exactly that, so a row changed since,
 * by hand or by damage, is refused rather than handed out as if it were the issued document).
 * @throws CounterError `internal` (words DOCUMENT_HASH_MISMATCH_WORDS) on a mismatch, after an error log line.
 */
export function verifiedDocument(doc: StoredDocument, log: Logger): StoredDocument {
  const actual = contentHash(doc.content);
  if (actual === doc.sha256) return doc;
  log.error('issued document fails its hash check', { documentId: doc.id, kind: doc.kind, caseId: doc.caseId, stored: doc.sha256, actual });
  throw new CounterError('internal', DOCUMENT_HASH_MISMATCH_WORDS, { details: { documentId: doc.id } });
}
