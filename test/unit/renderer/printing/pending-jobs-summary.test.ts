import { describe, expect, it } from 'vitest';
import { pendingJobsSummary } from '../../../../renderer/src/pages/printing/pending-jobs-summary';

describe('the sign-in notice of jobs needing a decision', () => {
  it('says nothing when no job waits for the clerk', () => {
    expect(pendingJobsSummary([])).toBeNull();
    expect(pendingJobsSummary([{ state: 'printed', documentKind: 'acceptanceReceipt' }, { state: 'waiting', documentKind: 'acceptanceReceipt' }])).toBeNull();
  });

  it('counts the receipts left unprinted and unknown after a restart, with what to do for each', () => {
    const summary = pendingJobsSummary([
      { state: 'failed', documentKind: 'acceptanceReceipt' },
      { state: 'failed', documentKind: 'acceptanceReceipt' },
      { state: 'unknown', documentKind: 'acceptanceReceipt' },
      { state: 'printed', documentKind: 'testPage' },
    ]);
    expect(summary?.title).toBe('3 张受理回执需要您处理');
    expect(summary?.description).toContain('2 个未打印（可重新打印或作废）');
    expect(summary?.description).toContain('1 个打印结果不明（请看纸面：确认已打印、补打或作废）');
  });

  it('speaks of print jobs when not all of them are receipts', () => {
    const summary = pendingJobsSummary([
      { state: 'failed', documentKind: 'acceptanceReceipt' },
      { state: 'failed', documentKind: 'queueTicket' },
    ]);
    expect(summary?.title).toBe('2 个打印任务需要您处理');
    expect(summary?.description).not.toContain('结果不明');
  });
});
