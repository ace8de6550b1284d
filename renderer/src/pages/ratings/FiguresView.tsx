import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Form, Radio, Table, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { SATISFACTIONS, type RatingGrouping, type RatingSummaryRow } from '../../../../electron/contract/ratings';
import { useCoreEvent, useQuery } from '../../api/hooks';
import { useOnReconnect, useWindowInfo } from '../../app/frame-context';
import { errorMessage } from '../../shared/call-error';
import { PERIOD_LABELS, periodRange, type PeriodKind } from './period';
import { RateByDayChart } from './RateByDayChart';
import { formatRate, SATISFACTION_LABELS } from '../../shared/rating-words';
import { SatisfactionBars, SatisfactionLegend } from './SatisfactionBars';

const GROUP_LABELS: { readonly [G in RatingGrouping]: string } = {
  window: '窗口',
  staff: '人员',
  item: '事项',
  day: '日期',
};
const GROUPINGS = Object.keys(GROUP_LABELS) as RatingGrouping[];
const PERIODS = Object.keys(PERIOD_LABELS) as PeriodKind[];

/** How long to wait after a coin before asking for the figures again (a burst of coins: one call). */
const REFRESH_DELAY_MS = 300;

/**
 * 评价统计: a period (今日, 本周, 本月 or a chosen pair of dates), a grouping (窗口, 人员, 事项,
 * 日期), and for it the five levels' counts, total and 满意率 per group as a table and as
 * stacked bars — plus 满意率 day by day when grouped by 日期. Ratings whose appeal was upheld
 * (申诉成立) are not counted; the table says how many were left out. Live: a new coin or a
 * follow-up step (an appeal upheld changes the figures) asks again.
 */
export function FiguresView() {
  const { today } = useWindowInfo();
  const [kind, setKind] = useState<PeriodKind>('today');
  const [from, setFrom] = useState<Dayjs | null>(null);
  const [to, setTo] = useState<Dayjs | null>(null);
  const [groupBy, setGroupBy] = useState<RatingGrouping>('window');

  const period = periodRange(
    kind === 'custom' ? { kind, from: from?.format('YYYY-MM-DD') ?? null, to: to?.format('YYYY-MM-DD') ?? null } : { kind },
    today,
  );
  const range = period.ok ? period.range : null;
  const summary = useQuery('ratings.summary', range ? { from: range.from, to: range.to, groupBy } : null);

  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const reloadSoon = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(summary.reload, REFRESH_DELAY_MS);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  useCoreEvent('ratings.received', reloadSoon);
  useCoreEvent('ratings.followUpChanged', reloadSoon);
  useOnReconnect(summary.reload);

  const data = summary.data;
  // The 合计 line under the groups; none when there is nothing to add up.
  const rows = useMemo(() => (data && data.rows.length > 0 ? [...data.rows, { ...data.all, key: '__all__', label: '合计' }] : []), [data]);
  const columns: TableColumnsType<RatingSummaryRow> = [
    { key: 'label', title: GROUP_LABELS[groupBy], dataIndex: 'label', ellipsis: true },
    ...SATISFACTIONS.map((s) => ({
      key: s,
      title: SATISFACTION_LABELS[s],
      align: 'right' as const,
      width: 100,
      render: (_: unknown, r: RatingSummaryRow) => r.counts[s],
    })),
    { key: 'total', title: '合计', align: 'right', width: 72, dataIndex: 'total' },
    {
      key: 'rate',
      title: '满意率',
      align: 'right',
      width: 80,
      render: (_, r) => <strong>{formatRate(r.satisfactionRate)}</strong>,
    },
    {
      key: 'excluded',
      title: '申诉成立（不计入）',
      align: 'right',
      width: 160,
      render: (_, r) => (r.excluded > 0 ? r.excluded : <span className="muted">0</span>),
    },
  ];

  const todayDay = dayjs(today);
  return (
    <div className="ratings-figures">
      <Form layout="inline" className="ratings-controls" onSubmitCapture={(e) => e.preventDefault()}>
        <Form.Item label="时间">
          <Radio.Group
            aria-label="时间"
            optionType="button"
            value={kind}
            onChange={(e) => setKind(e.target.value as PeriodKind)}
            options={PERIODS.map((p) => ({ value: p, label: PERIOD_LABELS[p] }))}
          />
        </Form.Item>
        {kind === 'custom' && (
          <>
            <Form.Item
              label="开始日期"
              htmlFor="ratings-from"
              validateStatus={!period.ok && period.errors.from ? 'error' : undefined}
              help={!period.ok ? period.errors.from : undefined}
            >
              <DatePicker
                id="ratings-from"
                value={from}
                onChange={setFrom}
                placeholder="开始日期"
                disabledDate={(d) => d.isAfter(todayDay, 'day')}
                autoFocus
              />
            </Form.Item>
            <Form.Item
              label="结束日期"
              htmlFor="ratings-to"
              validateStatus={!period.ok && period.errors.to ? 'error' : undefined}
              help={!period.ok ? period.errors.to : undefined}
            >
              <DatePicker id="ratings-to" value={to} onChange={setTo} placeholder="结束日期" disabledDate={(d) => d.isAfter(todayDay, 'day')} />
            </Form.Item>
          </>
        )}
        <Form.Item label="分组">
          <Radio.Group
            aria-label="分组"
            optionType="button"
            value={groupBy}
            onChange={(e) => setGroupBy(e.target.value as RatingGrouping)}
            options={GROUPINGS.map((g) => ({ value: g, label: GROUP_LABELS[g] }))}
          />
        </Form.Item>
        <Button type="text" icon={<ReloadOutlined />} onClick={summary.reload} disabled={!range}>
          刷新
        </Button>
      </Form>
      {range && (
        <p className="muted ratings-range">
          {range.from === range.to ? range.from : `${range.from} 至 ${range.to}`}
          ：满意率 =（非常满意 + 满意 + 基本满意）÷ 评价总数；申诉成立的评价保留但不计入。
        </p>
      )}
      {summary.error && <Alert type="error" showIcon className="page-alert" title={`评价统计读取失败：${errorMessage(summary.error)}`} />}
      <Card size="small" className="section-card" title={`按${GROUP_LABELS[groupBy]}统计`}>
        <Table<RatingSummaryRow>
          size="small"
          rowKey="key"
          aria-label="评价统计表"
          loading={summary.loading && !data}
          pagination={false}
          dataSource={rows}
          columns={columns}
          rowClassName={(r) => (r.key === '__all__' ? 'summary-all-row' : '')}
          locale={{ emptyText: '该时间段没有评价' }}
        />
      </Card>
      {data && data.rows.length > 0 && (
        <Card size="small" className="section-card" title="评价构成" extra={<SatisfactionLegend />}>
          <SatisfactionBars rows={data.rows} />
        </Card>
      )}
      {data && range && groupBy === 'day' && (
        <Card size="small" className="section-card" title="每日满意率">
          <RateByDayChart rows={data.rows} range={range} />
        </Card>
      )}
    </div>
  );
}
