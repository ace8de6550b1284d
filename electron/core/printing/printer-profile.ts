import type { PrinterConfig } from '../../contract/config';

/**
 * What the ESC/POS renderer needs to know of one printer, from its config: the paper's width in
 * columns of Font A (12×24 dots; a CJK character is 24×24, two columns), the dots across, its
 * character set and how it takes QR codes.
 */
export interface PrinterProfile {
  /** 32 at 58 mm, 48 at 80 mm. */
  columns: number;
  /** Printable dots across: 384 at 58 mm, 576 at 80 mm (203 dpi heads). */
  dotsPerLine: number;
  /** The printer's Chinese font: `gbk` (GB2312/GBK, the default) or `gb18030` (2-byte part only). */
  encoding: 'gbk' | 'gb18030';
  /** `native`: `GS ( k`; `raster`: the QR as a raster image (printers without the command). */
  qrMode: 'native' | 'raster';
}

/** The profile of a configured printer (58 mm: 32 columns / 384 dots; 80 mm: 48 / 576). */
export function printerProfile(config: Pick<PrinterConfig, 'paperWidthMm' | 'encoding' | 'qrMode'>): PrinterProfile {
  const narrow = config.paperWidthMm === 58;
  return { columns: narrow ? 32 : 48, dotsPerLine: narrow ? 384 : 576, encoding: config.encoding, qrMode: config.qrMode };
}
