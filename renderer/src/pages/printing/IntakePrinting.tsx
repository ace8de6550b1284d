import { EyeOutlined, FileTextOutlined, PrinterOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Modal } from 'antd';
import { useCallback, useRef, useState } from 'react';
import type { IssuedDocumentSummary, PrintJob } from '../../../../electron/contract';
import { useCounter, useQuery } from '../../api/hooks';
import { useHealth } from '../../app/frame-context';
import { useHotkey } from '../../app/shortcuts';
import { errorMessage } from '../../shared/call-error';
import { DEVICE_STATE_LABELS } from '../../shared/health-labels';
import { DocumentPreview } from './DocumentPreview';
import { JobActions } from './JobActions';
import { useJobOnScreen } from './jobs-on-screen';
import { jobAdvice, latestJobOf, needsAttention } from './print-job-words';
import { PRINT_KEYS, printKey } from './print-keys';
import { PrintState } from './PrintState';
import { usePrintJobs } from './usePrintJobs';
import './printing.css';

interface Preview {
  documentId: string;
  reprint: boolean;
}

function KeyCap({ label }: { label: string }) {
  return (
    <kbd className="button-key" aria-hidden>
      {label}
    </kbd>
  );
}

/**
 * The paper of a case just decided, on the intake result: the 受理回执's print job as it goes
 * (待打印 with the printer's state when it is not connected, 正在打印 → 已打印, or 等待打印机：缺纸
 * in the warning colour with what to do), with 补打,
 * 重新打印 and 作废 where they apply, or 未配置回执打印机 and its preview; then a button per notice
 * the decision issued (受理通知书, 补正材料通知书 …), opening its preview over the result so that
 * closing it comes back here. Live from `printing.jobChanged`.
 */
