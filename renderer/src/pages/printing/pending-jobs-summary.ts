import type { PrintJob } from '../../../../electron/contract';

/** The sign-in notice about jobs waiting for the clerk's decision: its title and one line of what to do. */
export interface PendingJobsSummary {
  title: string;
  description: string;
}

/**
 * What the clerk is told at sign-in of the jobs that need a decision (`failed`: certainly not
 * printed; `unknown`: may be on paper) — typically those a crash and restart left behind. Null
 * when there are none. `受理回执` is named when every one of them is a receipt (the usual case),
 * since that is what a citizen is waiting for. Pure.
 */
export function pendingJobsSummary(jobs: readonly Pick<PrintJob, 'state' | 'documentKind'>[]): PendingJobsSummary | null {
  const pending = jobs.filter((j) => j.state === 'failed' || j.state === 'unknown');
  const failed = pending.filter((j) => j.state === 'failed').length;
  const unknown = pending.length - failed;
  const total = pending.length;
  if (total === 0) return null;
  const allReceipts = pending.every((j) => j.documentKind === 'acceptanceReceipt');
  const what = allReceipts ? `${total} 张受理回执` : `${total} 个打印任务`;
  const parts: string[] = [];
  if (failed > 0) parts.push(`${failed} 个未打印（可重新打印或作废）`);
  if (unknown > 0) parts.push(`${unknown} 个打印结果不明（请看纸面：确认已打印、补打或作废）`);
  return { title: `${what}需要您处理`, description: `${parts.join('，')}。申请人可能还在等回执。` };
}
