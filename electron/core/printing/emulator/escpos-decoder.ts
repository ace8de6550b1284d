import iconv from 'iconv-lite';
import type { Bitmap } from '../thermal/glyph-source';
import { IMAGE_PLACEHOLDER, type Alignment, type EscPosRecord, type LineRecord, type LineSegment, type RasterRecord } from './escpos-records';

/** Options of a decoder. */
export interface EscPosDecoderOptions {
  /**
   * Names the character an inline bit image shows (a raster glyph), or null. Tests pass one built
   * from the app's GlyphSource, so a rare character printed as an image reads back as itself.
   */
  recogniseGlyph?: (bitmap: Bitmap) => string | null;
  /** `FS &` Chinese mode at power-on (default false: the stream must turn it on itself). */
  chineseMode?: boolean;
}

/**
 * An incremental ESC/POS decoder (Epson ESC/POS command reference, with the Chinese-model `FS`
 * commands): fed chunk by chunk as bytes arrive — a command may be split anywhere between
 * chunks — it returns the records completed so far. Pure: no I/O, no clock; the same bytes give
 * the same records however they are cut.
 *
 * Hand-written because the libraries at hand (node-thermal-printer and the like) only encode;
 * the command lengths below follow the reference so an unknown command costs one record, not the
 * rest of the stream.
 */
export class EscPosDecoder {
  private pending: Uint8Array = new Uint8Array(0);
  /** Bytes needed before the command at the head of `pending` can be parsed (skip re-parsing). */
  private needed = 0;
  private state: PrintState;
  private line: LineBuilder = newLine();
  private raster: RasterBuilder | null = null;
  private qr: { data: Uint8Array; moduleSize: number; correction: 'L' | 'M' | 'Q' | 'H'; model: number } = { data: new Uint8Array(0), moduleSize: 3, correction: 'L', model: 2 };
  private out: EscPosRecord[] = [];

  constructor(private readonly options: EscPosDecoderOptions = {}) {
    this.state = initialState(options.chineseMode ?? false);
  }

  /** Takes the next bytes; returns the records they completed (possibly none). */
  push(chunk: Uint8Array): EscPosRecord[] {
    if (chunk.length > 0) {
      const joined = new Uint8Array(this.pending.length + chunk.length);
      joined.set(this.pending, 0);
      joined.set(chunk, this.pending.length);
      this.pending = joined;
    }
    if (this.pending.length >= this.needed) {
      let at = 0;
      while (at < this.pending.length) {
        const taken = this.step(this.pending, at);
        if (taken === null) break;
        at += taken;
      }
      this.pending = this.pending.slice(at);
      if (this.pending.length === 0) this.needed = 0;
    }
    return this.take();
  }

  /**
   * Emits a raster block still open for more bands (the printer would have printed it by now):
   * the virtual printer calls it when the line goes quiet.
   */
  settle(): EscPosRecord[] {
    this.flushRaster();
    return this.take();
  }

  /** The stream ended: whatever is left — an open raster, a line without its LF, a truncated command. */
  end(): EscPosRecord[] {
    this.flushRaster();
    this.flushLine('unterminated');
    if (this.pending.length > 0) this.unknown(this.pending, 0, this.pending.length, 'truncated: the stream ended inside a command');
    this.pending = new Uint8Array(0);
    this.needed = 0;
    return this.take();
  }

  private take(): EscPosRecord[] {
    const records = this.out;
    this.out = [];
    return records;
  }

