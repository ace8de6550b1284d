import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Form, Select, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { MethodArgs } from '../../../../electron/contract';
import { SATISFACTIONS, type Rating, type Satisfaction } from '../../../../electron/contract/ratings';
import { useCoreEvent, useQuery } from '../../api/hooks';
import { useOnReconnect, useWindowInfo } from '../../app/frame-context';
import { errorMessage } from '../../shared/call-error';
import { addDays, formatInstantShort } from '../../shared/format';
import { ItemSelect, type ItemValue } from '../cases/ItemSelect';
import { SATISFACTION_LABELS } from '../../shared/rating-words';
import { AttributionWord, SatisfactionTag } from '../../shared/satisfaction-tag';
import { StaffSelect } from './StaffSelect';

const PAGE_SIZE = 20;

interface Filters {
  dates: [Dayjs | null, Dayjs | null] | null;
  satisfactions: Satisfaction[];
  staffId: string | null;
  item: ItemValue | null;
}

const NO_FILTERS: Filters = { dates: null, satisfactions: [], staffId: null, item: null };

/** The call's arguments for the filters and a page (1-based). */
function toArgs(f: Filters, page: number): MethodArgs<'ratings.search'> {
  const [from, to] = f.dates ?? [null, null];
  return {
    ...(from ? { from: from.format('YYYY-MM-DD') } : {}),
    ...(to ? { to: to.format('YYYY-MM-DD') } : {}),
    ...(f.satisfactions.length > 0 ? { satisfactions: f.satisfactions } : {}),
    ...(f.staffId ? { staffId: f.staffId } : {}),
    ...(f.item ? { itemCode: f.item.value } : {}),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
}

/**
 * 评价记录: every rating of this window, newest first, as stored (nothing here can change one):
 * when, which level, the case it was given for, the item, the staff member, how it was tied to
 * them (一次一评 / 在岗人员 / 无人在岗), and 申诉成立 where an appeal took it out of the figures.
 * Filters apply at once; a new coin shows at the top of the first page by itself.
 */
export function RatingListView() {
  const { timeZone, today } = useWindowInfo();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const result = useQuery('ratings.search', toArgs(filters, page));

  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const reloadSoon = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(result.reload, 300);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  useCoreEvent('ratings.received', reloadSoon);
  // An appeal upheld marks its rating 申诉成立.
  useCoreEvent('ratings.followUpChanged', reloadSoon);
  useOnReconnect(result.reload);

  const apply = () => {
    setFilters(form.getFieldsValue(true) as Filters);
    setPage(1);
  };

  const todayDay = dayjs(today);
  const presets = [
    { label: '今天', value: [todayDay, todayDay] as [Dayjs, Dayjs] },
    { label: '近 7 天', value: [dayjs(addDays(today, -6)), todayDay] as [Dayjs, Dayjs] },
    { label: '本月', value: [todayDay.startOf('month'), todayDay] as [Dayjs, Dayjs] },
  ];

  const columns: TableColumnsType<Rating> = [
    {
      key: 'time',
      title: '评价时间',
      width: 130,
      render: (_, r) => <span className="nowrap">{formatInstantShort(r.ratedAt, timeZone, today)}</span>,
    },
    { key: 'level', title: '评价', width: 104, render: (_, r) => <SatisfactionTag satisfaction={r.satisfaction} /> },
    {
      key: 'case',
      title: '办件',
      width: 200,
      render: (_, r) =>
        r.caseId && r.caseNumber ? (
          <Link to={`/cases/${r.caseId}`} className="mono nowrap">
            {r.caseNumber}
          </Link>
        ) : (
          <span className="muted">—</span>
        ),
    },
    { key: 'item', title: '事项', ellipsis: true, render: (_, r) => r.itemName ?? <span className="muted">—</span> },
    { key: 'staff', title: '工作人员', width: 96, render: (_, r) => r.staffName ?? <span className="muted">—</span> },
    {
      key: 'attribution',
      title: '记入',
      width: 96,
      render: (_, r) => <AttributionWord attribution={r.attribution} />,
    },
    {
      key: 'excluded',
      title: '申诉',
      width: 110,
      render: (_, r) =>
        r.excluded ? (
          <Tooltip title="申诉复核成立：评价保留，不计入满意率">
            <Tag color="default" className="excluded-tag">
              申诉成立
            </Tag>
          </Tooltip>
        ) : r.followUpId ? (
          <Link to={`/ratings/follow-ups/${r.followUpId}`}>查看回访</Link>
        ) : null,
    },
  ];

  return (
    <div className="ratings-list">
      <Form<Filters> form={form} layout="inline" className="ratings-controls" initialValues={NO_FILTERS} onFinish={apply}>
        <Form.Item name="dates" label="日期">
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            presets={presets}
            disabledDate={(d) => d.isAfter(todayDay, 'day')}
            placeholder={['开始日期', '结束日期']}
            onChange={apply}
          />
        </Form.Item>
        <Form.Item name="satisfactions" label="评价">
          <Select
            mode="multiple"
            allowClear
            placeholder="全部评价"
            className="level-select"
            maxTagCount="responsive"
            options={SATISFACTIONS.map((s) => ({ value: s, label: SATISFACTION_LABELS[s] }))}
            onChange={apply}
          />
        </Form.Item>
        <Form.Item name="staffId" label="人员">
          <StaffSelect onChange={apply} />
        </Form.Item>
        <Form.Item name="item" label="事项" className="item-filter">
          <ItemSelect onChange={apply} />
        </Form.Item>
        <Button
          onClick={() => {
            form.setFieldsValue(NO_FILTERS);
            apply();
          }}
        >
          重置
        </Button>
        <Button type="text" icon={<ReloadOutlined />} onClick={result.reload}>
          刷新
        </Button>
      </Form>
      {result.error && <Alert type="error" showIcon className="page-alert" title={`评价记录读取失败：${errorMessage(result.error)}`} />}
      <Table<Rating>
        size="small"
        rowKey="id"
        aria-label="评价记录"
        loading={result.loading}
        dataSource={result.data?.ratings ?? []}
        columns={columns}
        rowClassName={(r) => (r.excluded ? 'rating-excluded' : '')}
        locale={{ emptyText: '没有符合条件的评价' }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: result.data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (total) => `共 ${total} 个评价`,
          onChange: setPage,
        }}
      />
    </div>
  );
}
