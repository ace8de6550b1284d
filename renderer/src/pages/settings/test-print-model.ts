/**
 * The words of 测试打印 on the 设置 page (TestPrint.tsx): why it cannot be pressed, and a test
 * job's state as the administrator reads it. Pure.
 */
import { PRINT_JOB_STATE_LABELS, type PrintJob } from '../../../../electron/contract';

/** A job's state in words, with its reason where it has one: `等待打印机：缺纸`, `已打印`. */
export function jobStateText(job: Pick<PrintJob, 'state' | 'reason'>): string {
  const label = PRINT_JOB_STATE_LABELS[job.state];
  return job.reason && job.state !== 'printed' ? `${label}：${job.reason}` : label;
}

/**
 * Why 测试打印 cannot be pressed now, or null when it can: the test page goes to the printer as
 * saved, so a printer not saved yet, or edited since, is saved first.
 */
export function testPrintBlocked(configured: boolean, edited: boolean): string | null {
  if (!configured) return edited ? '请先保存此打印机的设置（Ctrl+S），再测试打印' : '未设置此打印机';
  if (edited) return '此打印机的设置已修改：请先保存（Ctrl+S），测试页按保存的设置打印';
  return null;
}

/** The later of two reports of one job (an event may overtake the call's own answer). */
export function laterReport(a: PrintJob, b: PrintJob | undefined): PrintJob {
  return b && b.updatedAt >= a.updatedAt ? b : a;
}
