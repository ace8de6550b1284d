import { describe, expect, it } from 'vitest';
import { documentSent, insertPrintJob, INTERRUPTED_WHILE_SENDING, LEFT_BEFORE_SENDING, listPrintJobs, moveJob, settleInterruptedJobs } from '../../../../../electron/core/printing/jobs/job-store';
import { withoutEndpoint } from '../../../../../electron/core/printing/jobs/printer-driver';
import { insertDocument } from '../../../../../electron/core/printing/issuing/document-store';
import { LATEST_SCHEMA_VERSION } from '../../../../../electron/core/storage/migrations';
import { databaseAt } from '../../storage/migrations/migrate-to';

const AT = '2026-11-30T02:00:00.000Z';

function storeWithJobs(states: string[]) {
  // The code under test writes today's tables.
  const db = databaseAt(LATEST_SCHEMA_VERSION);
  insertDocument(db, {
    id: 'd1', caseId: null, kind: 'testPage', title: '测试页', label: '测试页', documentNumber: null, content: '{}', profile: null,
    issuedAt: AT, staffId: null, eventId: null, hallCode: 'JQ', windowNumber: 12,
  });
  states.forEach((state, i) => {
    insertPrintJob(db, { id: `j${i}`, documentId: 'd1', caseId: null, printer: 'receiptPrinter', reprint: false, reprintOf: null, staffId: null, at: AT });
    if (state !== 'queued') db.prepare('UPDATE print_jobs SET state = ? WHERE id = ?').run(state, `j${i}`);
  });
  return db;
}

describe('print jobs left by a stopped program', () => {
  it('reads a job left sending as unknown and one left queued or waiting as failed; finished ones stay as they were', () => {
    const db = storeWithJobs(['sending', 'queued', 'waiting', 'printed', 'discarded', 'unknown', 'failed']);
    const changed = settleInterruptedJobs(db, AT);
    expect(changed.map((j) => [j.id, j.state, j.reason])).toEqual([
      ['j0', 'unknown', INTERRUPTED_WHILE_SENDING],
      ['j1', 'failed', LEFT_BEFORE_SENDING],
      ['j2', 'failed', LEFT_BEFORE_SENDING],
    ]);
    expect(listPrintJobs(db, { limit: 10 }).map((j) => j.state)).toEqual(['failed', 'unknown', 'discarded', 'printed', 'failed', 'failed', 'unknown']);
    // Nothing is left for a worker to send by itself.
    expect(listPrintJobs(db, { states: ['queued', 'waiting', 'sending'], limit: 10 })).toEqual([]);
  });

  it('moves a job only from the states named, so a 作废 in between is never overwritten', () => {
    const db = storeWithJobs(['discarded']);
    expect(moveJob(db, 'j0', ['queued', 'waiting'], { state: 'sending', reason: null, at: AT, attempt: 'begin' })).toBeNull();
    expect(listPrintJobs(db, { limit: 1 })[0]).toMatchObject({ state: 'discarded', attempts: 0 });
  });
});

describe('whether a document may be on paper (a later copy is 补打)', () => {
  it('does not count an attempt that sent nothing: a job back to waiting or failed, then discarded, leaves the document never printed', () => {
    for (const back of ['waiting', 'failed'] as const) {
      const db = storeWithJobs(['queued']);
      moveJob(db, 'j0', ['queued'], { state: 'sending', reason: null, at: AT, attempt: 'begin' });
      expect(documentSent(db, 'd1')).toBe(true);
      moveJob(db, 'j0', ['sending'], { state: back, reason: '未找到串口', at: AT, attempt: 'undo' });
      moveJob(db, 'j0', [back], { state: 'discarded', reason: '经办人作废', at: AT });
      expect(documentSent(db, 'd1')).toBe(false);
    }
  });

  it('counts a discarded job whose bytes may have gone', () => {
    const db = storeWithJobs(['queued']);
    moveJob(db, 'j0', ['queued'], { state: 'sending', reason: null, at: AT, attempt: 'begin' });
    moveJob(db, 'j0', ['sending'], { state: 'unknown', reason: '打印中断', at: AT });
    moveJob(db, 'j0', ['unknown'], { state: 'discarded', reason: '经办人作废', at: AT });
    expect(documentSent(db, 'd1')).toBe(true);
  });
});

describe('a printer’s words in the status bar', () => {
  it('leave out where the printer is attached (the endpoint is shown apart, and never on a hall screen)', () => {
    expect(withoutEndpoint('设备文件 /dev/usb/lp0 不存在（请检查打印机的电源和连接线）', '/dev/usb/lp0')).toBe('设备文件不存在（请检查打印机的电源和连接线）');
    expect(withoutEndpoint('未找到串口 COM3（请检查连接线或 USB 转串口适配器）', 'COM3')).toBe('未找到串口（请检查连接线或 USB 转串口适配器）');
    expect(withoutEndpoint('无法连接打印机 192.168.1.50:9100：连接超时', '192.168.1.50:9100')).toBe('无法连接打印机：连接超时');
    expect(withoutEndpoint('缺纸', '/dev/ttyUSB0')).toBe('缺纸');
  });
});
