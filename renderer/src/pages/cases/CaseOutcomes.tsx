import { Card, Descriptions, Tag } from 'antd';
import { decisionOutcomeLabel, decisionWords, DELIVERY_FIELD_LABELS, DELIVERY_METHOD_LABELS, type CaseDetail } from '../../../../electron/contract';
import { useWindowInfo } from '../../app/frame-context';
import { formatInstant } from '../../shared/format';

/**
 * What was decided on the case, each block only once it exists: the correction list given to
 * the applicant (一次性告知), the refusal to accept, the decision, the delivery.
 */
export function CaseOutcomes({ detail }: { detail: CaseDetail }) {
  const { timeZone } = useWindowInfo();
  const { correction, rejection, decision, delivery } = detail;
  const closedEarly = detail.status === 'withdrawn' || detail.status === 'terminated';
  // Who closed it: the case carries when and why, its timeline entry carries who and where.
  const closedBy = closedEarly ? detail.timeline.findLast((e) => e.type === `case.${detail.status}`) : undefined;
  // Whether the applicant came back after the (latest) notice: a case withdrawn, terminated or
  // refused while waiting for 补正 was not supplemented, whatever its status is now.
  const lastNotice = detail.timeline.findLastIndex((e) => e.type === 'case.correctionRequested');
  const broughtBack = lastNotice >= 0 && detail.timeline.slice(lastNotice).some((e) => e.type === 'case.materialsSupplemented');
  return (
    <>
      {closedEarly && (
        <Card
          size="small"
          className="section-card section-closed"
          title={detail.status === 'withdrawn' ? '申请人已撤回' : '已终止办理'}
          extra={<span className="muted">{formatInstant(detail.closedAt, timeZone)}</span>}
        >
          <div className="typed-text">原因：{detail.closeReason ?? '—'}</div>
          {closedBy && (
            <div className="muted closing-who">
              经办人 {closedBy.staffName}（{closedBy.staffNumber}） · {closedBy.windowNumber}号窗口
            </div>
          )}
        </Card>
      )}

      {correction && (
        <Card
          size="small"
          className={`section-card ${detail.status === 'correction_requested' ? 'section-attention' : ''}`}
          title="一次性告知补正内容"
          extra={<span className="muted">告知时间 {formatInstant(correction.requestedAt, timeZone)}</span>}
        >
          <ol className="correction-list">
            {correction.items.map((item, i) => (
              <li key={`${item.materialId ?? 'x'}-${i}`}>
                <span className="correction-name">{item.name}</span>
                <span className="correction-instruction">{item.instruction}</span>
              </li>
            ))}
          </ol>
          {correction.note && <div className="correction-note">备注：{correction.note}</div>}
          {broughtBack && <div className="muted">申请人已按告知补交材料。</div>}
        </Card>
      )}

      {rejection && (
        <Card
          size="small"
          className="section-card section-negative"
          title="不予受理"
          extra={<span className="muted">{formatInstant(rejection.rejectedAt, timeZone)}</span>}
        >
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'reason', label: '理由', children: rejection.reason },
              { key: 'basis', label: '法律依据', children: rejection.legalBasis },
            ]}
          />
        </Card>
      )}

      {decision && (
        <Card
          size="small"
          className={`section-card ${decision.outcome === 'refused' ? 'section-negative' : 'section-positive'}`}
          title={decisionWords(detail.itemType).decisionTitle}
          extra={<span className="muted">{formatInstant(decision.decidedAt, timeZone)}</span>}
        >
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              {
                key: 'outcome',
                label: '决定',
                children: (
                  <Tag color={decision.outcome === 'approved' ? 'success' : 'error'}>
                    {decisionOutcomeLabel(decision.outcome, detail.itemType)}
                  </Tag>
                ),
              },
              ...(decision.reason ? [{ key: 'reason', label: '理由', children: decision.reason }] : []),
              ...(decision.legalBasis ? [{ key: 'basis', label: '法律依据', children: decision.legalBasis }] : []),
              // A decision the back office took (issue 16) names the department that took it.
              ...(decision.decidedBy ? [{ key: 'decidedBy', label: '决定部门', children: decision.decidedBy }] : []),
            ]}
          />
        </Card>
      )}

      {detail.readyForPickup && !delivery && (
        <Card
          size="small"
          className="section-card section-positive"
          title="待领取"
          extra={<span className="muted">{formatInstant(detail.readyForPickup.at, timeZone)}</span>}
        >
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'pickup', label: '领取', children: '办理结果已可到窗口领取，请在申请人领取时办理“送达”' },
              { key: 'by', label: '通知部门', children: detail.readyForPickup.by },
            ]}
          />
        </Card>
      )}

      {delivery && (
        <Card
          size="small"
          className="section-card section-positive"
          title="送达"
          extra={<span className="muted">{formatInstant(delivery.deliveredAt, timeZone)}</span>}
        >
          <Descriptions
            size="small"
            column={2}
            bordered
            items={[
              { key: 'method', label: '送达方式', children: DELIVERY_METHOD_LABELS[delivery.method] },
              ...(delivery.recipientName
                ? [{ key: 'recipient', label: DELIVERY_FIELD_LABELS[delivery.method].recipientName, children: delivery.recipientName }]
                : []),
              ...(delivery.method === 'post'
                ? [
                    { key: 'address', label: DELIVERY_FIELD_LABELS.post.address, span: 2, children: delivery.address },
                    {
                      key: 'tracking',
                      label: DELIVERY_FIELD_LABELS.post.trackingNumber,
                      children: <span className="mono">{delivery.trackingNumber}</span>,
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
    </>
  );
}