  /** Parses the command at `at`: the bytes it took, or null when more bytes are needed. */
  private step(buf: Uint8Array, at: number): number | null {
    const b = buf[at] as number;
    const avail = buf.length - at;
    // `needed` counts from the command's first byte: `pending` is cut there when parsing stops.
    const need = (n: number): boolean => {
      if (avail >= n) return true;
      this.needed = n;
      return false;
    };
    const arg = (k: number): number => buf[at + k] as number;

    if (b >= 0x20 || b === 0x7f) {
      // A text run: take every printable byte up to the next control byte. A GB18030 lead byte at
      // the end of the buffer stays in `pending` with its run (its trail bytes are ≥ 0x30 and may
      // still come).
      let end = at;
      while (end < buf.length && (buf[end] as number) >= 0x20) end++;
      if (end === buf.length && this.state.chineseMode) {
        const cut = incompleteGbTail(buf, at, end);
        if (cut === at) {
          this.needed = avail + 1;
          return null;
        }
        end = cut;
      }
      this.text(buf.subarray(at, end));
      return end - at;
    }
    switch (b) {
      case 0x0a: // LF: print and feed one line
        this.flushRaster();
        this.flushLine('line feed');
        return 1;
      case 0x0d: // CR: ignored (auto line feed off, as on the hall printers the encoder targets)
        return 1;
      case 0x1b:
        if (!need(2)) return null;
        return this.esc(buf, at, arg(1), need, arg);
      case 0x1d:
        if (!need(2)) return null;
        return this.gs(buf, at, arg(1), need, arg);
      case 0x1c:
        if (!need(2)) return null;
        return this.fs(buf, at, arg(1), need, arg);
      case 0x10:
        if (!need(2)) return null;
        return this.dle(buf, at, arg(1), need, arg);
      default:
        this.unknown(buf, at, 1, `control byte 0x${hex2(b)}`);
        return 1;
    }
  }

  private esc(buf: Uint8Array, at: number, c: number, need: (n: number) => boolean, arg: (k: number) => number): number | null {
    const s = this.state;
    switch (c) {
      case 0x40: {
        // ESC @ initialise: modes back to power-on; the print buffer is cleared (not printed).
        this.flushRaster();
        const discarded = this.line.segments.length > 0 ? lineText(this.line) : '';
        this.line = newLine();
        // FS & is left as it was: after ESC @ the Chinese mode depends on the model (Epson's
        // reference), and the app's encoder sends FS & after every ESC @ anyway.
        this.state = initialState(s.chineseMode);
        this.out.push(discarded ? { type: 'init', discarded } : { type: 'init' });
        return 2;
      }
      case 0x21: // ESC ! n: print mode (bit 3 emphasised, bit 4 double height, bit 5 double width)
        if (!need(3)) return null;
        s.bold = (arg(2) & 0x08) !== 0;
        s.height = arg(2) & 0x10 ? 2 : 1;
        s.width = arg(2) & 0x20 ? 2 : 1;
        return 3;
      case 0x45: // ESC E n: emphasised
        if (!need(3)) return null;
        s.bold = (arg(2) & 1) === 1;
        return 3;
      case 0x61: // ESC a n: justification (0/48 left, 1/49 centre, 2/50 right)
        if (!need(3)) return null;
        s.align = (['left', 'center', 'right'] as const)[arg(2) % 48] ?? s.align;
        return 3;
      case 0x64: // ESC d n: print and feed n lines
        if (!need(3)) return null;
        this.flushRaster();
        this.flushLine('printed');
        this.out.push({ type: 'feed', lines: arg(2) });
        return 3;
      case 0x4a: // ESC J n: print and feed n dots
        if (!need(3)) return null;
        this.flushRaster();
        this.flushLine('printed');
        this.out.push({ type: 'feed', dots: arg(2) });
        return 3;
      case 0x69: // ESC i: full cut (old command)
      case 0x6d: // ESC m: partial cut
        this.cut(c === 0x6d);
        return 2;
      case 0x2a: {
        // ESC * m nL nH d…: bit image into the line buffer; 8-dot (m 0, 1) or 24-dot (m 32, 33) columns
        if (!need(5)) return null;
        const m = arg(2);
        const n = arg(3) + arg(4) * 256;
        const rowsBytes = m === 32 || m === 33 ? 3 : 1;
        if (!need(5 + n * rowsBytes)) return null;
        this.image(buf.subarray(at + 5, at + 5 + n * rowsBytes), n, rowsBytes, m === 0 || m === 32 ? 2 : 1);
        return 5 + n * rowsBytes;
      }
      case 0x32: // ESC 2: default line spacing
      case 0x3c: // ESC <: return home
      case 0x4c: // ESC L: page mode (not used by receipts)
      case 0x53: // ESC S: standard mode
        return 2;
      case 0x2d: // ESC - n: underline
      case 0x47: // ESC G n: double-strike
      case 0x33: // ESC 3 n: line spacing
      case 0x4d: // ESC M n: font
      case 0x74: // ESC t n: code table
      case 0x52: // ESC R n: international character set
      case 0x7b: // ESC { n: upside down
      case 0x56: // ESC V n: 90° rotation
      case 0x20: // ESC SP n: right-side character spacing
      case 0x55: // ESC U n: unidirectional printing
      case 0x3d: // ESC = n: peripheral device
      case 0x72: // ESC r n: print colour
      case 0x25: // ESC % n: user-defined character set
      case 0x3f: // ESC ? n: cancel user-defined character
      case 0x65: // ESC e n: reverse feed n lines
      case 0x54: // ESC T n: print direction in page mode
        if (!need(3)) return null;
        return 3;
      case 0x24: // ESC $ nL nH: absolute print position
      case 0x5c: // ESC \ nL nH: relative print position
      case 0x63: // ESC c 3/4/5 n: paper sensors, panel buttons
      case 0x42: // ESC B n t: buzzer (Chinese models)
        if (!need(4)) return null;
        return 4;
      case 0x70: // ESC p m t1 t2: drawer kick
        if (!need(5)) return null;
        return 5;
      case 0x57: // ESC W xL xH yL yH dxL dxH dyL dyH: page mode area
        if (!need(10)) return null;
        return 10;
      case 0x44: {
        // ESC D n1 … NUL: horizontal tab positions (at most 32, then NUL)
        for (let k = 2; k < 2 + 33; k++) {
          if (!need(k + 1)) return null;
          if (arg(k) === 0) return k + 1;
        }
        this.unknown(buf, at, 2, 'ESC D without its closing NUL');
        return 2;
      }
      default:
        this.unknown(buf, at, 2, `ESC 0x${hex2(c)}`);
        return 2;
    }
  }

