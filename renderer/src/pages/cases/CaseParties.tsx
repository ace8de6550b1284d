import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Tag } from 'antd';
import { useState, type ReactNode } from 'react';
import { maskIdNumber, maskMobile, type CaseDetail, type ChecksumOverrideField } from '../../../../electron/contract';
import { useWindowInfo } from '../../app/frame-context';
import { formatInstant } from '../../shared/format';

/**
 * 申请人 and 代办人. Numbers are masked until the clerk asks to see them (the screen faces the
 * counter, and a manager looking over a shoulder rarely needs a full ID number).
 */
export function CaseParties({ detail }: { detail: CaseDetail }) {
  const [reveal, setReveal] = useState(false);
  const { timeZone } = useWindowInfo();
  const overrides = detail.checksumOverrides;
  const overridden = (field: ChecksumOverrideField) => overrides.some((o) => o.field === field);
  // A number accepted despite a wrong check character is marked where it is shown.
  const number = (v: string, field: ChecksumOverrideField): ReactNode => (
    <>
      {id(v)}
      {overridden(field) ? (
        <Tag color="warning" className="checksum-override-tag">
          校验位不符·已核对原件
        </Tag>
      ) : null}
    </>
  );
  const id = (v: string) => <span className="mono">{reveal ? v : maskIdNumber(v)}</span>;
  const phone = (v: string) => <span className="mono">{reveal ? v : maskMobile(v)}</span>;
  const a = detail.applicant;
  const text = (v: string) => (v.trim() ? v : <span className="muted">未填写</span>);

  const applicantItems =
    a.kind === 'person'
      ? [
          { key: 'name', label: '姓名', children: a.name },
          { key: 'idType', label: '证件类型', children: a.idType },
          { key: 'idNumber', label: '证件号码', children: number(a.idNumber, 'applicant.idNumber') },
          { key: 'mobile', label: '手机号码', children: phone(a.mobile) },
          { key: 'address', label: '地址', span: 2, children: text(a.address) },
        ]
      : [
          { key: 'name', label: '单位名称', span: 2, children: a.name },
          { key: 'creditCode', label: '统一社会信用代码', children: number(a.creditCode, 'applicant.creditCode') },
          { key: 'legal', label: '法定代表人', children: a.legalRepresentative },
          { key: 'contact', label: '联系人', children: a.contactName },
          { key: 'mobile', label: '联系电话', children: phone(a.mobile) },
          { key: 'address', label: '地址', span: 2, children: text(a.address) },
        ];

  return (
    <Card
      size="small"
      className="section-card"
      title={a.kind === 'person' ? '申请人（自然人）' : '申请人（法人）'}
      extra={
        <Button
          type="link"
          size="small"
          icon={reveal ? <EyeInvisibleOutlined /> : <EyeOutlined />}
          onClick={() => setReveal((r) => !r)}
          aria-pressed={reveal}
        >
          {reveal ? '隐藏号码' : '显示号码'}
        </Button>
      }
    >
      {overrides.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          className="checksum-overrides"
          title="以下号码校验位不符合国家标准，受理时经办人已核对证件原件并确认"
          description={
            <ul className="checksum-override-list">
              {overrides.map((o) => (
                <li key={o.field}>
                  {o.fieldLabel}：经办人 {o.staffName || '—'}
                  {o.staffNumber ? `（${o.staffNumber}）` : ''} 于 {formatInstant(o.confirmedAt, timeZone)} 确认
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Descriptions size="small" column={2} bordered items={applicantItems} />
      <div className="subsection-title">代办人</div>
      {detail.agent ? (
        <Descriptions
          size="small"
          column={2}
          bordered
          items={[
            { key: 'name', label: '姓名', children: detail.agent.name },
            { key: 'idType', label: '证件类型', children: detail.agent.idType },
            { key: 'idNumber', label: '证件号码', children: number(detail.agent.idNumber, 'agent.idNumber') },
            { key: 'mobile', label: '手机号码', children: phone(detail.agent.mobile) },
          ]}
        />
      ) : (
        <div className="muted">无代办人，申请人本人办理</div>
      )}
    </Card>
  );
}
