import { DownOutlined, RightOutlined } from '@ant-design/icons';
import { Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { CASE_TYPE_LABELS, type IntakePreview, type ItemDetail } from '../../../../electron/contract';
import { ItemTypeTag, ProvisionalTag } from '../../shared/case-tags';
import { CASE_TYPE_COLORS } from './ItemSearch';
import { dateWithWeekday, visitsLabel } from './labels';

interface DueDatesProps {
  preview: IntakePreview | undefined;
  error: string | null;
  immediate: boolean;
}

/** The dates the applicant will be told, as the core computes them on the working-day calendar. */
export function DueDates({ preview, error, immediate }: DueDatesProps) {
  if (error) return <div className="ik-due ik-due-error">办结日期暂不能计算：{error}</div>;
  if (!preview) {
    return (
      <div className="ik-due">
        <Skeleton active paragraph={false} title={{ width: '80%' }} />
      </div>
    );
  }
  const marks = { promised: preview.promisedDueProvisional, legal: preview.legalDueProvisional };
  return (
    <dl className="ik-due" aria-label="办结日期">
      <div className="ik-due-row ik-due-promised">
        <dt>承诺办结日</dt>
        <dd>
          {dateWithWeekday(preview.promisedDueDate)}
          {immediate ? <span className="ik-due-note">当场办结</span> : null}
          {marks.promised ? <ProvisionalTag /> : null}
        </dd>
      </div>
      <div className="ik-due-row">
        <dt>法定办结日</dt>
        <dd>
          {dateWithWeekday(preview.legalDueDate)}
          {marks.legal ? <ProvisionalTag /> : null}
        </dd>
      </div>
    </dl>
  );
}

interface ItemCardProps {
  item: ItemDetail | null;
  loading: boolean;
  error: string | null;
  preview: IntakePreview | undefined;
  previewError: string | null;
}

export function ItemCard({ item, loading, error, preview, previewError }: ItemCardProps) {
  const [showConditions, setShowConditions] = useState(false);
  if (error) return <div className="ik-item-card ik-text-error">{error}</div>;
  if (loading || !item) {
    return (
      <div className="ik-item-card">
        <Skeleton active title={{ width: '40%' }} paragraph={{ rows: 1, width: '70%' }} />
      </div>
    );
  }
  return (
    <div className="ik-item-card" aria-label="已选事项">
      <div className="ik-item-main">
        <div className="ik-item-title">
          <span className="ik-item-name">{item.name}</span>
          <Tag color={CASE_TYPE_COLORS[item.caseType]} variant="outlined">
            {CASE_TYPE_LABELS[item.caseType]}
          </Tag>
          <ItemTypeTag itemType={item.itemType} />
          <span className="ik-item-code" title="事项编码">
            {item.code}
          </span>
        </div>
        <dl className="ik-item-facts">
          <div>
            <dt>实施部门</dt>
            <dd>{item.department}</dd>
          </div>
          <div>
            <dt>法定时限</dt>
            <dd>{item.legalDays} 个工作日</dd>
          </div>
          <div>
            <dt>承诺时限</dt>
            <dd>{item.caseType === 'immediate' ? '即办' : `${item.promisedDays} 个工作日`}</dd>
          </div>
          <div>
            <dt>收费</dt>
            <dd>{item.feeDescription}</dd>
          </div>
          <div>
            <dt>跑动次数</dt>
            <dd>{visitsLabel(item.visits)}</dd>
          </div>
        </dl>
        <button
          type="button"
          className="ik-link-button"
          aria-expanded={showConditions}
          onClick={() => setShowConditions((v) => !v)}
        >
          {showConditions ? <DownOutlined /> : <RightOutlined />} 办理条件
        </button>
        {showConditions ? (
          <div className="ik-item-conditions">
            <p>{item.conditions}</p>
            {item.basis ? <p className="ik-muted">设定依据：{item.basis}</p> : null}
          </div>
        ) : null}
      </div>
      <DueDates preview={preview} error={previewError} immediate={item.caseType === 'immediate'} />
    </div>
  );
}
