/**
 * The print jobs a clerk has to look at (the status bar's count): those that failed (未打印), whose
 * outcome is unknown (打印结果不明) — both wait for the clerk's 补打 / 重新打印 / 作废 — and those
 * waiting for the printer (等待打印机: paper out, cover open, offline). Pure.
 */
import { PRINT_JOB_STATE_LABELS, type PrintJob, type PrintJobState } from '../../../electron/contract';

/** The states counted, as `printing.listJobs` is asked for them. */
export const ATTENTION_STATES = ['failed', 'unknown', 'waiting'] as const satisfies readonly PrintJobState[];
type AttentionState = (typeof ATTENTION_STATES)[number];

export interface PrintAttention {
  total: number;
  byState: Record<AttentionState, number>;
  /** `error` when a job needs the clerk's decision (failed, unknown); `warning` when jobs only wait. */
  level: 'none' | 'warning' | 'error';
  /** `未打印 1 · 打印结果不明 1 · 等待打印机 2` (only the states present). */
  words: string;
}

function isAttention(state: PrintJobState): state is AttentionState {
  return (ATTENTION_STATES as readonly PrintJobState[]).includes(state);
}

/** Counts `jobs` by the attention states (others are ignored, whatever the list held). */
export function printAttention(jobs: readonly Pick<PrintJob, 'state'>[]): PrintAttention {
  const byState: Record<AttentionState, number> = { failed: 0, unknown: 0, waiting: 0 };
  for (const job of jobs) if (isAttention(job.state)) byState[job.state] += 1;
  const total = byState.failed + byState.unknown + byState.waiting;
  const level = byState.failed + byState.unknown > 0 ? 'error' : total > 0 ? 'warning' : 'none';
  const words = ATTENTION_STATES.filter((s) => byState[s] > 0)
    .map((s) => `${PRINT_JOB_STATE_LABELS[s]} ${byState[s]}`)
    .join(' · ');
  return { total, byState, level, words };
}
