import { App as AntApp, Button, Card, Table } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { PRINTER_LABELS, type IssuedDocumentSummary, type PrintJob, type PrinterId } from '../../../../electron/contract';
import { useCoreEvent, useCounter, useQuery } from '../../api/hooks';
import { useHealth, useWindowInfo } from '../../app/frame-context';
import { useHotkey } from '../../app/shortcuts';
import { errorMessage } from '../../shared/call-error';
import { formatInstant } from '../../shared/format';
import { documentPath } from '../printing/DocumentPreviewPage';
import { latestJobOf } from '../printing/print-job-words';
import { PRINT_KEYS, printKey } from '../printing/print-keys';
import { PrintState } from '../printing/PrintState';
import { usePrintJobs } from '../printing/usePrintJobs';
import '../printing/printing.css';

/**
 * 文书: every document issued for the case (受理回执, the notices), with its 文书编号, when it was
 * issued, how its last print went and how often it was reprinted. 预览 shows it as issued; 补打
 * prints it again marked 补打 and records that on the case: a receipt goes straight to its
 * printer, a notice opens its 补打 preview, printed from there (DocumentPreview). A receipt never
 * on paper (automatic printing off, no printer when it was accepted) offers 打印 instead: its
 * first copy, unmarked and not recorded as 补打 (`printing.print`). Alt+W comes here from
 * anywhere on the page.
 */
export function CaseDocuments({ caseId, onReprinted }: { caseId: string; onReprinted: () => void }) {
  const client = useCounter();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const { timeZone } = useWindowInfo();
  const health = useHealth();
  /** The printer a thermal document needs for its 补打, when this window has none set up; null otherwise. */
  const missingPrinter = (d: IssuedDocumentSummary): PrinterId | null => {
    if (d.medium !== 'thermal') return null;
    const id: PrinterId = d.lastJob?.printer ?? (d.kind === 'queueTicket' ? 'ticketPrinter' : 'receiptPrinter');
    const device = health.devices.find((x) => x.id === id);
    return device === undefined || device.state === 'not_configured' ? id : null;
  };
  const documents = useQuery('printing.documents', { caseId });
  const belongs = useCallback((job: PrintJob) => job.caseId === caseId, [caseId]);
  const live = usePrintJobs({ caseId, limit: 100 }, belongs);
  const [busy, setBusy] = useState<string | null>(null);
  const busyRef = useRef(false);
  const cardRef = useRef<HTMLDivElement>(null);
  const reload = documents.reload;

  // A 补打 made elsewhere (打印任务, another tab) changes the counts here.
  useCoreEvent('printing.jobChanged', (job) => {
    if (job.caseId === caseId && job.reprint && job.state === 'queued') reload();
  });
  useHotkey(printKey(PRINT_KEYS.documents), () => cardRef.current?.querySelector<HTMLElement>('button')?.focus());

  /** A thermal document never on paper: its next copy is the first (打印), not a 补打. */
  const firstPrint = (d: IssuedDocumentSummary, job: PrintJob | null): boolean =>
    d.medium === 'thermal' && !d.sent && !(job?.documentSent ?? false);

  const print = async (doc: IssuedDocumentSummary) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(doc.id);
    try {
      live.put(await client.call('printing.print', { documentId: doc.id }));
      void message.success(`${doc.label}已发送到打印机`);
      reload();
    } catch (err) {
      void message.error(`打印失败：${errorMessage(err)}`);
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
  };

  const reprint = async (doc: IssuedDocumentSummary) => {
    if (doc.medium === 'a4') {
      void navigate(documentPath(doc.id, true));
      return;
    }
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(doc.id);
    try {
      const result = await client.call('printing.reprint', { documentId: doc.id });
      if (result.job) live.put(result.job);
      void message.success(`已补打${doc.label}（纸上标“补打”，已记入办理过程）`);
      reload();
      onReprinted();
    } catch (err) {
      void message.error(`补打失败：${errorMessage(err)}`);
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
  };

  const rows = documents.data ?? [];
  return (
    <div ref={cardRef}>
      <Card
        size="small"
        className="section-card case-documents"
        title={
          <span>
            文书{' '}
            <kbd className="button-key" aria-hidden>
              {PRINT_KEYS.documents.label}
            </kbd>
          </span>
        }
        extra={<span className="muted">{rows.length} 份</span>}
      >
        {documents.error && !documents.data ? (
          <span className="muted">文书暂不能显示：{errorMessage(documents.error)}</span>
        ) : (
          <Table<IssuedDocumentSummary>
            size="small"
            rowKey="id"
            loading={!documents.data}
            pagination={false}
            dataSource={rows}
            aria-label="已出具的文书"
            locale={{ emptyText: '本办件尚未出具文书' }}
            columns={[
              { key: 'kind', title: '文书', render: (_, d) => d.label },
              { key: 'number', title: '文书编号', render: (_, d) => <span className="mono">{d.documentNumber ?? '—'}</span> },
              { key: 'issued', title: '出具时间', render: (_, d) => <span className="nowrap">{formatInstant(d.issuedAt, timeZone)}</span> },
              {
                key: 'print',
                title: '打印情况',
                render: (_, d) => {
                  const job = latestJobOf(live.jobs, d.id) ?? d.lastJob;
                  if (job)
                    return (
                      <span>
                        <PrintState job={job} />
                        {job.reprint && <span className="muted">（补打）</span>}
                      </span>
                    );
                  return <span className="muted">{d.medium === 'a4' ? '在预览中打印' : '未打印'}</span>;
                },
              },
              { key: 'reprints', title: '补打', align: 'right', render: (_, d) => (d.reprints > 0 ? `${d.reprints} 次` : '—') },
              {
                key: 'actions',
                title: '操作',
                render: (_, d) => {
                  const missing = missingPrinter(d);
                  const job = latestJobOf(live.jobs, d.id) ?? d.lastJob;
                  if (firstPrint(d, job)) {
                    const onItsWay = job !== null && (job.state === 'queued' || job.state === 'waiting' || job.state === 'sending');
                    return (
                      <span className="print-job-actions">
                        <Button size="small" onClick={() => void navigate(documentPath(d.id))} aria-label={`预览${d.label}`}>
                          预览
                        </Button>
                        <Button
                          size="small"
                          type="primary"
                          loading={busy === d.id}
                          disabled={missing !== null || onItsWay}
                          title={missing ? `未配置${PRINTER_LABELS[missing]}，不能打印` : onItsWay ? '已在打印队列中' : '第一次打印，纸上不标补打'}
                          onClick={() => void print(d)}
                          aria-label={`打印${d.label}`}
                        >
                          打印
                        </Button>
                      </span>
                    );
                  }
                  return (
                    <span className="print-job-actions">
                      <Button size="small" onClick={() => void navigate(documentPath(d.id))} aria-label={`预览${d.label}`}>
                        预览
                      </Button>
                      <Button
                        size="small"
                        loading={busy === d.id}
                        disabled={missing !== null}
                        title={missing ? `未配置${PRINTER_LABELS[missing]}，不能补打` : undefined}
                        onClick={() => void reprint(d)}
                        aria-label={`补打${d.label}`}
                      >
                        补打
                      </Button>
                    </span>
                  );
                },
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
