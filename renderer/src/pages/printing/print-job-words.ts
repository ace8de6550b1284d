/**
 * How a print job is told to the clerk and what may be done with it, read from the job's state
 * as the contract defines it (electron/contract/printing.ts, PRINT_JOB_STATES: the meaning of
 * each state is the rule). Pure functions: the intake result, the case page, the 打印任务 page and
 * the toasts all say the same thing about the same job.
 */
import {
  PRINT_JOB_STATE_LABELS,
  type PrintJob,
  type PrintJobState,
} from '../../../../electron/contract';

/** How a state looks: in progress, done, needing the clerk (waiting / decide), or over. */
export type JobTone = 'progress' | 'done' | 'waiting' | 'decide' | 'over';

const TONES: Record<PrintJobState, JobTone> = {
  queued: 'progress',
  sending: 'progress',
  printed: 'done',
  waiting: 'waiting',
  failed: 'decide',
  unknown: 'decide',
  discarded: 'over',
};

export function jobTone(state: PrintJobState): JobTone {
  return TONES[state];
}

/**
 * What the clerk reads for a job's state: `等待打印机：缺纸`, `未打印：打印机离线`,
 * `打印结果不明：连接中断`, `已作废：…`. `queued` reads 待打印 (it may sit there while the
 * printer is muted or offline); only `sending` reads 正在打印.
 */
export function jobStateText(job: Pick<PrintJob, 'state' | 'reason'>): string {
  const label = PRINT_JOB_STATE_LABELS[job.state];
  const reason = job.reason?.trim();
  return reason && job.state !== 'printed' ? `${label}：${reason}` : label;
}

/** What the clerk should do next, for the states that need them; null otherwise. */
export function jobAdvice(job: Pick<PrintJob, 'state' | 'reprint'>): string | null {
  switch (job.state) {
    case 'waiting':
      return '装好纸、合上盖或接通打印机后自动打印，只打印一次；不再需要的可以作废。';
    case 'failed':
      // Certainly not on paper: sending it again is its first copy, so it carries no 补打 mark of its own.
      return job.reprint
        ? '没有打印出来：重新打印这张补打，或作废。'
        : '没有打印出来：重新打印即第一次打印，纸上不标“补打”；不再需要的可以作废。';
    case 'unknown':
      return '可能已打印，也可能没有：请看打印机出纸口。已出纸的点“确认已打印”；没有出纸的点“补打”（纸上标“补打”）；不再需要的可以作废。';
    default:
      return null;
  }
}

/** The acts the core takes for a job in `state` (methods.ts comments: retry, confirmPrinted, reprint, discard). */
export interface JobActs {
  /** 重新打印: `printing.retry`, the same job sent again now, as it is (certainly not printed yet). */
  retry: boolean;
  /** 确认已打印: `printing.confirmPrinted`, the clerk saw the paper of an `unknown` job. */
  confirm: boolean;
  /** 补打: `printing.reprint` of the job's document, a new job marked 补打. */
  reprint: boolean;
  /** 作废: `printing.discard`, with the reason. */
  discard: boolean;
}

/**
 * Which acts apply. 重新打印 only where the paper certainly did not come out (`failed`,
 * `waiting`) — and then no 补打, which would mark the citizen's first receipt 【补打】. A job
 * that may have printed (`unknown`) is never sent again unmarked: 确认已打印 when the paper
 * came out, 补打 when it did not. 补打 once the job is over (not while it is on its way, or the
 * applicant could get two receipts), and never for a test page (nothing was issued to anyone).
 * 作废 for anything not printed.
 */
export function jobActs(job: Pick<PrintJob, 'state' | 'documentKind'>): JobActs {
  const { state } = job;
  return {
    retry: state === 'failed' || state === 'waiting',
    confirm: state === 'unknown',
    reprint: job.documentKind !== 'testPage' && (state === 'printed' || state === 'unknown' || state === 'discarded'),
    discard: state === 'queued' || state === 'waiting' || state === 'failed' || state === 'unknown',
  };
}

/** States the 打印任务 page lists first, in this order: the clerk must decide, or the printer needs care. */
export const ATTENTION_ORDER: readonly PrintJobState[] = ['failed', 'unknown', 'waiting'];

export function needsAttention(state: PrintJobState): boolean {
  return ATTENTION_ORDER.includes(state);
}

/** States worth a toast wherever the clerk is, the moment a job reaches them. */
export function isAlarming(state: PrintJobState): boolean {
  return needsAttention(state);
}

/**
 * The jobs list as the 打印任务 page shows it: those needing attention first (failed, unknown,
 * waiting, each newest first), then the rest newest first.
 */
export function sortJobs(jobs: readonly PrintJob[]): PrintJob[] {
  const rank = (j: PrintJob) => {
    const i = ATTENTION_ORDER.indexOf(j.state);
    return i < 0 ? ATTENTION_ORDER.length : i;
  };
  return [...jobs].sort((a, b) => rank(a) - rank(b) || b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/**
 * A list with `job` as it now is: replaced where it was, added in front (newest first)
 * otherwise. An older state of the job (events and an answer crossing) never overwrites a newer
 * one: `updatedAt` decides.
 */
export function withJob(jobs: readonly PrintJob[], job: PrintJob): PrintJob[] {
  const i = jobs.findIndex((j) => j.id === job.id);
  if (i < 0) return [job, ...jobs];
  const known = jobs[i];
  if (known && known.updatedAt > job.updatedAt) return [...jobs];
  const next = [...jobs];
  next[i] = job;
  return next;
}

/** The newest job of one document among `jobs` (its latest attempt or 补打), or null. */
export function latestJobOf(jobs: readonly PrintJob[], documentId: string): PrintJob | null {
  let latest: PrintJob | null = null;
  for (const j of jobs) {
    if (j.documentId !== documentId) continue;
    if (!latest || j.createdAt > latest.createdAt || (j.createdAt === latest.createdAt && j.updatedAt > latest.updatedAt)) latest = j;
  }
  return latest;
}

/** `受理回执 JQ-12-20261130-0001`, `补正材料通知书 金桥政补〔2026〕12号`: what the job is, for a toast or a row. */
export function jobTitle(job: Pick<PrintJob, 'documentLabel' | 'documentTitle' | 'reprint'>): string {
  const title = job.documentTitle.trim();
  // The name the document was issued under (不予给付决定书 …), not its kind's generic name.
  const kind = job.documentLabel;
  // A test page's title is its label again: 测试页, not 测试页 测试页.
  const shownTitle = title && title !== kind ? ` ${title}` : '';
  return `${kind}${job.reprint ? '（补打）' : ''}${shownTitle}`;
}
