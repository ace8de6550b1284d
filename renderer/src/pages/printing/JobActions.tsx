import { App as AntApp, Button } from 'antd';
import { useRef, useState } from 'react';
import { PRINTER_LABELS, type PrintJob } from '../../../../electron/contract';
import { useCounter } from '../../api/hooks';
import { useHotkey } from '../../app/shortcuts';
import { errorMessage } from '../../shared/call-error';
import { DiscardJobDialog } from './DiscardJobDialog';
import { jobActs } from './print-job-words';
import { PRINT_KEYS, printKey, type PrintKey } from './print-keys';

type Act = 'retry' | 'confirm' | 'reprint' | 'print' | 'discard';

interface JobActionsProps {
  job: PrintJob;
  /** The job as the core now has it, after 重新打印 or 作废. */
  onJob: (job: PrintJob) => void;
  /** A 补打 was made (recorded as reprinted on its case), or the first 打印 of a document never on paper: the new job. */
  onReprinted?: (job: PrintJob | null) => void;
  /** Bind the Alt keys of PRINT_KEYS and show them on the buttons (one place on screen at a time). */
  withKeys?: boolean;
  size?: 'small' | 'middle' | 'large';
  /** Leave out 补打 (where it is offered beside the job anyway, for the document). */
  noReprint?: boolean;
}

function KeyCap({ k, shown }: { k: PrintKey; shown: boolean }) {
  return shown ? (
    <kbd className="button-key" aria-hidden>
      {k.label}
    </kbd>
  ) : null;
}

/**
 * 补打 / 重新打印 / 作废 for one job, each only where its state allows it (print-job-words.ts
 * jobActs). A document never on paper (`documentSent` false: its jobs failed or were discarded
 * before any byte went) gets no 补打: its next copy is the first, 打印 (`printing.print`,
 * unmarked, not recorded as 补打), offered where 重新打印 is not. A click works once: a second one while the first is on its way is ignored, so a
 * hurried double click never prints two receipts.
 */
export function JobActions({ job, onJob, onReprinted, withKeys = false, size = 'middle', noReprint = false }: JobActionsProps) {
  const client = useCounter();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState<Act | null>(null);
  const busyRef = useRef(false);
  const [discarding, setDiscarding] = useState(false);
  const acts = jobActs(job);
  const kind = job.documentLabel;
  const firstPrint = acts.reprint && !job.documentSent && !acts.retry;
  const reprintOffered = acts.reprint && job.documentSent && !noReprint;

  const run = async (act: Exclude<Act, 'discard'>) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(act);
    try {
      if (act === 'retry') {
        const next = await client.call('printing.retry', { jobId: job.id });
        onJob(next);
        // A printer still out of order holds the job again: say so, not 已发送.
        if (next.state === 'waiting') void message.warning(`仍在等待打印机：${next.reason ?? `${PRINTER_LABELS[next.printer]}恢复后自动打印`}`);
        else void message.info(`${kind}已重新发送到打印机`);
      } else if (act === 'confirm') {
        onJob(await client.call('printing.confirmPrinted', { jobId: job.id }));
        void message.success(`已确认${kind}已打印`);
      } else if (act === 'print') {
        const next = await client.call('printing.print', { documentId: job.documentId });
        onJob(next);
        onReprinted?.(next);
        void message.info(`${kind}已发送到打印机`);
      } else {
        const result = await client.call('printing.reprint', { documentId: job.documentId });
        if (result.job) onJob(result.job);
        onReprinted?.(result.job);
        void message.success(`已补打${kind}（纸上标“补打”，已记入办件）`);
      }
    } catch (err) {
      const what = act === 'retry' ? '重新打印' : act === 'confirm' ? '确认已打印' : act === 'print' ? '打印' : '补打';
      void message.error(`${what}失败：${errorMessage(err)}`);
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
  };

  const live = withKeys && !discarding;
  useHotkey(printKey(PRINT_KEYS.reprint), () => void run(firstPrint ? 'print' : 'reprint'), { enabled: live && (reprintOffered || (firstPrint && !noReprint)) });
  useHotkey(printKey(PRINT_KEYS.retry), () => void run('retry'), { enabled: live && acts.retry });
  useHotkey(printKey(PRINT_KEYS.confirm), () => void run('confirm'), { enabled: live && acts.confirm });
  useHotkey(printKey(PRINT_KEYS.discard), () => setDiscarding(true), { enabled: live && acts.discard });

  return (
    <span className="print-job-actions">
      {acts.retry && (
        // While the printer is out of order a retry only waits again: the primary step then is the printer itself.
        <Button size={size} type={job.state === 'failed' ? 'primary' : 'default'} loading={busy === 'retry'} onClick={() => void run('retry')} aria-keyshortcuts={withKeys ? PRINT_KEYS.retry.label : undefined}>
          重新打印
          <KeyCap k={PRINT_KEYS.retry} shown={withKeys} />
        </Button>
      )}
      {acts.confirm && (
        // The paper came out after all: the job is done, nothing is printed again.
        <Button size={size} type="primary" loading={busy === 'confirm'} onClick={() => void run('confirm')} aria-keyshortcuts={withKeys ? PRINT_KEYS.confirm.label : undefined}>
          确认已打印
          <KeyCap k={PRINT_KEYS.confirm} shown={withKeys} />
        </Button>
      )}
      {firstPrint && !noReprint && (
        <Button size={size} type="primary" loading={busy === 'print'} onClick={() => void run('print')} aria-keyshortcuts={withKeys ? PRINT_KEYS.reprint.label : undefined}>
          打印{kind}
          <KeyCap k={PRINT_KEYS.reprint} shown={withKeys} />
        </Button>
      )}
      {reprintOffered && (
        <Button
          size={size}
          // Never the primary step: after 已打印 it is 继续受理, for an unknown job it is looking at the paper (确认已打印).
          type="default"
          loading={busy === 'reprint'}
          onClick={() => void run('reprint')}
          aria-keyshortcuts={withKeys ? PRINT_KEYS.reprint.label : undefined}
        >
          补打
          <KeyCap k={PRINT_KEYS.reprint} shown={withKeys} />
        </Button>
      )}
      {acts.discard && (
        <Button size={size} danger onClick={() => setDiscarding(true)} disabled={busy !== null} aria-keyshortcuts={withKeys ? PRINT_KEYS.discard.label : undefined}>
          作废
          <KeyCap k={PRINT_KEYS.discard} shown={withKeys} />
        </Button>
      )}
      {discarding && (
        <DiscardJobDialog
          job={job}
          onClose={() => setDiscarding(false)}
          onDone={(next) => {
            setDiscarding(false);
            onJob(next);
            void message.success(`已作废${kind}打印任务`);
          }}
        />
      )}
    </span>
  );
}
