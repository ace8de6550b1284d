import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Result, Skeleton, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { CaseDetail } from '../../../../electron/contract';
import { useCoreEvent, useCounter } from '../../api/hooks';
import { useOnReconnect, useWindowInfo } from '../../app/frame-context';
import { isDialogOpen, keys, useHotkey } from '../../app/shortcuts';
import { errorMessage, isCallError, isStaleCase } from '../../shared/call-error';
import { CaseStatusTag, CaseTypeTag, ItemTypeTag, ProvisionalTag } from '../../shared/case-tags';
import { formatInstant } from '../../shared/format';
import { CaseActions } from './actions/CaseActions';
import type { RunOwnAction } from './actions/own-action';
import { actionAnswered, actionSent, caseChanged, NO_OWN_ACTIONS, type OwnActions } from './case-change';
import { CaseDocuments } from './CaseDocuments';
import { CaseDeferrals, CaseMaterials } from './CaseMaterials';
import { CaseOutcomes } from './CaseOutcomes';
import { CaseParties } from './CaseParties';
import { CaseRatings } from './CaseRatings';
import { CaseTimeline } from './CaseTimeline';

function DueDate({ date, provisional }: { date: string | null; provisional: boolean }) {
  if (!date) return <span className="muted">受理后确定</span>;
  return (
    <span className="nowrap">
      {date}
      {provisional && <ProvisionalTag />}
    </span>
  );
}

function KeyFacts({ detail }: { detail: CaseDetail }) {
  const { timeZone } = useWindowInfo();
  const closed = detail.closedAt !== null;
  return (
    <Card size="small" className="section-card">
      <Descriptions
        size="small"
        column={3}
        items={[
          { key: 'received', label: '收件时间', children: formatInstant(detail.receivedAt, timeZone) },
          { key: 'accepted', label: '受理时间', children: detail.acceptedAt ? formatInstant(detail.acceptedAt, timeZone) : '—' },
          // The queue ticket served when the case was accepted (issue 17 §3); only for a case that has one.
          ...(detail.acceptedTicket
            ? [{ key: 'ticket', label: '号票', children: `${detail.acceptedTicket.number}（${detail.acceptedTicket.serviceDay}）` }]
            : []),
          {
            key: 'closed',
            label: '办结/关闭',
            children: closed ? formatInstant(detail.closedAt, timeZone) : <span className="muted">未办结</span>,
          },
          {
            key: 'promised',
            label: '承诺办结日',
            children: <DueDate date={detail.promisedDueDate} provisional={detail.promisedDueProvisional} />,
          },
          {
            key: 'legal',
            label: '法定办结日',
            children: <DueDate date={detail.legalDueDate} provisional={detail.legalDueProvisional} />,
          },
          { key: 'window', label: '收件窗口', children: `${detail.windowNumber}号窗口 · ${detail.staffName || '—'}` },
          {
            key: 'item',
            label: '事项编码',
            span: 3,
            children: (
              <span className="mono">
                {detail.itemCode} <span className="muted">（版本 {detail.itemVersion}）</span>
              </span>
            ),
          },
        ]}
      />
    </Card>
  );
}

/**
 * Focuses `target` once no dialog is up: a modal keeps focus inside itself until it has closed,
 * and a confirm box closes only after its action has returned.
 */
function focusAfterDialogs(target: () => HTMLElement | null | undefined): () => void {
  let frame = 0;
  let frames = 0;
  const attempt = () => {
    // About two seconds at most: a dialog the clerk opened meanwhile keeps its focus.
    if (isDialogOpen({ countLeaving: true })) {
      if (frames++ < 120) frame = requestAnimationFrame(attempt);
      return;
    }
    target()?.focus();
  };
  frame = requestAnimationFrame(attempt);
  return () => cancelAnimationFrame(frame);
}

type Load = { state: 'loading' } | { state: 'failed'; error: unknown } | { state: 'ready'; detail: CaseDetail };

export function CaseDetailPage() {
  const { caseId = '' } = useParams();
  // Another case is another page: what is held about this one's loads and actions starts anew.
  return <CaseDetailOf key={caseId} caseId={caseId} />;
}