  private gs(buf: Uint8Array, at: number, c: number, need: (n: number) => boolean, arg: (k: number) => number): number | null {
    const s = this.state;
    switch (c) {
      case 0x21: // GS ! n: character size, width (n >> 4) + 1, height (n & 15) + 1
        if (!need(3)) return null;
        s.width = (arg(2) >> 4) + 1;
        s.height = (arg(2) & 0x0f) + 1;
        return 3;
      case 0x56: {
        // GS V m [n]: cut; m 0/48 full, 1/49 partial; 65/66 feed n dots then cut; 97/98/103/104 (functions C, D)
        if (!need(3)) return null;
        const m = arg(2);
        if (m === 0 || m === 48 || m === 1 || m === 49) {
          this.cut(m === 1 || m === 49);
          return 3;
        }
        if (m === 65 || m === 66 || m === 97 || m === 98 || m === 103 || m === 104) {
          if (!need(4)) return null;
          this.cut(m === 66 || m === 98 || m === 104, arg(3));
          return 4;
        }
        this.unknown(buf, at, 3, `GS V with m=${m}`);
        return 3;
      }
      case 0x76: {
        // GS v 0 m xL xH yL yH d…: raster bit image, x bytes per row, y rows
        if (!need(8)) return null;
        if (arg(2) !== 0x30) {
          this.unknown(buf, at, 3, 'GS v not followed by 0');
          return 3;
        }
        const x = arg(4) + arg(5) * 256;
        const y = arg(6) + arg(7) * 256;
        if (!need(8 + x * y)) return null;
        this.rasterBand(buf.subarray(at + 8, at + 8 + x * y), x, y, arg(3) % 48);
        return 8 + x * y;
      }
      case 0x28: {
        // GS ( fn pL pH …: every GS ( function carries its own length
        if (!need(5)) return null;
        const len = arg(3) + arg(4) * 256;
        if (!need(5 + len)) return null;
        if (arg(2) === 0x6b) this.symbol(buf.subarray(at + 5, at + 5 + len), buf, at, 5 + len);
        else this.unknown(buf, at, 5 + len, `GS ( 0x${hex2(arg(2))}`);
        return 5 + len;
      }
      case 0x38: {
        // GS 8 L p1 p2 p3 p4 …: graphics with a 32-bit length
        if (!need(7)) return null;
        const len = arg(3) + arg(4) * 0x100 + arg(5) * 0x10000 + arg(6) * 0x1000000;
        if (!need(7 + len)) return null;
        this.unknown(buf, at, 7 + len, 'GS 8 L graphics');
        return 7 + len;
      }
      case 0x72: // GS r n: transmit status (1 paper sensor, 2 drawer)
        if (!need(3)) return null;
        this.out.push({ type: 'statusRequest', command: 'GS r', n: arg(2) });
        return 3;
      case 0x6b: {
        // GS k m …: barcode; m 0–6 data up to NUL, m 65–79 n then n bytes
        if (!need(3)) return null;
        const m = arg(2);
        if (m <= 6) {
          for (let k = 3; k < 3 + 256; k++) {
            if (!need(k + 1)) return null;
            if (arg(k) === 0) {
              this.unknown(buf, at, k + 1, 'GS k barcode');
              return k + 1;
            }
          }
          this.unknown(buf, at, 3, 'GS k barcode without its closing NUL');
          return 3;
        }
        if (!need(4)) return null;
        if (!need(4 + arg(3))) return null;
        this.unknown(buf, at, 4 + arg(3), 'GS k barcode');
        return 4 + arg(3);
      }
      case 0x2a: {
        // GS * x y d…: define downloaded bit image (x × y × 8 bytes)
        if (!need(4)) return null;
        const len = arg(2) * arg(3) * 8;
        if (!need(4 + len)) return null;
        this.unknown(buf, at, 4 + len, 'GS * downloaded bit image');
        return 4 + len;
      }
      case 0x42: // GS B n: reverse
      case 0x48: // GS H n: HRI position
      case 0x66: // GS f n: HRI font
      case 0x68: // GS h n: barcode height
      case 0x77: // GS w n: barcode width
      case 0x61: // GS a n: automatic status back
      case 0x49: // GS I n: printer ID
      case 0x62: // GS b n: smoothing
      case 0x2f: // GS / m: print downloaded bit image
      case 0x54: // GS T n: print position to line start
        if (!need(3)) return null;
        if (c === 0x49) this.unknown(buf, at, 3, 'GS I: printer ID request (not answered)');
        return 3;
      case 0x4c: // GS L nL nH: left margin
      case 0x57: // GS W nL nH: print area width
      case 0x50: // GS P x y: motion units
      case 0x24: // GS $ nL nH
      case 0x5c: // GS \ nL nH
        if (!need(4)) return null;
        return 4;
      case 0x3a: // GS :: macro definition start/end
        return 2;
      default:
        this.unknown(buf, at, 2, `GS 0x${hex2(c)}`);
        return 2;
    }
  }

