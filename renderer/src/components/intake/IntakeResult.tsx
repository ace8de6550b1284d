import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, InfoCircleFilled } from '@ant-design/icons';
import { Button } from 'antd';
import type { ReactNode, Ref } from 'react';
import type { CaseDetail } from '../../../../electron/contract';
import { IntakePrinting } from '../../pages/printing/IntakePrinting';
import { RequestRatingButton } from '../rating-session/RequestRatingButton';
import { ProvisionalTag } from '../../shared/case-tags';
import { dateWithWeekday, resultStatusLabel } from './labels';
import { Kbd } from './Section';

type Tone = 'success' | 'warning' | 'info' | 'error';

function toneOf(detail: CaseDetail): Tone {
  if (detail.status === 'accepted') return detail.deferrals.length > 0 ? 'warning' : 'success';
  if (detail.status === 'correction_requested') return 'info';
  if (detail.status === 'rejected') return 'error';
  return 'info';
}

const ICONS: Record<Tone, ReactNode> = {
  success: <CheckCircleFilled />,
  warning: <ExclamationCircleFilled />,
  info: <InfoCircleFilled />,
  error: <CloseCircleFilled />,
};

interface IntakeResultProps {
  detail: CaseDetail;
  /** What just happened, e.g. "受理完成" or "补正材料已收". */
  heading?: string;
  onView: () => void;
  onNext?: () => void;
  primaryRef?: Ref<HTMLButtonElement>;
}

/** After the decision: the number the applicant is given, what they were told, and their paper. */
export function IntakeResult({ detail, heading, onView, onNext, primaryRef }: IntakeResultProps) {
  const tone = toneOf(detail);
  const status = resultStatusLabel(detail);
  const marks = { promised: detail.promisedDueProvisional, legal: detail.legalDueProvisional };
  return (
    <section className={`ik-result ik-result-${tone}`} aria-labelledby="ik-result-title" aria-live="polite">
      <div className="ik-result-head">
        <span className="ik-result-icon" aria-hidden="true">
          {ICONS[tone]}
        </span>
        <div>
          <div className="ik-result-status" id="ik-result-title">
            {heading ? `${heading}：` : ''}
            {status}
          </div>
          <div className="ik-result-sub">
            {detail.itemName} · 申请人 <span className="ik-applicant-name">{detail.applicant.name}</span>
          </div>
        </div>
      </div>

      <div className="ik-result-number">
        <span className="ik-result-label">办件编号</span>
        <span className="ik-case-number" data-testid="case-number">
          {detail.caseNumber}
        </span>
      </div>

      {detail.status === 'accepted' ? (
        <dl className="ik-result-facts">
          <div>
            <dt>承诺办结日</dt>
            <dd>
              {detail.promisedDueDate ? dateWithWeekday(detail.promisedDueDate) : '—'}
              {detail.caseType === 'immediate' ? <span className="ik-muted">（即办件）</span> : null}
              {marks.promised ? <ProvisionalTag /> : null}
            </dd>
          </div>
          {detail.legalDueDate ? (
            <div>
              <dt>法定办结日</dt>
              <dd>
                {dateWithWeekday(detail.legalDueDate)}
                {marks.legal ? <ProvisionalTag /> : null}
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}

      {detail.deferrals.length > 0 ? (
        <div className="ik-result-block">
          <h3>容缺材料（须在期限内补交）</h3>
          <ul>
            {detail.deferrals.map((d) => (
              <li key={d.materialId}>
                <span>{d.name}</span>
                <span className="ik-result-date">
                  补交期限 {dateWithWeekday(d.dueDate)}
                  {d.dueProvisional ? <ProvisionalTag /> : null}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {detail.status === 'correction_requested' && detail.correction ? (
        <div className="ik-result-block">
          <h3>已一次性告知补正以下 {detail.correction.items.length} 项</h3>
          <ol>
            {detail.correction.items.map((item, i) => (
              <li key={`${item.materialId ?? 'extra'}-${i}`}>
                <span>{item.name}</span>
                <span className="ik-muted">{item.instruction}</span>
              </li>
            ))}
          </ol>
          {detail.correction.note ? <p className="ik-muted">说明：{detail.correction.note}</p> : null}
        </div>
      ) : null}

      {detail.status === 'rejected' && detail.rejection ? (
        <div className="ik-result-block">
          <h3>不予受理</h3>
          <p>理由：{detail.rejection.reason}</p>
          <p className="ik-muted">法律依据：{detail.rejection.legalBasis}</p>
        </div>
      ) : null}

      {/* The receipt's print job as it goes, and the notices the decision issued. */}
      <IntakePrinting caseId={detail.id} />

      <div className="ik-result-actions">
        <Button size="large" onClick={onView} autoFocus={!onNext} type={onNext ? 'default' : 'primary'}>
          查看办件
        </Button>
        {/* 请评价 by hand (Alt+K): the applicant leaves now, e.g. a 承诺件 just accepted. */}
        <RequestRatingButton caseId={detail.id} />
        {onNext ? (
          <Button size="large" type="primary" onClick={onNext} ref={primaryRef}>
            继续受理下一件 <Kbd>F2</Kbd>
          </Button>
        ) : null}
      </div>
    </section>
  );
}
