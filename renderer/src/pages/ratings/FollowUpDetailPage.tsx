import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Result, Spin, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { FOLLOW_UP_STAGE_LABELS, type FollowUp } from '../../../../electron/contract/ratings';
import { useCoreEvent, useQuery } from '../../api/hooks';
import { useOnReconnect, useSession, useWindowInfo } from '../../app/frame-context';
import { keys, useHotkey } from '../../app/shortcuts';
import { errorMessage, isCallError } from '../../shared/call-error';
import { formatInstant } from '../../shared/format';
import { allowedActions, FOLLOW_UP_ACTION_LABELS, type FollowUpAction } from './follow-up-actions';
import { FollowUpActionDialog } from './FollowUpActionDialog';
import { DueDate } from './FollowUpsView';
import { FollowUpSteps } from './FollowUpSteps';
import { ATTRIBUTION_LABELS } from '../../shared/rating-words';
import { isNextStepKey, NEXT_STEP_KEY, primaryAction } from './ratings-keys';
import { ratingsPath } from './RatingsPage';
import { SatisfactionTag } from '../../shared/satisfaction-tag';
import './ratings.css';

/**
 * One 差评's follow-up (/ratings/follow-ups/:id): the rating, whom to call back, the steps so
 * far, and the steps the signed-in person may take now (follow-up-actions.ts) — each a small
 * form (FollowUpActionDialog). Live: another window's step (`ratings.followUpChanged`) shows at
 * once; a dialog left open over it is refused as a conflict and says so.
 */
