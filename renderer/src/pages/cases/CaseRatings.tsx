import { Card, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { FOLLOW_UP_STAGE_LABELS, type Rating } from '../../../../electron/contract/ratings';
import { useCoreEvent, useQuery } from '../../api/hooks';
import { useOnReconnect, useWindowInfo } from '../../app/frame-context';
import { RatingScale } from '../../components/rating-session/RatingScale';
import { RequestRatingButton } from '../../components/rating-session/RequestRatingButton';
import { errorMessage } from '../../shared/call-error';
import { formatInstant } from '../../shared/format';
import { AttributionWord, SatisfactionTag } from '../../shared/satisfaction-tag';
import '../../components/rating-session/rating-session.css';

/** The page of a 差评's follow-up (the 评价 section's, pages/ratings). */
export function followUpPath(followUpId: string): string {
  return `/ratings/follow-ups/${followUpId}`;
}

/** A 差评's follow-up: its stage now, linking to the follow-up's page; kept live from ratings.followUpChanged. */
function FollowUpStage({ followUpId }: { followUpId: string }) {
  const followUp = useQuery('ratings.followUp', { followUpId });
  const reload = followUp.reload;
  useCoreEvent('ratings.followUpChanged', (f) => {
    if (f.id === followUpId) reload();
  });
  useOnReconnect(reload);
  const f = followUp.data;
  return (
    <Link to={followUpPath(followUpId)} className="case-rating-follow-up">
      {f ? (
        <>
          差评处理：{FOLLOW_UP_STAGE_LABELS[f.stage]}
          {f.overdue && f.stage !== 'closed' ? <Tag color="red">已逾期</Tag> : null}
        </>
      ) : (
        '差评处理'
      )}
    </Link>
  );
}

/**
 * 评价: the 好差评 ratings given for this case (normally one, 一次一评), each with its level and a
 * little five-step picture, when the coin fell, whom it counts for and how it was tied to the
 * service; a 差评 with its follow-up's stage and a link to it. Read again when a rating for the
 * case comes in. 请评价 (Alt+K) opens the device for this case by hand.
 */
export function CaseRatings({ caseId }: { caseId: string }) {
  const { timeZone } = useWindowInfo();
  const ratings = useQuery('ratings.search', { caseId, limit: 100, offset: 0 });
  const reload = ratings.reload;
  useCoreEvent('ratings.received', (r) => {
    if (r.caseId === caseId) reload();
  });
  useOnReconnect(reload);
  const rows = ratings.data?.ratings ?? [];

  return (
    <Card
      size="small"
      className="section-card case-ratings"
      title="评价"
      extra={
        <span className="case-ratings-extra">
          <span className="muted">{rows.length} 条</span>
          <RequestRatingButton caseId={caseId} size="small" />
        </span>
      }
    >
      {ratings.error && !ratings.data ? (
        <span className="muted">评价暂不能显示：{errorMessage(ratings.error)}</span>
      ) : (
        <Table<Rating>
          size="small"
          rowKey="id"
          loading={!ratings.data}
          pagination={false}
          dataSource={rows}
          aria-label="本办件的评价"
          locale={{ emptyText: '本办件尚无评价' }}
          columns={[
            {
              key: 'level',
              title: '评价',
              render: (_, r) => (
                <span className="case-rating-level">
                  <RatingScale satisfaction={r.satisfaction} />
                  <SatisfactionTag satisfaction={r.satisfaction} />
                  {r.excluded ? <Tag>申诉成立，不计入满意率</Tag> : null}
                </span>
              ),
            },
            { key: 'at', title: '评价时间', render: (_, r) => <span className="nowrap">{formatInstant(r.ratedAt, timeZone)}</span> },
            { key: 'staff', title: '工作人员', render: (_, r) => `${r.windowNumber}号窗口 · ${r.staffName ?? '—'}` },
            { key: 'attribution', title: '归属', render: (_, r) => <AttributionWord attribution={r.attribution} /> },
            {
              key: 'followUp',
              title: '差评处理',
              render: (_, r) => (r.followUpId ? <FollowUpStage followUpId={r.followUpId} /> : <span className="muted">—</span>),
            },
          ]}
        />
      )}
    </Card>
  );
}
