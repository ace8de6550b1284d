import iconv from 'iconv-lite';

/** The Chinese font a thermal printer carries (config `printers[].encoding`). */
export type PrinterEncoding = 'gbk' | 'gb18030';

/**
 * The bytes of one character in the printer's resident font in `FS &` Chinese mode, or null when
 * the font does not draw it.
 *
 * What counts as "in the font":
 * - printable ASCII (0x20–0x7E), one byte, one column of Font A;
 * - a 2-byte GBK / GB18030 sequence (lead 0x81–0xFE), two columns — but not the user-defined
 *   areas (they map Unicode's Private Use Area; a printer draws whatever its vendor put there);
 * - nothing else: a 4-byte GB18030 sequence (𠮷 U+20BB7, Ext. A such as 㐂) is not in any
 *   printer's resident font, even on a printer configured `gb18030` (its font is the 2-byte
 *   part); a single byte ≥ 0x80 (iconv-lite's cp936 puts € at 0x80) is not a Chinese-mode
 *   character at all; control characters would be read as commands.
 *
 * iconv-lite answers `?` for a character it cannot encode, so the result is decoded back and
 * compared: only a faithful round trip counts.
 */
export function encodeInPrinterFont(char: string, encoding: PrinterEncoding): Uint8Array | null {
  // Receipts repeat the same few hundred characters; iconv-lite per character is the slow part.
  const cache = CACHES[encoding];
  const known = cache.get(char);
  if (known !== undefined) return known;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const bytes = encodeUncached(char, encoding);
  cache.set(char, bytes);
  return bytes;
}

const CACHE_LIMIT = 20_000;
const CACHES: Record<PrinterEncoding, Map<string, Uint8Array | null>> = { gbk: new Map(), gb18030: new Map() };

function encodeUncached(char: string, encoding: PrinterEncoding): Uint8Array | null {
  const code = char.codePointAt(0);
  if (code === undefined || String.fromCodePoint(code) !== char) return null;
  if (code < 0x80) return code >= 0x20 && code < 0x7f ? Uint8Array.of(code) : null;
  if (code >= 0xe000 && code <= 0xf8ff) return null;
  const bytes = iconv.encode(char, encoding);
  if (bytes.length !== 2 || (bytes[0] ?? 0) < 0x81) return null;
  if (iconv.decode(bytes, encoding) !== char) return null;
  return new Uint8Array(bytes);
}