export function FollowUpDetailPage() {
  const { followUpId = '' } = useParams();
  const navigate = useNavigate();
  const { timeZone, today } = useWindowInfo();
  const me = useSession().staff;
  const { message } = AntApp.useApp();
  const query = useQuery('ratings.followUp', { followUpId });
  const [shown, setShown] = useState<FollowUp | null>(null);
  // The follow-up as it stood when the dialog opened: its version goes with the step, so a step
  // someone else took meanwhile (heard live) makes the core answer `conflict` instead of being overwritten.
  const [dialog, setDialog] = useState<{ action: FollowUpAction; followUp: FollowUp } | null>(null);

  // The newest of what was asked and what was heard (an event may overtake the answer).
  const answer = query.data;
  useEffect(() => {
    if (answer) setShown((s) => (s && s.id === answer.id && s.version > answer.version ? s : answer));
  }, [answer]);
  useCoreEvent('ratings.followUpChanged', (f) => {
    if (f.id === followUpId) setShown((s) => (s && s.version >= f.version ? s : f));
  });
  useOnReconnect(query.reload);

  const back = () => void navigate(ratingsPath('follow-ups'));
  useHotkey(keys.plain('Escape'), back);

  const followUp = shown && shown.id === followUpId ? shown : null;
  const actions = followUp && me ? allowedActions(followUp, { staffId: me.id, role: me.role }) : [];
  const next = primaryAction(actions);
  useHotkey(isNextStepKey, () => next && followUp && setDialog({ action: next, followUp }), { enabled: next !== undefined && dialog === null });

  if (!followUp) {
    if (query.error) {
      return (
        <div className="page follow-up-page">
          <Result
            status={isCallError(query.error, 'not_found') ? '404' : 'error'}
            title={isCallError(query.error, 'not_found') ? '没有这条差评回访' : '差评回访读取失败'}
            subTitle={errorMessage(query.error)}
            extra={
              <Button type="primary" onClick={back}>
                返回差评回访（Esc）
              </Button>
            }
          />
        </div>
      );
    }
    return (
      <div className="page follow-up-page boot-wait">
        <Spin />
      </div>
    );
  }

  const { rating } = followUp;
  const open = followUp.stage !== 'closed';
  const ratingItems = [
    {
      key: 'level',
      label: '评价',
      children: (
        <>
          <SatisfactionTag satisfaction={rating.satisfaction} />
          {rating.excluded && (
            <Tooltip title="申诉复核成立：评价保留，不计入满意率">
              <Tag className="excluded-tag">申诉成立</Tag>
            </Tooltip>
          )}
        </>
      ),
    },
    { key: 'at', label: '评价时间', children: formatInstant(rating.ratedAt, timeZone) },
    { key: 'staff', label: '被评价人', children: rating.staffName ?? '—' },
    { key: 'window', label: '窗口', children: `${rating.windowNumber}号窗口` },
    {
      key: 'case',
      label: '办件',
      children:
        rating.caseId && rating.caseNumber ? (
          <Link to={`/cases/${rating.caseId}`} className="mono">
            {rating.caseNumber}
          </Link>
        ) : (
          '—'
        ),
    },
    { key: 'attribution', label: '记入', children: ATTRIBUTION_LABELS[rating.attribution] },
    { key: 'item', label: '事项', span: 2, children: rating.itemName ?? '—' },
    { key: 'due', label: '办理期限', children: <DueDate followUp={followUp} today={today} /> },
    { key: 'opened', label: '生成时间', children: formatInstant(followUp.openedAt, timeZone) },
  ];
  return (
    <div className="page follow-up-page">
      <div className="page-head">
        <h2 className="page-title">
          差评回访{' '}
          <Tag className="stage-tag" color={open ? (followUp.overdue ? 'error' : 'processing') : 'default'}>
            {FOLLOW_UP_STAGE_LABELS[followUp.stage]}
          </Tag>
        </h2>
        <span>
          <Button type="text" icon={<ReloadOutlined />} onClick={query.reload}>
            刷新
          </Button>
          <Button icon={<ArrowLeftOutlined />} onClick={back}>
            返回（Esc）
          </Button>
        </span>
      </div>
      {query.error && <Alert type="error" showIcon className="page-alert" title={`刷新失败：${errorMessage(query.error)}`} />}

      <Card size="small" className="section-card follow-up-actions" title="可办理">
        {actions.length === 0 ? (
          <span className="muted">
            {!open
              ? '本回访已办结。'
              : me?.role === 'lead'
                ? '这是对您本人的评价：须由其他组长办理；您可在办结前申诉一次。'
                : '差评的核实、回访、整改和办结由组长办理。'}
          </span>
        ) : (
          <span className="follow-up-buttons">
            {actions.map((a) => (
              <Button key={a} type={a === next ? 'primary' : 'default'} onClick={() => setDialog({ action: a, followUp })}>
                {FOLLOW_UP_ACTION_LABELS[a]}
                {a === next && (
                  <kbd className="button-key" aria-hidden>
                    {NEXT_STEP_KEY.label}
                  </kbd>
                )}
              </Button>
            ))}
          </span>
        )}
      </Card>

      <div className="follow-up-columns">
        <div>
          <Card size="small" className="section-card" title="评价">
            <Descriptions size="small" column={2} bordered items={ratingItems} />
          </Card>
          <Card size="small" className="section-card" title="回访联系人">
            {followUp.contact ? (
              <Descriptions
                size="small"
                column={2}
                items={[
                  { key: 'name', label: '申请人', children: followUp.contact.name },
                  { key: 'mobile', label: '手机号码', children: <span className="mono">{followUp.contact.mobile ?? '未登记'}</span> },
                ]}
              />
            ) : (
              <span className="muted">该评价未关联办件，没有可回访的联系人。</span>
            )}
          </Card>
        </div>
        <FollowUpSteps followUp={followUp} />
      </div>

      {dialog && (
        <FollowUpActionDialog
          action={dialog.action}
          followUp={dialog.followUp}
          onDone={(f) => {
            setShown(f);
            setDialog(null);
            void message.success(`已${FOLLOW_UP_ACTION_LABELS[dialog.action]}`);
          }}
          onStale={query.reload}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