  private fs(buf: Uint8Array, at: number, c: number, need: (n: number) => boolean, arg: (k: number) => number): number | null {
    const s = this.state;
    switch (c) {
      case 0x26: // FS &: Chinese (Kanji) character mode on
        s.chineseMode = true;
        return 2;
      case 0x2e: // FS .: Chinese character mode off
        s.chineseMode = false;
        return 2;
      case 0x21: // FS ! n: Chinese print mode (bit 2 double width, bit 3 double height)
        if (!need(3)) return null;
        s.chineseWidth = arg(2) & 0x04 ? 2 : 1;
        return 3;
      case 0x2d: // FS - n: Chinese underline
      case 0x43: // FS C n: character code system
      case 0x57: // FS W n: Chinese quadruple size
        if (!need(3)) return null;
        if (c === 0x57) s.chineseWidth = arg(2) & 1 ? 2 : 1;
        return 3;
      case 0x53: // FS S n1 n2: Chinese character spacing
      case 0x70: // FS p n m: print NV bit image
        if (!need(4)) return null;
        if (c === 0x70) this.unknown(buf, at, 4, 'FS p: NV bit image (not stored here)');
        return 4;
      case 0x32: // FS 2 c1 c2 d1…d72: define a user Chinese character (24 × 24)
        if (!need(76)) return null;
        this.unknown(buf, at, 76, 'FS 2: user-defined Chinese character');
        return 76;
      case 0x28: {
        // FS ( fn pL pH …
        if (!need(5)) return null;
        const len = arg(3) + arg(4) * 256;
        if (!need(5 + len)) return null;
        this.unknown(buf, at, 5 + len, `FS ( 0x${hex2(arg(2))}`);
        return 5 + len;
      }
      default:
        this.unknown(buf, at, 2, `FS 0x${hex2(c)}`);
        return 2;
    }
  }

