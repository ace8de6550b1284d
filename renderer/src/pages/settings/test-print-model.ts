/**
 * The rules of 测试打印 on the 设置 page (TestPrint.tsx): why it cannot be pressed, and which of
 * two reports of a job is the newer. (A job's state in words is the 打印任务 page's
 * jobStateText, so every screen says the same of the same job.) Pure.
 */
import type { PrintJob } from '../../../../electron/contract';

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
