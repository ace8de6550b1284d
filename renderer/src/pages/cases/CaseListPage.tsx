import { DownOutlined, ReloadOutlined, SearchOutlined, UpOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Empty, Form, Input, Select, Table, Tooltip, type InputRef } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  CASE_SEARCH_LIMITS,
  CASE_STATUSES,
  CASE_STATUS_LABELS,
  type CaseSearchInput,
  type CaseStatus,
  type CaseSummary,
} from '../../../../electron/contract';
import { useCoreEvent, useCounter } from '../../api/hooks';
import { useOnReconnect, useWindowInfo } from '../../app/frame-context';
import { keys, useHotkey } from '../../app/shortcuts';
import { splitCallError, type FieldName, showFieldErrors } from '../../shared/call-error';
import { CaseStatusTag, ProvisionalTag } from '../../shared/case-tags';
import { addDays, formatInstantShort } from '../../shared/format';
import { EMPTY_FILTERS, hasFilters, useCaseListState, type CaseFilters } from './case-list-state';
import { useCaseNumberWidth } from './useCaseNumberWidth';
import { ItemSelect, type ItemValue } from './ItemSelect';

const PAGE_SIZE = 50;
/** The most a refresh may ask for at once (the contract's limit). */
const MAX_LIMIT = 200;

interface FormValues {
  text: string;
  caseNumber: string;
  applicantName: string;
  idNumber: string;
  mobile: string;
  item: ItemValue | null;
  statuses: CaseStatus[];
  dates: [Dayjs | null, Dayjs | null] | null;
}

function toFormValues(f: CaseFilters): FormValues {
  return {
    text: f.text,
    caseNumber: f.caseNumber,
    applicantName: f.applicantName,
    idNumber: f.idNumber,
    mobile: f.mobile,
    item: f.item,
    statuses: f.statuses,
    dates: f.fromDate || f.toDate ? [f.fromDate ? dayjs(f.fromDate) : null, f.toDate ? dayjs(f.toDate) : null] : null,
  };
}

function toFilters(v: FormValues): CaseFilters {
  const [from, to] = v.dates ?? [null, null];
  return {
    text: v.text ?? '',
    caseNumber: v.caseNumber ?? '',
    applicantName: v.applicantName ?? '',
    idNumber: v.idNumber ?? '',
    mobile: v.mobile ?? '',
    item: v.item ?? null,
    statuses: v.statuses ?? [],
    fromDate: from ? from.format('YYYY-MM-DD') : null,
    toDate: to ? to.format('YYYY-MM-DD') : null,
  };
}

function toArgs(f: CaseFilters, cursor: string | null, limit: number): CaseSearchInput {
  return {
    text: f.text,
    caseNumber: f.caseNumber,
    applicantName: f.applicantName,
    idNumber: f.idNumber,
    mobile: f.mobile,
    itemCode: f.item?.value ?? '',
    statuses: f.statuses,
    fromDate: f.fromDate,
    toDate: f.toDate,
    cursor,
    limit,
  };
}

/** The core names the argument; the form names its field. */
function fieldFor(path: string): FieldName | null {
  if (path === 'fromDate' || path === 'toDate') return 'dates';
  if (path === 'itemCode') return 'item';
  if (['text', 'caseNumber', 'applicantName', 'idNumber', 'mobile', 'statuses'].includes(path)) return path;
  return null;
}

const MORE_FIELDS = ['caseNumber', 'applicantName', 'idNumber', 'mobile'] as const;