  private dle(buf: Uint8Array, at: number, c: number, need: (n: number) => boolean, arg: (k: number) => number): number | null {
    switch (c) {
      case 0x04: {
        // DLE EOT n (n 7 and 8 carry one more byte): real-time status
        if (!need(3)) return null;
        const n = arg(2);
        if (n === 7 || n === 8) {
          if (!need(4)) return null;
          this.out.push({ type: 'statusRequest', command: 'DLE EOT', n });
          return 4;
        }
        this.out.push({ type: 'statusRequest', command: 'DLE EOT', n });
        return 3;
      }
      case 0x05: // DLE ENQ n: real-time request to the printer
        if (!need(3)) return null;
        this.unknown(buf, at, 3, 'DLE ENQ');
        return 3;
      case 0x14: {
        // DLE DC4 fn …: real-time commands (1, 2, 3: two more bytes; 7: one; 8: seven)
        if (!need(3)) return null;
        const fn = arg(2);
        const len = fn === 8 ? 10 : fn === 7 ? 4 : 5;
        if (!need(len)) return null;
        this.unknown(buf, at, len, `DLE DC4 ${fn}`);
        return len;
      }
      default:
        this.unknown(buf, at, 1, 'DLE not followed by EOT, ENQ or DC4');
        return 1;
    }
  }

  /** `GS ( k` cn fn: cn 49 is QR (65 model, 67 module size, 69 error correction, 80 store, 81 print). */
  private symbol(params: Uint8Array, buf: Uint8Array, at: number, total: number): void {
    const cn = params[0];
    const fn = params[1];
    if (cn !== 49) {
      this.unknown(buf, at, total, `GS ( k symbol cn=${cn ?? '?'}`);
      return;
    }
    switch (fn) {
      case 65:
        this.qr.model = (params[2] ?? 50) - 48;
        return;
      case 67:
        this.qr.moduleSize = params[2] ?? 3;
        return;
      case 69:
        this.qr.correction = (['L', 'M', 'Q', 'H'] as const)[(params[2] ?? 48) - 48] ?? 'L';
        return;
      case 80:
        this.qr.data = params.slice(3);
        return;
      case 81:
        this.flushRaster();
        this.flushLine('unterminated');
        this.out.push({
          type: 'qr',
          align: this.state.align,
          payload: Buffer.from(this.qr.data).toString('latin1'),
          moduleSize: this.qr.moduleSize,
          correction: this.qr.correction,
          model: this.qr.model,
        });
        return;
      default:
        this.unknown(buf, at, total, `GS ( k QR fn=${fn ?? '?'}`);
    }
  }

  private text(bytes: Uint8Array): void {
    this.flushRaster();
    const s = this.state;
    if (this.line.segments.length === 0) this.line.align = s.align;
    const last = this.line.segments[this.line.segments.length - 1];
    if (last && last.kind === 'text' && last.bold === s.bold && last.width === s.width && last.height === s.height && last.chineseWidth === s.chineseWidth && last.chinese === s.chineseMode) {
      const joined = new Uint8Array(last.bytes.length + bytes.length);
      joined.set(last.bytes, 0);
      joined.set(bytes, last.bytes.length);
      last.bytes = joined;
      return;
    }
    this.line.segments.push({ kind: 'text', bytes: bytes.slice(), bold: s.bold, width: s.width, height: s.height, chineseWidth: s.chineseWidth, chinese: s.chineseMode });
  }

