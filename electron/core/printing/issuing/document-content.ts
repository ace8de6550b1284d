import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * How an issued document's content is kept in its row (migration 0011): the UTF-8 bytes
 * compressed with raw DEFLATE (RFC 1951, zlib's default level). Documents are written inside the
 * clerk's accept transaction, where every 4 KiB page is a WAL frame to fsync: compressed, an
 * accept's receipt and notice fit in one page instead of two.
 */
export function packContent(text: string): Buffer {
  return deflateRawSync(Buffer.from(text, 'utf8'));
}

/**
 * The text of a stored content: a BLOB is packContent's bytes, TEXT is a row from before
 * migration 0011, as it was written.
 * @throws Error (zlib's) when a BLOB is not valid DEFLATE data: a damaged row (its hash check would fail too).
 */
export function unpackContent(stored: string | Buffer): string {
  return typeof stored === 'string' ? stored : inflateRawSync(stored).toString('utf8');
}
