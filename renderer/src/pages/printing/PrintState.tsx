import { CheckCircleFilled, ClockCircleOutlined, ExclamationCircleFilled, LoadingOutlined, MinusCircleOutlined, WarningFilled } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { PrintJob } from '../../../../electron/contract';
import { jobStateText, jobTone, type JobTone } from './print-job-words';
import './printing.css';

const ICONS: Record<JobTone, ReactNode> = {
  progress: <LoadingOutlined />,
  done: <CheckCircleFilled />,
  waiting: <WarningFilled />,
  decide: <ExclamationCircleFilled />,
  over: <MinusCircleOutlined />,
};

/** A job's state in words, with its reason (`等待打印机：缺纸`), in the colour of its tone. */
export function PrintState({ job, className = '' }: { job: Pick<PrintJob, 'state' | 'reason'>; className?: string }) {
  const tone = jobTone(job.state);
  return (
    <span className={`print-state print-state-${tone} ${className}`} data-state={job.state}>
      {/* A spinner only while bytes go out: a queued job may sit behind a muted printer. */}
      <span aria-hidden>{job.state === 'queued' ? <ClockCircleOutlined /> : ICONS[tone]}</span>
      <span>{jobStateText(job)}</span>
    </span>
  );
}