export function IntakePrinting({ caseId }: { caseId: string }) {
  const client = useCounter();
  const { message } = AntApp.useApp();
  const documents = useQuery('printing.documents', { caseId });
  const belongs = useCallback((job: PrintJob) => job.caseId === caseId, [caseId]);
  const live = usePrintJobs({ caseId, limit: 50 }, belongs);
  const health = useHealth();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [printing, setPrinting] = useState(false);
  const printingRef = useRef(false);

  const docs = documents.data ?? [];
  const receipt = docs.find((d) => d.kind === 'acceptanceReceipt') ?? null;
  const notices = docs.filter((d) => d.medium === 'a4');
  const job = receipt ? (latestJobOf(live.jobs, receipt.id) ?? receipt.lastJob) : null;
  const printer = health.devices.find((d) => d.id === 'receiptPrinter');
  const noPrinter = printer === undefined || printer.state === 'not_configured';
  const firstNotice = notices[0];
  // This panel says the receipt job's state and what to do: no toast over it (PrintJobAlerts).
  useJobOnScreen(caseId);

  // A receipt without a job (automatic printing is off, or no printer when it was accepted): its
  // first paper is asked for here, unmarked and not recorded as 补打 (printing.print).
  const printReceipt = async (doc: IssuedDocumentSummary) => {
    if (printingRef.current) return;
    printingRef.current = true;
    setPrinting(true);
    try {
      live.put(await client.call('printing.print', { documentId: doc.id }));
      documents.reload();
    } catch (err) {
      void message.error(`打印回执失败：${errorMessage(err)}`);
    } finally {
      printingRef.current = false;
      setPrinting(false);
    }
  };

  const dialogOpen = preview !== null;
  useHotkey(printKey(PRINT_KEYS.preview), () => receipt && setPreview({ documentId: receipt.id, reprint: false }), {
    enabled: receipt !== null && !dialogOpen,
  });
  useHotkey(printKey(PRINT_KEYS.notice), () => firstNotice && setPreview({ documentId: firstNotice.id, reprint: false }), {
    enabled: firstNotice !== undefined && !dialogOpen,
  });
  useHotkey(printKey(PRINT_KEYS.reprint), () => receipt && void printReceipt(receipt), {
    enabled: receipt !== null && job === null && !noPrinter && !dialogOpen,
  });

  if (documents.error && !documents.data) {
    return (
      <div className="ik-print" aria-label="回执与通知书">
        <span className="muted">回执与通知书暂不能显示：{errorMessage(documents.error)}</span>
      </div>
    );
  }
  if (!documents.data) return null;
  if (!receipt && notices.length === 0) return null;

  const alarm = job !== null && needsAttention(job.state);
  const advice = job ? jobAdvice(job) : null;
  const previewButton = receipt && (
    <Button icon={<EyeOutlined />} onClick={() => setPreview({ documentId: receipt.id, reprint: false })} aria-keyshortcuts={PRINT_KEYS.preview.label}>
      预览回执
      <KeyCap label={PRINT_KEYS.preview.label} />
    </Button>
  );

  return (
    <section className={`ik-print${alarm ? ' ik-print-alarm' : ''}`} aria-label="回执与通知书">
      {receipt && (
        <div>
          <div className="ik-print-row">
            <span className="ik-print-label">受理回执</span>
            {noPrinter && job === null ? (
              <span className="ik-print-state print-state print-state-over" data-testid="receipt-state">
                未配置回执打印机
              </span>
            ) : job ? (
              <span data-testid="receipt-state" role={alarm ? 'alert' : undefined}>
                <PrintState job={job} className="ik-print-state" />
                {job.state === 'queued' && printer && printer.state !== 'connected' && (
                  // 待打印 behind a printer that is off or silent: say which, as the status bar does.
                  <span className="muted ik-print-printer" data-testid="receipt-printer-state">
                    （回执打印机{DEVICE_STATE_LABELS[printer.state]}
                    {printer.detail ? `：${printer.detail}` : ''}）
                  </span>
                )}
              </span>
            ) : (
              <span className="ik-print-state print-state print-state-over" data-testid="receipt-state">
                未打印
              </span>
            )}
            <span className="ik-print-buttons print-job-actions">
              {job ? (
                <JobActions
                  job={job}
                  withKeys={!dialogOpen}
                  onJob={live.put}
                  onReprinted={(next) => {
                    if (next) live.put(next);
                    documents.reload();
                  }}
                />
              ) : !noPrinter ? (
                <Button type="primary" icon={<PrinterOutlined />} loading={printing} onClick={() => void printReceipt(receipt)} aria-keyshortcuts={PRINT_KEYS.reprint.label}>
                  打印回执
                  <KeyCap label={PRINT_KEYS.reprint.label} />
                </Button>
              ) : null}
              {previewButton}
            </span>
          </div>
          {advice && <p className="ik-print-advice">{advice}</p>}
          {noPrinter && job === null && <p className="muted ik-print-advice">本窗口没有设置回执打印机：可预览回执内容，或由系统管理员在“设置”中配置打印机。</p>}
        </div>
      )}
      {!receipt && notices.some((n) => n.kind === 'acceptanceNotice') && (
        // Accepted, yet no receipt was issued: its builder failed (logged in the core; the case stands).
        <div className="ik-print-row">
          <span className="ik-print-label">受理回执</span>
          <span className="ik-print-state print-state print-state-over" data-testid="receipt-state" role="alert">
            回执无法生成
          </span>
          <span className="muted ik-print-advice">办件已受理；回执内容无法生成，请联系技术人员（详见日志），可先打印受理通知书交给申请人。</span>
        </div>
      )}
      {notices.length > 0 && (
        <div className="ik-print-notices">
          <span className="ik-print-label">通知书</span>
          {notices.map((n, i) => (
            <Button
              key={n.id}
              icon={<FileTextOutlined />}
              type={receipt ? 'default' : 'primary'}
              onClick={() => setPreview({ documentId: n.id, reprint: false })}
              aria-keyshortcuts={i === 0 ? PRINT_KEYS.notice.label : undefined}
            >
              预览/打印 {n.label}
              {i === 0 && <KeyCap label={PRINT_KEYS.notice.label} />}
            </Button>
          ))}
        </div>
      )}
      {preview && (
        <Modal
          open
          width={920}
          footer={null}
          title="文书预览"
          onCancel={() => setPreview(null)}
          className="doc-preview-modal"
          destroyOnHidden
        >
          <DocumentPreview
            documentId={preview.documentId}
            reprint={preview.reprint}
            inDialog
            onBack={() => setPreview(null)}
            onReprinted={documents.reload}
          />
        </Modal>
      )}
    </section>
  );
}
