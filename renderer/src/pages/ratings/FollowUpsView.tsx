import { Alert, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { FOLLOW_UP_STAGE_LABELS, REMEDY_VERDICT_LABELS, type FollowUp } from '../../../../electron/contract/ratings';
import { useWindowInfo } from '../../app/frame-context';
import { keys, useHotkey } from '../../app/shortcuts';
import { errorMessage } from '../../shared/call-error';
import { formatInstantShort } from '../../shared/format';
import { daysOverdue } from './follow-up-actions';
import { SatisfactionTag } from '../../shared/satisfaction-tag';
import { ProvisionalTag } from '../../shared/case-tags';
import { useFollowUps } from './useFollowUps';

/** The follow-up page's address. */
export function followUpPath(id: string): string {
  return `/ratings/follow-ups/${id}`;
}

/** 已超期 N 天 in red, or the due date as it is; 暂定 beside an open one counted across an unpublished year. */
export function DueDate({ followUp, today }: { followUp: FollowUp; today: string }) {
  const provisional = followUp.stage !== 'closed' && followUp.dueProvisional ? <ProvisionalTag /> : null;
  if (followUp.stage !== 'closed' && followUp.overdue) {
    const days = daysOverdue(followUp.dueDate, today);
    return (
      <span className="due-overdue nowrap">
        {followUp.dueDate}{' '}
        <Tag color="error" className="overdue-tag">
          已超期{days > 0 ? ` ${days} 天` : ''}
        </Tag>
        {provisional}
      </span>
    );
  }
  return (
    <span className="nowrap">
      {followUp.dueDate} {provisional}
    </span>
  );
}

/** How a closed one ended: the applicant's verdict, or 申诉成立. */
function outcomeOf(f: FollowUp): string {
  if (f.rating.excluded) return '申诉成立';
  const closing = [...f.steps].reverse().find((s) => s.kind === 'closed');
  return closing?.verdict ? `群众评价：${REMEDY_VERDICT_LABELS[closing.verdict]}` : '已办结';
}

function FollowUpTable({ state, active }: { state: 'open' | 'closed'; active: boolean }) {
  const { timeZone, today } = useWindowInfo();
  const navigate = useNavigate();
  const list = useFollowUps(state);
  const rows = list.data ?? [];
  const [selected, setSelected] = useState<string | null>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const open = (id: string) => void navigate(followUpPath(id));

  // Keep a selection that is still listed; otherwise the first row (the most urgent).
  useEffect(() => {
    if (selected === null || !rows.some((r) => r.id === selected)) setSelected(rows[0]?.id ?? null);
  }, [rows, selected]);
  useEffect(() => {
    if (!selected) return;
    tableRef.current?.querySelector(`tr[data-row-key="${CSS.escape(selected)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const move = (delta: number) => {
    if (rows.length === 0) return;
    const i = rows.findIndex((r) => r.id === selected);
    setSelected(rows[Math.min(rows.length - 1, Math.max(0, i < 0 ? 0 : i + delta))]?.id ?? null);
  };
  // Only while this list is on screen: the other views of the page stay mounted behind it.
  useHotkey(keys.plain('ArrowDown'), () => move(1), { enabled: active });
  useHotkey(keys.plain('ArrowUp'), () => move(-1), { enabled: active });
  useHotkey(
    (e) => keys.plain('Enter')(e) && !(e.target instanceof HTMLButtonElement || e.target instanceof HTMLAnchorElement),
    () => {
      if (selected) open(selected);
    },
    { enabled: active },
  );

  const columns: TableColumnsType<FollowUp> = [
    {
      key: 'due',
      title: state === 'open' ? '办理期限' : '期限',
      width: 200,
      render: (_, f) => <DueDate followUp={f} today={today} />,
    },
    {
      key: 'stage',
      title: state === 'open' ? '状态' : '结果',
      // A closed one says how it ended (群众评价：基本满意), which needs the room.
      width: state === 'open' ? 110 : 170,
      render: (_, f) => (state === 'open' ? FOLLOW_UP_STAGE_LABELS[f.stage] : outcomeOf(f)),
    },
    { key: 'level', title: '评价', width: 104, render: (_, f) => <SatisfactionTag satisfaction={f.rating.satisfaction} /> },
    {
      key: 'rated',
      title: '评价时间',
      width: 130,
      render: (_, f) => <span className="nowrap">{formatInstantShort(f.rating.ratedAt, timeZone, today)}</span>,
    },
    { key: 'staff', title: '被评价人', width: 96, render: (_, f) => f.rating.staffName ?? <span className="muted">—</span> },
    { key: 'item', title: '事项', ellipsis: true, render: (_, f) => f.rating.itemName ?? <span className="muted">—</span> },
    {
      key: 'case',
      title: '办件',
      width: 200,
      render: (_, f) =>
        f.rating.caseId && f.rating.caseNumber ? (
          <Link to={`/cases/${f.rating.caseId}`} className="mono nowrap" onClick={(e) => e.stopPropagation()}>
            {f.rating.caseNumber}
          </Link>
        ) : (
          <span className="muted">—</span>
        ),
    },
  ];

  return (
    <div ref={tableRef}>
      {list.error && <Alert type="error" showIcon className="page-alert" title={`差评回访读取失败：${errorMessage(list.error)}`} />}
      <Table<FollowUp>
        className="follow-up-table"
        size="small"
        rowKey="id"
        aria-label={state === 'open' ? '待办的差评回访' : '已办结的差评回访'}
        loading={list.loading && !list.data}
        dataSource={rows}
        columns={columns}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: state === 'open' ? '没有待办的差评回访' : '还没有办结的差评回访' }}
        rowClassName={(f) => [f.id === selected ? 'row-selected' : '', state === 'open' && f.overdue ? 'row-overdue' : ''].join(' ')}
        onRow={(f) => ({
          onClick: () => {
            setSelected(f.id);
            open(f.id);
          },
        })}
      />
    </div>
  );
}

/**
 * 差评回访: each 差评's follow-up. 待办 lists the open ones, overdue first (已超期 in red with the
 * days past due), then by due date; 已办结 the closed ones, latest first. ↑/↓ choose, Enter opens.
 */
export function FollowUpsView({ active }: { active: boolean }) {
  const [tab, setTab] = useState<'open' | 'closed'>('open');
  return (
    <Tabs
      size="small"
      type="card"
      activeKey={tab}
      onChange={(k) => setTab(k === 'closed' ? 'closed' : 'open')}
      destroyOnHidden
      items={[
        { key: 'open', label: '待办', children: <FollowUpTable state="open" active={active && tab === 'open'} /> },
        { key: 'closed', label: '已办结', children: <FollowUpTable state="closed" active={active && tab === 'closed'} /> },
      ]}
    />
  );
}
