import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conditionAllowsPrinting,
  conditionOf,
  conditionWords,
  isStatusByte,
  parseErrorCause,
  parseOfflineCause,
  parsePaperSensor,
  parsePrinterStatus,
  statusRequest,
} from '../../../../../electron/core/printing/transport/status-bytes';
import type { PrinterCondition } from '../../../../../electron/contract/printing';

const OK: PrinterCondition = { online: true, coverOpen: false, paper: 'ok', error: null };

describe('DLE EOT requests', () => {
  it('are DLE EOT n', () => {
    expect([...statusRequest(1)]).toEqual([0x10, 0x04, 0x01]);
    expect([...statusRequest(2)]).toEqual([0x10, 0x04, 0x02]);
    expect([...statusRequest(4)]).toEqual([0x10, 0x04, 0x04]);
  });
});

describe('status bytes (ESC/POS fixed bits: bit0 0, bit1 1, bit4 1, bit7 0)', () => {
  it('accepts exactly the bytes with the fixed bits', () => {
    expect(isStatusByte(0x12)).toBe(true);
    expect(isStatusByte(0x7e)).toBe(true);
    expect(isStatusByte(0x5a)).toBe(true);
    expect(isStatusByte(0x6e)).toBe(false);
    // XON, XOFF, NUL, an ASB first byte with bit 4 clear, bit 7 set, bit 0 set
    for (const b of [0x11, 0x13, 0x00, 0x02, 0x92, 0x13, 0xff, 0x10]) expect(isStatusByte(b)).toBe(false);
    fc.assert(fc.property(fc.integer({ min: 0, max: 255 }), (b) => isStatusByte(b) === ((b & 1) === 0 && (b & 2) !== 0 && (b & 16) !== 0 && (b & 128) === 0)));
  });

  it('refuses to parse a byte that is not a status byte', () => {
    expect(() => parsePrinterStatus(0x13)).toThrow(RangeError);
    expect(() => parsePaperSensor(0x00)).toThrow(/not an answer to DLE EOT 4/);
  });

  it('reads n=1 offline (bit 3)', () => {
    expect(parsePrinterStatus(0x12)).toEqual({ offline: false });
    expect(parsePrinterStatus(0x1a)).toEqual({ offline: true });
    // bit 2 (drawer) and bit 5 are not offline
    expect(parsePrinterStatus(0x16)).toEqual({ offline: false });
  });

  it('reads n=2 cover open (bit 2), paper-end stop (bit 5), error (bit 6)', () => {
    expect(parseOfflineCause(0x12)).toEqual({ coverOpen: false, paperEndStop: false, error: false });
    expect(parseOfflineCause(0x16)).toEqual({ coverOpen: true, paperEndStop: false, error: false });
    expect(parseOfflineCause(0x32)).toEqual({ coverOpen: false, paperEndStop: true, error: false });
    expect(parseOfflineCause(0x52)).toEqual({ coverOpen: false, paperEndStop: false, error: true });
    // bit 3 (paper fed by the FEED button) is none of them
    expect(parseOfflineCause(0x1a)).toEqual({ coverOpen: false, paperEndStop: false, error: false });
  });

  it('reads n=4 near end (bits 2–3) and paper end (bits 5–6), either bit of a pair', () => {
    expect(parsePaperSensor(0x12)).toEqual({ nearEnd: false, end: false });
    expect(parsePaperSensor(0x1e)).toEqual({ nearEnd: true, end: false });
    expect(parsePaperSensor(0x16)).toEqual({ nearEnd: true, end: false });
    expect(parsePaperSensor(0x72)).toEqual({ nearEnd: false, end: true });
    expect(parsePaperSensor(0x7e)).toEqual({ nearEnd: true, end: true });
    expect(parsePaperSensor(0x32)).toEqual({ nearEnd: false, end: true });
  });

  it('reads n=3 cutter (bit 3), unrecoverable (bit 5), auto-recoverable (bit 6)', () => {
    expect(parseErrorCause(0x1a)).toEqual({ cutter: true, unrecoverable: false, autoRecoverable: false });
    expect(parseErrorCause(0x52)).toEqual({ cutter: false, unrecoverable: false, autoRecoverable: true });
  });
});

describe('a condition from the answers', () => {
  const ok1 = parsePrinterStatus(0x12);
  const ok2 = parseOfflineCause(0x12);
  const ok4 = parsePaperSensor(0x12);

  it('all well', () => {
    expect(conditionOf(ok1, ok2, ok4)).toEqual(OK);
  });

  it('paper end from the sensor, or from the paper-end stop when the sensor lags', () => {
    expect(conditionOf(parsePrinterStatus(0x1a), ok2, parsePaperSensor(0x72)).paper).toBe('end');
    expect(conditionOf(parsePrinterStatus(0x1a), parseOfflineCause(0x32), ok4).paper).toBe('end');
    expect(conditionOf(ok1, ok2, parsePaperSensor(0x7e)).paper).toBe('end');
    expect(conditionOf(ok1, ok2, parsePaperSensor(0x1e)).paper).toBe('near_end');
  });

  it('an error in words, with its cause when DLE EOT 3 gave one', () => {
    expect(conditionOf(ok1, parseOfflineCause(0x52), ok4).error).toBe('打印机报告故障');
    expect(conditionOf(ok1, parseOfflineCause(0x52), ok4, parseErrorCause(0x1a)).error).toBe('切刀故障（可能卡纸）');
    expect(conditionOf(ok1, parseOfflineCause(0x52), ok4, parseErrorCause(0x72)).error).toBe('不可恢复的故障，请关机检修，打印头过热，稍候自动恢复');
  });
});

describe('words for the clerk', () => {
  it('names each condition', () => {
    expect(conditionWords(OK)).toBe('正常');
    expect(conditionWords({ ...OK, paper: 'near_end' })).toBe('纸将尽');
    expect(conditionWords({ ...OK, online: false, paper: 'end' })).toBe('缺纸');
    expect(conditionWords({ ...OK, online: false, coverOpen: true })).toBe('上盖打开');
    expect(conditionWords({ ...OK, online: false })).toBe('脱机');
    expect(conditionWords({ ...OK, online: false, error: '打印机报告故障' })).toBe('打印机故障');
    expect(conditionWords({ ...OK, online: false, error: '切刀故障（可能卡纸）' })).toBe('打印机故障（切刀故障（可能卡纸））');
  });

  it('says every cause at once, most serious first, and 脱机 only when nothing explains it', () => {
    expect(conditionWords({ online: false, coverOpen: true, paper: 'end', error: null })).toBe('缺纸，上盖打开');
    expect(conditionWords({ online: false, coverOpen: true, paper: 'near_end', error: null })).toBe('上盖打开，纸将尽');
    expect(conditionWords({ online: false, coverOpen: false, paper: 'near_end', error: null })).toBe('脱机，纸将尽');
  });

  it('a job may go unless paper is out, the cover open, the printer offline or in error', () => {
    expect(conditionAllowsPrinting(OK)).toBe(true);
    expect(conditionAllowsPrinting({ ...OK, paper: 'near_end' })).toBe(true);
    expect(conditionAllowsPrinting({ ...OK, paper: 'end' })).toBe(false);
    expect(conditionAllowsPrinting({ ...OK, coverOpen: true })).toBe(false);
    expect(conditionAllowsPrinting({ ...OK, online: false })).toBe(false);
    expect(conditionAllowsPrinting({ ...OK, error: '打印机报告故障' })).toBe(false);
  });
});
