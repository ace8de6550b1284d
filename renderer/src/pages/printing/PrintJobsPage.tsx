import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Table, type TableColumnsType } from 'antd';
import { useCallback, useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { PRINTER_LABELS, type PrintJob } from '../../../../electron/contract';
import { useWindowInfo } from '../../app/frame-context';
import { errorMessage } from '../../shared/call-error';
import { formatInstantShort } from '../../shared/format';
import { documentPath } from './DocumentPreviewPage';
import { JobActions } from './JobActions';
import { jobAdvice, jobTitle, needsAttention, sortJobs } from './print-job-words';
import { PrintState } from './PrintState';
import { usePrintJobs } from './usePrintJobs';
import './printing.css';

/** How many jobs the page reads: the attention ones are few, the rest is recent history. */
const LIST_LIMIT = 200;

const everyJob = () => true;

/**
 * 打印任务: the jobs that need the clerk first (未打印, 打印结果不明, 等待打印机 — each with its
 * reason and what to do), then those recently printed or discarded. Live from
 * `printing.jobChanged`: a printer that comes back moves its waiting job down by itself.
 */
export function PrintJobsPage() {
  const { timeZone, today } = useWindowInfo();
  const navigate = useNavigate();
  const live = usePrintJobs({ limit: LIST_LIMIT }, everyJob);
  const sorted = useMemo(() => sortJobs(live.jobs), [live.jobs]);
  const attention = sorted.filter((j) => needsAttention(j.state));
  const rest = sorted.filter((j) => !needsAttention(j.state));

  const columns = useCallback(
    (withAdvice: boolean): TableColumnsType<PrintJob> => [
      {
        key: 'state',
        title: '状态',
        width: 260,
        render: (_, j) => (
          <div>
            <PrintState job={j} />
            {withAdvice && jobAdvice(j) && <div className="muted print-job-row-reason">{jobAdvice(j)}</div>}
          </div>
        ),
      },
      { key: 'doc', title: '文书', render: (_, j) => jobTitle(j) },
      {
        key: 'case',
        title: '办件',
        render: (_, j) =>
          j.caseId && j.caseNumber ? (
            <Link to={`/cases/${j.caseId}`} className="mono">
              {j.caseNumber}
            </Link>
          ) : (
            <span className="muted">—</span>
          ),
      },
      { key: 'printer', title: '打印机', render: (_, j) => PRINTER_LABELS[j.printer] },
      {
        key: 'time',
        title: '时间',
        render: (_, j) => <span className="nowrap">{formatInstantShort(j.printedAt ?? j.updatedAt, timeZone, today)}</span>,
      },
      {
        key: 'actions',
        title: '操作',
        render: (_, j) => (
          <span className="print-job-actions">
            <JobActions job={j} size="small" onJob={live.put} onReprinted={(next) => next && live.put(next)} />
            <Button size="small" onClick={() => void navigate(documentPath(j.documentId, j.reprint))}>
              预览
            </Button>
          </span>
        ),
      },
    ],
    [live.put, navigate, timeZone, today],
  );

  return (
    <div className="page print-jobs-page">
      <div className="page-head">
        <h2 className="page-title">打印任务</h2>
        <Button type="text" icon={<ReloadOutlined />} onClick={live.reload}>
          刷新
        </Button>
      </div>
      <p className="muted page-lead">
        未打印、结果不明和等待打印机的任务排在前面。结果不明的可能已打印：请先看打印机出纸口，已出纸的点“确认已打印”，没有出纸的点“补打”。
      </p>
      {Boolean(live.error) && <Alert type="error" showIcon className="page-alert" title={`打印任务读取失败：${errorMessage(live.error)}`} />}
      <Card size="small" className="section-card print-jobs-section" title={`需要处理（${attention.length}）`}>
        <Table<PrintJob>
          size="small"
          rowKey="id"
          loading={!live.loaded}
          pagination={false}
          dataSource={attention}
          columns={columns(true)}
          aria-label="需要处理的打印任务"
          locale={{ emptyText: '没有需要处理的打印任务' }}
        />
      </Card>
      <Card size="small" className="section-card print-jobs-section" title="最近的打印">
        <Table<PrintJob>
          size="small"
          rowKey="id"
          loading={!live.loaded}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          dataSource={rest}
          columns={columns(false)}
          aria-label="最近的打印任务"
          locale={{ emptyText: '还没有打印任务' }}
        />
      </Card>
    </div>
  );
}
