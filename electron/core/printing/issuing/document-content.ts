import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * How an issued document's content is kept in its row (migration 0011): the UTF-8 bytes
 * compressed with raw DEFLATE (RFC 1951, level 1; any level reads back alike). Documents are written inside the
 * clerk's accept transaction, where every 4 KiB page is a WAL frame to fsync: compressed, an
 * accept's receipt and notice fit in one page instead of two.
 */
export function packContent(text: string): Buffer {
  // Level 1: the documents are small and repetitive (receipt layouts, notice HTML), so the
  // fastest level keeps nearly all of the default's saving at about a third of its time, and
  // the receipt is packed inside the clerk's accept transaction.
  return deflateRawSync(Buffer.from(text, 'utf8'), { level: 1 });
}

/**
 * The text of a stored content: a BLOB is packContent's bytes, TEXT is a row from before
 * migration 0011, as it was written.
 * @throws Error (zlib's) when a BLOB is not valid DEFLATE data: a damaged row (its hash check would fail too).
 */
export function unpackContent(stored: string | Buffer): string {
  return typeof stored === 'string' ? stored : inflateRawSync(stored).toString('utf8');
}
