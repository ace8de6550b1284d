import type { PrinterCondition } from '../../../contract/printing';

/**
 * `DLE EOT n` (ESC/POS "Transmit real-time status", 0x10 0x04 n): the printer answers at once
 * with one status byte, even while it is busy or offline. The n we ask:
 * 1 printer status, 2 offline cause, 3 error cause, 4 roll paper sensor.
 */
export type StatusRequest = 1 | 2 | 3 | 4;

/** The three bytes of `DLE EOT n`. */
export function statusRequest(n: StatusRequest): Uint8Array {
  return Uint8Array.of(0x10, 0x04, n);
}

/**
 * Whether a byte can be an answer to `DLE EOT`: ESC/POS fixes bit 0 = 0, bit 1 = 1, bit 4 = 1 and
 * bit 7 = 0 in every real-time status byte (mask 0x93, value 0x12). XON/XOFF (0x11/0x13), the
 * 4-byte Automatic Status Back packets and line noise fail this and are never read as a status.
 */
export function isStatusByte(byte: number): boolean {
  return Number.isInteger(byte) && byte >= 0 && byte <= 0xff && (byte & 0x93) === 0x12;
}

/** What `DLE EOT 1` says: bit 3 set = offline. */
export interface PrinterStatus {
  offline: boolean;
}

/** What `DLE EOT 2` says: bit 2 cover open, bit 5 printing stopped by paper end, bit 6 an error occurred. */
export interface OfflineCause {
  coverOpen: boolean;
  paperEndStop: boolean;
  error: boolean;
}

/** What `DLE EOT 3` says: bit 3 auto-cutter error, bit 5 unrecoverable error, bit 6 auto-recoverable (head too hot). */
export interface ErrorCause {
  cutter: boolean;
  unrecoverable: boolean;
  autoRecoverable: boolean;
}

/** What `DLE EOT 4` says: bits 2–3 paper near end, bits 5–6 paper end (printers set both bits of a pair; either counts). */
export interface PaperSensor {
  nearEnd: boolean;
  end: boolean;
}

function checked(byte: number, n: StatusRequest): number {
  if (!isStatusByte(byte)) {
    throw new RangeError(`0x${byte.toString(16).padStart(2, '0')} is not an answer to DLE EOT ${n} (fixed bits 0x93 must read 0x12)`);
  }
  return byte;
}

/** @throws RangeError when the byte is not a status byte (isStatusByte). */
export function parsePrinterStatus(byte: number): PrinterStatus {
  return { offline: (checked(byte, 1) & 0x08) !== 0 };
}

/** @throws RangeError when the byte is not a status byte (isStatusByte). */
export function parseOfflineCause(byte: number): OfflineCause {
  const b = checked(byte, 2);
  return { coverOpen: (b & 0x04) !== 0, paperEndStop: (b & 0x20) !== 0, error: (b & 0x40) !== 0 };
}

/** @throws RangeError when the byte is not a status byte (isStatusByte). */
export function parseErrorCause(byte: number): ErrorCause {
  const b = checked(byte, 3);
  return { cutter: (b & 0x08) !== 0, unrecoverable: (b & 0x20) !== 0, autoRecoverable: (b & 0x40) !== 0 };
}

/** @throws RangeError when the byte is not a status byte (isStatusByte). */
export function parsePaperSensor(byte: number): PaperSensor {
  const b = checked(byte, 4);
  return { nearEnd: (b & 0x0c) !== 0, end: (b & 0x60) !== 0 };
}

/** The words for an error the printer reports (DLE EOT 2 bit 6), with its cause when DLE EOT 3 gave one. */
export function errorWords(cause: ErrorCause | null): string {
  if (cause === null) return '打印机报告故障';
  const parts: string[] = [];
  if (cause.cutter) parts.push('切刀故障（可能卡纸）');
  if (cause.unrecoverable) parts.push('不可恢复的故障，请关机检修');
  if (cause.autoRecoverable) parts.push('打印头过热，稍候自动恢复');
  return parts.length > 0 ? parts.join('，') : '打印机报告故障';
}

/**
 * One PrinterCondition from the answers: offline from `DLE EOT 1`; cover, paper-end stop and
 * error from `DLE EOT 2`; the paper roll from `DLE EOT 4` (a paper-end stop counts as paper end
 * even if the sensor byte lags). `errorCause` is `DLE EOT 3`'s answer, asked only when 2 reports an error.
 */
export function conditionOf(status: PrinterStatus, offline: OfflineCause, paper: PaperSensor, errorCause: ErrorCause | null = null): PrinterCondition {
  return {
    online: !status.offline,
    coverOpen: offline.coverOpen,
    paper: paper.end || offline.paperEndStop ? 'end' : paper.nearEnd ? 'near_end' : 'ok',
    error: offline.error ? errorWords(errorCause) : null,
  };
}

/**
 * Whether a job may be sent now: not with paper out, the cover open, the printer offline or
 * reporting an error. Paper near end still prints (the words warn the clerk).
 */
export function conditionAllowsPrinting(c: PrinterCondition): boolean {
  return c.online && !c.coverOpen && c.paper !== 'end' && c.error === null;
}

/**
 * The condition in the words a clerk reads in the status bar and at the moment of printing:
 * 缺纸, 上盖打开, 打印机故障（…）, 脱机, 纸将尽 or 正常; several at once, most serious first,
 * joined by '，' (`缺纸，上盖打开`). 脱机 is said only when nothing else explains it: a printer
 * with its cover open or out of paper reports itself offline too, and 缺纸 is what the clerk can fix.
 */
export function conditionWords(c: PrinterCondition): string {
  const words: string[] = [];
  if (c.paper === 'end') words.push('缺纸');
  if (c.coverOpen) words.push('上盖打开');
  if (c.error !== null) words.push(c.error === '打印机报告故障' ? '打印机故障' : `打印机故障（${c.error}）`);
  if (!c.online && words.length === 0) words.push('脱机');
  if (c.paper === 'near_end') words.push('纸将尽');
  return words.length > 0 ? words.join('，') : '正常';
}

/** What the UI says of a printer whose transport cannot report its condition (device file, OS queue). */
export const NO_STATUS_WORDS = '此打印机无法回报状态（设备文件或系统打印队列），请留意纸张和上盖';
