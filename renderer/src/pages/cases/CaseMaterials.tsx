import { Card, Table, Tag } from 'antd';
import { MATERIAL_FORM_LABELS, RECEIVED_FORM_LABELS, type CaseDetail } from '../../../../electron/contract';
import { useWindowInfo } from '../../app/frame-context';
import { ProvisionalTag } from '../../shared/case-tags';
import { formatInstant } from '../../shared/format';
import { MATERIAL_STATUS_LABELS, materialStatusColour } from '../../shared/material-status';

type CaseMaterial = CaseDetail['materials'][number];
type Deferral = CaseDetail['deferrals'][number];

function MaterialStatusCell({ m, deferral }: { m: CaseMaterial; deferral: Deferral | undefined }) {
  // Owed under 容缺受理 is an agreed state with a due date, not a fault at intake.
  if (deferral && !deferral.supplementedAt && m.status !== 'complete') {
    return (
      <div className="material-status">
        <Tag color="warning">容缺</Tag>
        <span className="text-warning">{deferral.dueDate} 前补交</span>
        {deferral.dueProvisional ? <ProvisionalTag /> : null}
      </div>
    );
  }
  const label = MATERIAL_STATUS_LABELS[m.status];
  if (m.status === 'optional') return <span className="muted">{label}</span>;
  // "未提交" is both the label and the problem text for a missing material: say it once.
  const problem = m.problem && m.problem !== label ? m.problem : null;
  return (
    <div className="material-status">
      <Tag color={materialStatusColour(m.status, m.key)}>{label}</Tag>
      {problem && <span className={m.status === 'defective' ? 'text-error' : 'text-warning'}>{problem}</span>}
    </div>
  );
}

export function CaseMaterials({ detail }: { detail: CaseDetail }) {
  const received = detail.materials.filter((m) => m.receivedForm !== null).length;
  const deferralOf = (id: string) => detail.deferrals.find((d) => d.materialId === id);
  return (
    <Card
      size="small"
      className="section-card"
      title="申请材料"
      extra={<span className="muted">已收 {received} / {detail.materials.length} 项</span>}
    >
      <Table<CaseMaterial>
        size="small"
        rowKey="materialId"
        pagination={false}
        dataSource={detail.materials}
        columns={[
          {
            title: '材料名称',
            dataIndex: 'name',
            render: (v: string, m) => (
              <div className="material-name">
                <span>{v}</span>
                <span className="material-flags">
                  {m.required ? <Tag color="blue">必需</Tag> : <Tag>非必需</Tag>}
                  {m.key && <Tag color="red">关键</Tag>}
                </span>
              </div>
            ),
          },
          {
            title: '要求',
            width: 150,
            render: (_: unknown, m) => `${MATERIAL_FORM_LABELS[m.form]} ${m.copies} 份`,
          },
          {
            title: '实收',
            width: 150,
            render: (_: unknown, m) =>
              m.receivedForm ? `${RECEIVED_FORM_LABELS[m.receivedForm]} ${m.receivedCopies} 份` : <span className="muted">—</span>,
          },
          {
            title: '核验',
            width: 170,
            render: (_: unknown, m) => <MaterialStatusCell m={m} deferral={deferralOf(m.materialId)} />,
          },
        ]}
      />
    </Card>
  );
}

function DeferralState({ d, today, timeZone }: { d: Deferral; today: string; timeZone: string }) {
  if (d.supplementedAt) return <Tag color="success">已补交 {formatInstant(d.supplementedAt, timeZone)}</Tag>;
  if (d.dueDate < today) return <Tag color="error">已逾期</Tag>;
  return <Tag color="warning">待补交</Tag>;
}

/** 容缺受理: accepted with non-key materials still owed, each with its own due date. */
export function CaseDeferrals({ detail }: { detail: CaseDetail }) {
  const info = useWindowInfo();
  if (detail.deferrals.length === 0) return null;
  const open = detail.deferrals.filter((d) => !d.supplementedAt).length;
  return (
    <Card
      size="small"
      className="section-card"
      title="容缺材料"
      extra={open > 0 ? <span className="text-warning">{open} 项待补交</span> : <span className="text-success">已全部补交</span>}
    >
      <Table<Deferral>
        size="small"
        rowKey="materialId"
        pagination={false}
        dataSource={detail.deferrals}
        columns={[
          { title: '材料名称', dataIndex: 'name' },
          {
            title: '补交期限',
            width: 160,
            render: (_: unknown, d) => (
              <span className="nowrap">
                {d.dueDate}
                {d.dueProvisional ? <ProvisionalTag /> : null}
              </span>
            ),
          },
          {
            title: '状态',
            width: 220,
            render: (_: unknown, d) => <DeferralState d={d} today={info.today} timeZone={info.timeZone} />,
          },
        ]}
      />
    </Card>
  );
}