  /** `ESC *` data: `n` columns of `rowBytes` bytes, most significant bit at the top. */
  private image(data: Uint8Array, n: number, rowBytes: number, stretch: number): void {
    this.flushRaster();
    if (this.line.segments.length === 0) this.line.align = this.state.align;
    const height = rowBytes * 8;
    const dots = new Uint8Array(n * height);
    for (let x = 0; x < n; x++) {
      for (let yb = 0; yb < rowBytes; yb++) {
        const byte = data[x * rowBytes + yb] as number;
        for (let bit = 0; bit < 8; bit++) if (byte & (0x80 >> bit)) dots[(yb * 8 + bit) * n + x] = 1;
      }
    }
    const bitmap: Bitmap = { width: n, height, dots };
    const dotsWide = n * stretch;
    this.line.segments.push({ kind: 'image', bitmap, dotsWide, columns: dotsWide / 12, glyph: this.options.recogniseGlyph?.(bitmap) ?? null });
  }

  private rasterBand(data: Uint8Array, bytesPerRow: number, rows: number, scale: number): void {
    this.flushLine('unterminated');
    const r = this.raster;
    if (r && r.bytesPerRow === bytesPerRow && r.align === this.state.align && r.scale === scale) {
      r.bands.push(data.slice());
      r.rows += rows;
      return;
    }
    this.flushRaster();
    this.raster = { bytesPerRow, rows, align: this.state.align, scale, bands: [data.slice()] };
  }

  private flushRaster(): void {
    const r = this.raster;
    if (!r) return;
    this.raster = null;
    const width = r.bytesPerRow * 8;
    const dots = new Uint8Array(width * r.rows);
    let row = 0;
    for (const band of r.bands) {
      const bandRows = band.length / r.bytesPerRow;
      for (let y = 0; y < bandRows; y++, row++) {
        for (let xb = 0; xb < r.bytesPerRow; xb++) {
          const byte = band[y * r.bytesPerRow + xb] as number;
          for (let bit = 0; bit < 8; bit++) if (byte & (0x80 >> bit)) dots[row * width + xb * 8 + bit] = 1;
        }
      }
    }
    const record: RasterRecord = { type: 'raster', align: r.align, width, height: r.rows, scale: r.scale, bands: r.bands.length, bitmap: { width, height: r.rows, dots } };
    this.out.push(record);
  }

  private cut(partial: boolean, feedDots?: number): void {
    this.flushRaster();
    this.flushLine('unterminated');
    this.out.push(feedDots === undefined ? { type: 'cut', partial } : { type: 'cut', partial, feedDots });
  }

  /**
   * Ends the line in the buffer. `line feed` (LF): always, an empty line too; `printed` (ESC d,
   * ESC J): when it has content; `unterminated` (a cut, an image, the end): when it has content,
   * marked so (the encoder should have ended it with LF).
   */
  private flushLine(how: 'line feed' | 'printed' | 'unterminated'): void {
    const l = this.line;
    if (how !== 'line feed' && l.segments.length === 0) return;
    if (l.segments.length === 0) l.align = this.state.align;
    this.line = newLine();
    const segments: LineSegment[] = l.segments.map((seg) => (seg.kind === 'image' ? seg : decodeText(seg)));
    const fourByte = l.segments.flatMap((seg) => (seg.kind === 'text' && seg.chinese ? fourByteChars(seg.bytes) : []));
    const texts = segments.filter((seg): seg is Extract<LineSegment, { kind: 'text' }> => seg.kind === 'text' && seg.text.trim() !== '');
    const record: LineRecord = {
      type: 'line',
      text: segments.map((seg) => (seg.kind === 'text' ? seg.text : (seg.glyph ?? IMAGE_PLACEHOLDER))).join(''),
      align: l.align,
      bold: texts.length > 0 && texts.every((seg) => seg.bold),
      size: Math.max(1, ...segments.map((seg) => (seg.kind === 'text' ? seg.width : 1))),
      columns: segments.reduce((sum, seg) => sum + seg.columns, 0),
      segments,
      fourByte,
    };
    if (how === 'unterminated') record.unterminated = true;
    this.out.push(record);
  }

