import iconv from 'iconv-lite';

/**
 * ESC/POS bytes as readable lines, one command or one run of text a line (text decoded as
 * GB18030, which reads GBK too), so that a golden byte test fails with a diff a person can read.
 * Knows exactly the commands `renderThermal` writes (see escpos-commands.ts); anything else shows
 * as `?? xx`. Test helper only: the emulator's decoder is the virtual printer's (V's).
 */
export function escposTokens(bytes: Uint8Array): string[] {
  const out: string[] = [];
  const hex = (from: number, to: number): string => Buffer.from(bytes.subarray(from, to)).toString('hex');
  let text: number[] = [];
  const flushText = (): void => {
    if (text.length > 0) out.push(`text ${JSON.stringify(iconv.decode(Buffer.from(text), 'gb18030'))}`);
    text = [];
  };
  let i = 0;
  const at = (k: number): number => bytes[k] ?? -1;
  while (i < bytes.length) {
    const b = at(i);
    if (b === 0x0a) {
      flushText();
      out.push('LF');
      i += 1;
    } else if (b === 0x1b && at(i + 1) === 0x2a) {
      flushText();
      const columns = at(i + 3) + at(i + 4) * 256;
      out.push(`ESC * m=${at(i + 2)} columns=${columns} ${hex(i + 5, i + 5 + columns * 3)}`);
      i += 5 + columns * 3;
    } else if (b === 0x1b && [0x61, 0x45, 0x64].includes(at(i + 1))) {
      flushText();
      out.push(`ESC ${String.fromCharCode(at(i + 1))} ${at(i + 2)}`);
      i += 3;
    } else if (b === 0x1b && at(i + 1) === 0x40) {
      flushText();
      out.push('ESC @');
      i += 2;
    } else if (b === 0x1c && at(i + 1) === 0x26) {
      flushText();
      out.push('FS &');
      i += 2;
    } else if (b === 0x1d && at(i + 1) === 0x21) {
      flushText();
      out.push(`GS ! ${at(i + 2).toString(16).padStart(2, '0')}`);
      i += 3;
    } else if (b === 0x1d && at(i + 1) === 0x56) {
      flushText();
      out.push(`GS V ${at(i + 2)}`);
      i += 3;
    } else if (b === 0x1d && at(i + 1) === 0x28 && at(i + 2) === 0x6b) {
      flushText();
      const length = at(i + 3) + at(i + 4) * 256;
      const isStore = at(i + 5) === 0x31 && at(i + 6) === 0x50;
      out.push(
        isStore
          ? `GS ( k 315030 ${JSON.stringify(Buffer.from(bytes.subarray(i + 8, i + 5 + length)).toString('latin1'))}`
          : `GS ( k ${hex(i + 5, i + 5 + length)}`,
      );
      i += 5 + length;
    } else if (b === 0x1d && at(i + 1) === 0x76 && at(i + 2) === 0x30) {
      flushText();
      const rowBytes = at(i + 4) + at(i + 5) * 256;
      const rows = at(i + 6) + at(i + 7) * 256;
      out.push(`GS v 0 m=${at(i + 3)} ${rowBytes}x${rows} ${hex(i + 8, i + 8 + rowBytes * rows)}`);
      i += 8 + rowBytes * rows;
    } else if (b >= 0x20 && b < 0x7f) {
      text.push(b);
      i += 1;
    } else if (b >= 0x81 && b <= 0xfe && i + 1 < bytes.length) {
      text.push(b, at(i + 1));
      i += 2;
    } else {
      flushText();
      out.push(`?? ${b.toString(16)}`);
      i += 1;
    }
  }
  flushText();
  return out;
}

/** Hex, 32 bytes a line: the golden fixture's format (diffable, and readable by `xxd -r -p`). */
export function toHexLines(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 32) lines.push(Buffer.from(bytes.subarray(i, i + 32)).toString('hex'));
  return `${lines.join('\n')}\n`;
}

/** The bytes of a fixture written by `toHexLines`. */
export function fromHexLines(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
}