export function CaseListPage() {
  const client = useCounter();
  const navigate = useNavigate();
  const info = useWindowInfo();
  const [state, setState] = useCaseListState();
  const [form] = Form.useForm<FormValues>();
  const [loading, setLoading] = useState<'search' | 'more' | 'refresh' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const searchRef = useRef<InputRef>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const ticket = useRef(0);
  const stateRef = useRef(state);
  stateRef.current = state;

  /** Runs a search; only the newest one's answer is shown, whatever order answers arrive in. */
  const run = useCallback(
    async (filters: CaseFilters, mode: 'search' | 'more' | 'refresh') => {
      const current = stateRef.current;
      const my = ++ticket.current;
      setLoading(mode);
      const cursor = mode === 'more' ? current.nextCursor : null;
      const limit = mode === 'refresh' ? Math.min(MAX_LIMIT, Math.max(PAGE_SIZE, current.rows.length)) : PAGE_SIZE;
      try {
        const result = await client.call('cases.search', toArgs(filters, cursor, limit));
        if (my !== ticket.current) return;
        setFailure(null);
        setState((s) => {
          const rows = mode === 'more' ? [...s.rows, ...result.rows] : result.rows;
          const keep = s.selectedId !== null && rows.some((r) => r.id === s.selectedId);
          return {
            ...s,
            filters,
            rows,
            nextCursor: result.nextCursor,
            loaded: true,
            selectedId: keep ? s.selectedId : (rows[0]?.id ?? null),
          };
        });
      } catch (err) {
        if (my !== ticket.current) return;
        const { general, fields } = splitCallError(err, fieldFor);
        showFieldErrors(form, fields);
        setFailure(general);
        if (mode !== 'more') setState((s) => ({ ...s, filters, loaded: true }));
      } finally {
        if (my === ticket.current) setLoading(null);
      }
    },
    [client, form, setState],
  );

  // First visit: search. Coming back from a case: show what was there at once, then refresh it.
  useEffect(() => {
    const s = stateRef.current;
    void run(s.filters, s.loaded ? 'refresh' : 'search');
  }, [run]);

  useLayoutEffect(() => {
    const scroller = tableRef.current?.closest('.app-content');
    if (scroller) scroller.scrollTop = stateRef.current.scrollTop;
    return () => {
      const top = scroller?.scrollTop ?? 0;
      setState((s) => ({ ...s, scrollTop: top }));
    };
  }, [setState]);

  // Another window or the back office changed a case: the list may now be out of date.
  const refreshTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useCoreEvent('case.changed', () => {
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => void run(stateRef.current.filters, 'refresh'), 300);
  });
  useEffect(() => () => clearTimeout(refreshTimer.current), []);
  // Changes made while the event socket was down sent events nobody heard.
  useOnReconnect(() => void run(stateRef.current.filters, 'refresh'));

  const submit = () => {
    form.setFields(
      (['text', ...MORE_FIELDS, 'item', 'statuses', 'dates'] as const).map((name) => ({ name, errors: [] })),
    );
    void run(toFilters(form.getFieldsValue(true) as FormValues), 'search');
  };

  const reset = () => {
    form.setFieldsValue(toFormValues(EMPTY_FILTERS));
    submit();
  };

  const open = (id: string) => void navigate(`/cases/${id}`);

  const select = (id: string | null) => {
    setState((s) => ({ ...s, selectedId: id }));
  };

  // Keep the selected row in view when it moves by keyboard.
  useEffect(() => {
    if (!state.selectedId) return;
    const row = tableRef.current?.querySelector(`tr[data-row-key="${CSS.escape(state.selectedId)}"]`);
    row?.scrollIntoView({ block: 'nearest' });
  }, [state.selectedId]);

  const move = (delta: number) => {
    const { rows, selectedId } = stateRef.current;
    if (rows.length === 0) return;
    const index = rows.findIndex((r) => r.id === selectedId);
    const next = index < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, index + delta));
    select(rows[next]?.id ?? null);
  };

  useHotkey(keys.plain('/'), () => {
    searchRef.current?.focus({ cursor: 'all' });
  });
  useHotkey(keys.plain('ArrowDown'), () => move(1));
  useHotkey(keys.plain('ArrowUp'), () => move(-1));
  useHotkey(
    (e) => keys.plain('Enter')(e) && !(e.target instanceof HTMLButtonElement || e.target instanceof HTMLAnchorElement),
    () => {
      const id = stateRef.current.selectedId;
      if (id) open(id);
    },
  );

  const statusOptions = useMemo(() => CASE_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_LABELS[s] })), []);
  const today = dayjs(info.today);
  const presets = [
    { label: '今天', value: [today, today] as [Dayjs, Dayjs] },
    { label: '近 7 天', value: [dayjs(addDays(info.today, -6)), today] as [Dayjs, Dayjs] },
    { label: '近 30 天', value: [dayjs(addDays(info.today, -29)), today] as [Dayjs, Dayjs] },
    { label: '本月', value: [today.startOf('month'), today] as [Dayjs, Dayjs] },
  ];

  const numberWidth = useCaseNumberWidth(
    tableRef,
    state.rows.map((r) => r.caseNumber),
  );
  const columns: ColumnsType<CaseSummary> = [
    {
      title: '办件编号',
      dataIndex: 'caseNumber',
      width: numberWidth,
      className: 'nowrap',
      render: (v: string, r) => (
        <a
          className="mono nowrap"
          href={`#/cases/${r.id}`}
          onClick={(e) => {
            e.preventDefault();
            open(r.id);
          }}
        >
          {v}
        </a>
      ),
    },
    {
      title: '事项',
      dataIndex: 'itemName',
      ellipsis: { showTitle: false },
      render: (v: string, r) => (
        <Tooltip title={`${v}（${r.department}）`} placement="topLeft">
          <span>{v}</span>
        </Tooltip>
      ),
    },
    { title: '申请人', dataIndex: 'applicantName', width: 150, ellipsis: true },
    {
      title: '证件号码',
      dataIndex: 'applicantIdMasked',
      width: 176,
      render: (v: string) => <span className="mono nowrap">{v}</span>,
    },
    { title: '状态', dataIndex: 'status', width: 92, render: (v: CaseStatus) => <CaseStatusTag status={v} /> },
    {
      title: '收件时间',
      dataIndex: 'receivedAt',
      width: 136,
      render: (v: string) => formatInstantShort(v, info.timeZone, info.today),
    },
    {
      title: '承诺办结日',
      dataIndex: 'promisedDueDate',
      width: 136,
      render: (v: string | null, r) =>
        v ? (
          <span className="nowrap">
            {v}
            {r.promisedDueProvisional && <ProvisionalTag />}
          </span>
        ) : (
          <span className="muted">—</span>
        ),
    },
    { title: '经办人', dataIndex: 'staffName', width: 76, ellipsis: true },
  ];

  const filtered = hasFilters(state.filters);
  const moreCount = MORE_FIELDS.filter((f) => state.filters[f].trim() !== '').length;
  const empty =
    failure && state.rows.length === 0 ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="查询失败，请重试" />
    ) : filtered ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的办件">
        <Button onClick={reset}>清除全部条件</Button>
      </Empty>
    ) : (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有办件。在“受理”中收件后，办件会显示在这里。">
        <Button type="primary" onClick={() => void navigate('/intake')}>
          去受理（Alt+1）
        </Button>
      </Empty>
    );

  return (
    <div className="page case-list-page" ref={tableRef}>
      <div className="page-head">
        <h2 className="page-title">办件</h2>
        <Button
          icon={<ReloadOutlined />}
          loading={loading === 'refresh'}
          onClick={() => void run(state.filters, 'refresh')}
        >
          刷新
        </Button>
      </div>

      <Form<FormValues>
        form={form}
        className="case-search"
        initialValues={toFormValues(state.filters)}
        onFinish={submit}
        autoComplete="off"
      >
        <div className="case-search-main">
          <Form.Item name="text" className="case-search-text">
            <Input
              ref={searchRef}
              size="large"
              allowClear
              prefix={<SearchOutlined />}
              maxLength={CASE_SEARCH_LIMITS.text}
              aria-label="搜索办件"
              placeholder="输入办件编号、证件号码或统一社会信用代码、手机号码、申请人姓名（按 / 定位到此）"
              onKeyDown={(e) => {
                // ↓ leaves the box for the results, so Enter then opens the selected case.
                if (e.key === 'ArrowDown' && stateRef.current.rows.length > 0) {
                  e.preventDefault();
                  searchRef.current?.blur();
                  if (!stateRef.current.selectedId) select(stateRef.current.rows[0]?.id ?? null);
                }
              }}
            />
          </Form.Item>
          <Button type="primary" size="large" htmlType="submit" loading={loading === 'search'}>
            查询
          </Button>
          <Button size="large" onClick={reset}>
            重置
          </Button>
          <Button
            type="link"
            size="large"
            icon={state.moreOpen ? <UpOutlined /> : <DownOutlined />}
            iconPlacement="end"
            onClick={() => setState((s) => ({ ...s, moreOpen: !s.moreOpen }))}
            aria-expanded={state.moreOpen}
          >
            更多条件{moreCount > 0 && `（${moreCount}）`}
          </Button>
        </div>

        <div className="case-search-filters">
          <Form.Item name="statuses" label="状态">
            <Select
              mode="multiple"
              allowClear
              placeholder="全部状态"
              options={statusOptions}
              maxTagCount="responsive"
              onChange={submit}
            />
          </Form.Item>
          <Form.Item name="item" label="事项">
            <ItemSelect onChange={submit} />
          </Form.Item>
          <Form.Item name="dates" label="收件日期">
            <DatePicker.RangePicker
              allowEmpty={[true, true]}
              presets={presets}
              // The hall's today, not this PC's: no case can have been received after it.
              defaultPickerValue={[today.subtract(1, 'month'), today]}
              disabledDate={(d) => d.isAfter(today, 'day')}
              onChange={submit}
              placeholder={['开始日期', '结束日期']}
            />
          </Form.Item>
        </div>

        {state.moreOpen && (
          <div className="case-search-more">
            <Form.Item name="caseNumber" label="办件编号">
              <Input allowClear maxLength={CASE_SEARCH_LIMITS.caseNumber} placeholder="可只填开头部分" />
            </Form.Item>
            <Form.Item name="applicantName" label="申请人">
              <Input allowClear maxLength={CASE_SEARCH_LIMITS.applicantName} placeholder="姓名或单位名称开头" />
            </Form.Item>
            <Form.Item name="idNumber" label="证件号码">
              <Input allowClear maxLength={CASE_SEARCH_LIMITS.idNumber} placeholder="完整号码，含代办人证件" />
            </Form.Item>
            <Form.Item name="mobile" label="手机号码">
              <Input allowClear maxLength={CASE_SEARCH_LIMITS.mobile} placeholder="11 位手机号码" />
            </Form.Item>
          </div>
        )}
      </Form>

      {failure && (
        <Alert
          type="error"
          showIcon
          title={failure}
          className="page-alert"
          action={
            <Button size="small" onClick={() => void run(state.filters, 'search')}>
              重试
            </Button>
          }
        />
      )}

      <Table<CaseSummary>
        className="case-table"
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={state.rows}
        pagination={false}
        loading={loading === 'search'}
        locale={{ emptyText: loading === 'search' && !state.loaded ? ' ' : empty }}
        rowClassName={(r) => (r.id === state.selectedId ? 'row-selected' : '')}
        onRow={(r) => ({
          onClick: () => {
            select(r.id);
            open(r.id);
          },
        })}
      />

      <div className="case-list-foot">
        {state.rows.length > 0 && (
          <span className="muted">
            已显示 {state.rows.length} 件{state.nextCursor ? '，还有更早的办件' : '，已全部显示'}
          </span>
        )}
        {state.nextCursor && (
          <Button loading={loading === 'more'} onClick={() => void run(state.filters, 'more')}>
            加载更多
          </Button>
        )}
      </div>
    </div>
  );
}