  private unknown(buf: Uint8Array, at: number, length: number, note: string): void {
    const shown = [...buf.subarray(at, at + Math.min(length, 32))].map(hex2).join(' ');
    this.out.push({ type: 'unknown', hex: length > 32 ? `${shown} …(${length} bytes)` : shown, note });
  }
}

/** Decodes a whole byte stream at once (EscPosDecoder fed one chunk, then ended). */
export function decodeEscPos(bytes: Uint8Array, options: EscPosDecoderOptions = {}): EscPosRecord[] {
  const decoder = new EscPosDecoder(options);
  return [...decoder.push(bytes), ...decoder.end()];
}

interface PrintState {
  chineseMode: boolean;
  align: Alignment;
  bold: boolean;
  width: number;
  height: number;
  /** `FS !` / `FS W` double width of Chinese characters. */
  chineseWidth: number;
}

function initialState(chineseMode: boolean): PrintState {
  return { chineseMode, align: 'left', bold: false, width: 1, height: 1, chineseWidth: 1 };
}

interface RawText {
  kind: 'text';
  bytes: Uint8Array;
  bold: boolean;
  width: number;
  height: number;
  chineseWidth: number;
  chinese: boolean;
}

type RawSegment = RawText | Extract<LineSegment, { kind: 'image' }>;

interface LineBuilder {
  align: Alignment;
  segments: RawSegment[];
}

function newLine(): LineBuilder {
  return { align: 'left', segments: [] };
}

interface RasterBuilder {
  bytesPerRow: number;
  rows: number;
  align: Alignment;
  scale: number;
  bands: Uint8Array[];
}

function lineText(line: LineBuilder): string {
  return line.segments.map((seg) => (seg.kind === 'text' ? decodeText(seg).text : (seg.glyph ?? IMAGE_PLACEHOLDER))).join('');
}

/** A GB18030 character's byte length from its first bytes (1, 2 or 4), per GB 18030-2005 §6. */
function gbLength(buf: Uint8Array, at: number): number {
  const lead = buf[at] as number;
  if (lead < 0x81 || lead > 0xfe) return 1;
  const second = buf[at + 1];
  if (second !== undefined && second >= 0x30 && second <= 0x39) return 4;
  return 2;
}

/**
 * Where the complete characters of a text run end, when the run reaches the end of the buffer:
 * a lead byte whose trail bytes have not arrived yet is left for the next chunk.
 */
function incompleteGbTail(buf: Uint8Array, from: number, end: number): number {
  let at = from;
  while (at < end) {
    const lead = buf[at] as number;
    if (lead < 0x81 || lead > 0xfe) {
      at++;
      continue;
    }
    if (at + 1 >= end) return at;
    const len = gbLength(buf, at);
    if (at + len > end) return at;
    at += len;
  }
  return end;
}

function decodeText(seg: RawText): Extract<LineSegment, { kind: 'text' }> {
  let columns = 0;
  if (seg.chinese) {
    for (let at = 0; at < seg.bytes.length; ) {
      const len = gbLength(seg.bytes, at);
      columns += len === 1 ? seg.width : 2 * Math.max(seg.width, seg.chineseWidth);
      at += len;
    }
  } else {
    columns = seg.bytes.length * seg.width;
  }
  return {
    kind: 'text',
    text: iconv.decode(Buffer.from(seg.bytes), seg.chinese ? 'gb18030' : 'cp437'),
    columns,
    bold: seg.bold,
    width: seg.width,
    height: seg.height,
  };
}

function fourByteChars(bytes: Uint8Array): string[] {
  const found: string[] = [];
  for (let at = 0; at < bytes.length; ) {
    const len = gbLength(bytes, at);
    if (len === 4) found.push(iconv.decode(Buffer.from(bytes.subarray(at, at + 4)), 'gb18030'));
    at += len;
  }
  return found;
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}
