import { describe, expect, it } from 'vitest';
import type { PrintJob, PrintJobState } from '../../../../electron/contract';
import {
  jobActs,
  jobAdvice,
  jobStateText,
  jobTitle,
  latestJobOf,
  sortJobs,
  withJob,
} from '../../../../renderer/src/pages/printing/print-job-words';

let n = 0;
function job(state: PrintJobState, over: Partial<PrintJob> = {}): PrintJob {
  n += 1;
  const at = `2026-11-30T09:${String(n).padStart(2, '0')}:00.000Z`;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    documentId: 'doc-1',
    documentKind: 'acceptanceReceipt',
    documentLabel: '受理回执',
    documentTitle: 'JQ-12-20261130-0001',
    documentSent: state === 'printed' || state === 'unknown' || state === 'sending',
    caseId: 'case-1',
    caseNumber: 'JQ-12-20261130-0001',
    printer: 'receiptPrinter',
    state,
    reason: null,
    reprint: false,
    reprintOf: null,
    createdAt: at,
    updatedAt: at,
    printedAt: state === 'printed' ? at : null,
    staffId: null,
    attempts: 1,
    ...over,
  };
}

describe('what the clerk reads for a job', () => {
  it('names the reason the printer gave: 等待打印机：缺纸', () => {
    expect(jobStateText(job('waiting', { reason: '缺纸' }))).toBe('等待打印机：缺纸');
    expect(jobStateText(job('unknown', { reason: '连接中断' }))).toBe('打印结果不明：连接中断');
    expect(jobStateText(job('failed', { reason: '打印机离线' }))).toBe('未打印：打印机离线');
  });

  it('says 待打印 for a queued job (it may sit behind a muted printer), 正在打印 only while sending, 已打印 without a reason', () => {
    expect(jobStateText(job('queued'))).toBe('待打印');
    expect(jobStateText(job('sending'))).toBe('正在打印');
    expect(jobStateText(job('printed', { reason: 'ignored' }))).toBe('已打印');
  });

  it('titles a reprint as such, and a test page once (not 测试页 测试页)', () => {
    expect(jobTitle(job('queued', { reprint: true }))).toBe('受理回执（补打） JQ-12-20261130-0001');
    expect(jobTitle(job('printed', { documentKind: 'testPage', documentLabel: '测试页', documentTitle: '测试页' }))).toBe('测试页');
  });

  it('tells a job certainly not printed that 重新打印 is its first, unmarked copy; an unknown one to look at the paper', () => {
    expect(jobAdvice(job('failed'))).toContain('不标“补打”');
    expect(jobAdvice(job('failed'))).not.toContain('补打（');
    const unknown = jobAdvice(job('unknown')) ?? '';
    expect(unknown).toContain('已出纸的点“确认已打印”');
    expect(unknown).toContain('没有出纸的点“补打”');
    expect(unknown).not.toContain('已打印的，请作废');
  });
});

describe('what may be done with a job', () => {
  const acts = (state: PrintJobState, over: Partial<PrintJob> = {}) => jobActs(job(state, over));

  it('never sends a job that may have printed again unmarked: unknown offers 确认已打印, 补打 and 作废, not 重新打印', () => {
    expect(acts('unknown')).toEqual({ retry: false, confirm: true, reprint: true, discard: true });
  });

  it('offers a job certainly not printed 重新打印 and 作废, never 补打 (the citizen’s first receipt would say 补打)', () => {
    expect(acts('failed')).toEqual({ retry: true, confirm: false, reprint: false, discard: true });
    expect(acts('waiting').retry).toBe(true);
    expect(acts('waiting').reprint).toBe(false);
    for (const s of ['queued', 'sending', 'printed', 'unknown', 'discarded'] as const) expect(acts(s).retry).toBe(false);
  });

  it('asks to confirm only a job whose result is unknown', () => {
    for (const s of ['queued', 'waiting', 'sending', 'printed', 'failed', 'discarded'] as const) expect(acts(s).confirm).toBe(false);
  });

  it('offers no 补打 while a job is still on its way (two receipts), none for a test page, and no 作废 once printed', () => {
    expect(acts('queued').reprint).toBe(false);
    expect(acts('sending').reprint).toBe(false);
    expect(acts('printed')).toEqual({ retry: false, confirm: false, reprint: true, discard: false });
    expect(acts('printed', { documentKind: 'testPage' }).reprint).toBe(false);
    expect(acts('unknown', { documentKind: 'testPage' }).reprint).toBe(false);
    expect(acts('discarded').discard).toBe(false);
    expect(acts('sending').discard).toBe(false);
  });
});

describe('the 打印任务 list', () => {
  it('puts failed, then unknown, then waiting first, each newest first, then the rest newest first', () => {
    const printed1 = job('printed');
    const waiting = job('waiting');
    const failedOld = job('failed');
    const unknown = job('unknown');
    const printed2 = job('printed');
    const failedNew = job('failed');
    expect(sortJobs([printed1, waiting, failedOld, unknown, printed2, failedNew]).map((j) => j.id)).toEqual(
      [failedNew, failedOld, unknown, waiting, printed2, printed1].map((j) => j.id),
    );
  });

  it('takes a job’s newer state and keeps it against an older one arriving late', () => {
    const queued = job('queued');
    const printed = { ...queued, state: 'printed' as const, updatedAt: '2026-11-30T10:00:00.000Z' };
    const list = withJob([queued], printed);
    expect(list.map((j) => j.state)).toEqual(['printed']);
    expect(withJob(list, queued).map((j) => j.state)).toEqual(['printed']);
    const other = job('queued');
    expect(withJob(list, other).map((j) => j.id)).toEqual([other.id, queued.id]);
  });

  it('finds the newest job of a document (its 补打 after the failed first try)', () => {
    const first = job('failed');
    const again = job('printed', { reprint: true });
    const elsewhere = job('printed', { documentId: 'doc-2' });
    expect(latestJobOf([again, first, elsewhere], 'doc-1')?.id).toBe(again.id);
    expect(latestJobOf([elsewhere], 'doc-1')).toBeNull();
  });
});

describe('a notice’s margins on screen', () => {
  it('shows the page’s own @page margins as screen padding, leaving the printed page as stored', async () => {
    const { withScreenMargins } = await import('../../../../renderer/src/pages/printing/screen-margins');
    const html = '<html><head><style>@page { size: A4; margin: 22mm 24mm 20mm 26mm; }</style></head><body>x</body></html>';
    const shown = withScreenMargins(html);
    expect(shown).toContain('@media screen { html { padding: 22mm 24mm 20mm 26mm; } }</style></head>');
    expect(shown.replace(/<style>@media screen[^<]*<\/style>/, '')).toBe(html);
  });

  it('leaves a page without margins, or with something other than lengths, as it is', async () => {
    const { withScreenMargins } = await import('../../../../renderer/src/pages/printing/screen-margins');
    expect(withScreenMargins('<html><head></head><body></body></html>')).toBe('<html><head></head><body></body></html>');
    const odd = '<style>@page { margin: expression(alert(1)); }</style>';
    expect(withScreenMargins(odd)).toBe(odd);
  });
});