function CaseDetailOf({ caseId }: { caseId: string }) {
  const client = useCounter();
  const navigate = useNavigate();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<string | null>(null);
  // Only the newest load may show its answer. Whoever takes a new ticket also owns `refreshing`,
  // so a load overtaken by another (or by an action's answer) cannot leave the spinner on.
  const ticket = useRef(0);
  const headRef = useRef<HTMLElement>(null);
  const [actionsDone, setActionsDone] = useState(0);
  // The case on screen as of now (state lags a render behind), and this page's actions under way:
  // together they decide whether a case.changed is worth reading the case again (case-change.ts).
  const shown = useRef<CaseDetail | null>(null);
  const own = useRef<OwnActions>(NO_OWN_ACTIONS);

  const show = useCallback((detail: CaseDetail) => {
    shown.current = detail;
    setLoad({ state: 'ready', detail });
  }, []);

  const fetchCase = useCallback(
    async (quiet: boolean) => {
      const my = ++ticket.current;
      setRefreshing(quiet);
      if (!quiet) {
        shown.current = null;
        setLoad({ state: 'loading' });
      }
      try {
        const detail = await client.call('cases.get', { caseId });
        if (my !== ticket.current) return;
        show(detail);
        setRefreshError(null);
      } catch (err) {
        if (my !== ticket.current) return;
        // A failed refresh keeps the case on screen and says so. With no case on screen yet (a
        // refresh that overtook the first load) the failure is the page's, or the skeleton stays.
        setLoad((l) => (l.state === 'ready' ? l : { state: 'failed', error: err }));
        setRefreshError(errorMessage(err));
      } finally {
        if (my === ticket.current) setRefreshing(false);
      }
    },
    [client, caseId, show],
  );

  useEffect(() => {
    void fetchCase(false);
  }, [fetchCase]);

  useCoreEvent('case.changed', (e) => {
    const decision = caseChanged(own.current, e, caseId, shown.current);
    own.current = decision.next;
    if (decision.fetch) void fetchCase(true);
  });

  const runOwnAction: RunOwnAction = useCallback(
    async (call) => {
      own.current = actionSent(own.current);
      let readByCaller = false;
      try {
        const next = await call();
        ticket.current++; // an older refresh must not overwrite what the action just returned
        setRefreshing(false);
        show(next);
        return next;
      } catch (err) {
        // Refused because the case moved on: the dialog asks the page to read it (onStale).
        readByCaller = isStaleCase(err);
        throw err;
      } finally {
        const decision = actionAnswered(own.current, shown.current);
        own.current = decision.next;
        if (decision.fetch && !readByCaller) void fetchCase(true);
      }
    },
    [fetchCase, show],
  );
  useOnReconnect(() => void fetchCase(true));

  // After an action the button that was pressed may be gone: the clerk goes on from the next
  // step the case allows, or from its number when it is closed, not from the top of the page.
  useEffect(() => {
    if (actionsDone === 0) return;
    return focusAfterDialogs(
      () =>
        headRef.current?.querySelector<HTMLElement>('.case-actions .ant-btn-primary') ??
        headRef.current?.querySelector<HTMLElement>('.case-number'),
    );
  }, [actionsDone]);

  const back = () => void navigate('/cases');
  useHotkey(keys.plain('Escape'), back);

  if (load.state === 'loading') {
    return (
      <div className="page">
        <Skeleton active paragraph={{ rows: 10 }} />
      </div>
    );
  }
  if (load.state === 'failed') {
    const notFound = isCallError(load.error, 'not_found', 'invalid_arguments');
    return (
      <div className="page">
        <Result
          status={notFound ? '404' : 'error'}
          title={notFound ? '没有找到这个办件' : '办件加载失败'}
          subTitle={notFound ? '办件编号可能有误，或该办件不在本机。' : errorMessage(load.error)}
          extra={[
            <Button key="back" onClick={back}>
              返回办件列表
            </Button>,
            ...(notFound
              ? []
              : [
                  <Button key="retry" type="primary" onClick={() => void fetchCase(false)}>
                    重试
                  </Button>,
                ]),
          ]}
        />
      </div>
    );
  }

  const { detail } = load;
  // The answer is on screen already (runOwnAction); what is left is where the cursor goes.
  const afterAction = () => setActionsDone((n) => n + 1);

  return (
    <div className="page case-detail-page">
      <div className="case-detail-top">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={back} className="back-button">
          办件列表
        </Button>
        <Button type="text" icon={<ReloadOutlined />} loading={refreshing} onClick={() => void fetchCase(true)}>
          刷新
        </Button>
      </div>

      <section className="case-head" aria-label="办件概要" ref={headRef}>
        <div className="case-head-main">
          <div className="case-head-line">
            <Typography.Title level={3} className="case-number" tabIndex={-1} copyable={{ text: detail.caseNumber, tooltips: ['复制办件编号', '已复制'] }}>
              {detail.caseNumber}
            </Typography.Title>
            <CaseStatusTag status={detail.status} />
            {/* 待领取: the back office said the result is ready (issue 16); the case stays 已决定 until 送达. */}
            {detail.readyForPickup && detail.status === 'decided' && (
              <Tag color="gold" className="case-pickup-tag">
                待领取
              </Tag>
            )}
            <CaseTypeTag caseType={detail.caseType} />
            {detail.itemType && <ItemTypeTag itemType={detail.itemType} />}
          </div>
          <div className="case-head-item">
            <span className="case-item-name">{detail.itemName}</span>
            <span className="case-item-dept">{detail.department}</span>
          </div>
        </div>
        <CaseActions detail={detail} runOwnAction={runOwnAction} onChange={afterAction} onStale={() => void fetchCase(true)} />
      </section>

      {refreshError && <Alert type="warning" showIcon className="page-alert" title={`刷新失败：${refreshError}（显示的是之前的内容）`} />}

      <div className="case-detail-grid">
        <div className="case-detail-main">
          <KeyFacts detail={detail} />
          <CaseOutcomes detail={detail} />
          {/* A 补打 is a step on the case: the timeline is read again to show it. */}
          <CaseDocuments caseId={detail.id} onReprinted={() => void fetchCase(true)} />
          <CaseRatings caseId={detail.id} />
          <CaseParties detail={detail} />
          <CaseDeferrals detail={detail} />
          <CaseMaterials detail={detail} />
        </div>
        <aside className="case-detail-side" aria-label="办理过程">
          <CaseTimeline detail={detail} />
        </aside>
      </div>
    </div>
  );
}
