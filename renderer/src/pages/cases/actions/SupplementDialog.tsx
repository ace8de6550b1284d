import { Checkbox, Form, InputNumber, Select } from 'antd';
import { useRef } from 'react';
import { RECEIVED_FORMS, RECEIVED_FORM_LABELS, type ReceivedForm } from '../../../../../electron/contract';
import { useCounter } from '../../../api/hooks';
import { ProvisionalTag } from '../../../shared/case-tags';
import { defaultReceivedForm } from '../../../components/intake/model/materials';
import { ActionModal, type CaseDialogProps } from './ActionModal';

interface Row {
  received: boolean;
  form: ReceivedForm;
  copies: number;
}

interface Values {
  rows: Record<string, Row>;
}

const FORM_OPTIONS = RECEIVED_FORMS.map((f) => ({ value: f, label: RECEIVED_FORM_LABELS[f] }));

/** 补交容缺材料: tick the deferred materials the applicant brought now. */
export function SupplementDialog({ detail, onDone, onStale, onClose }: CaseDialogProps) {
  const client = useCounter();
  const [form] = Form.useForm<Values>();
  const open = detail.deferrals.filter((d) => d.supplementedAt === null);
  const material = (id: string) => detail.materials.find((m) => m.materialId === id);
  const initialValues: Values = {
    rows: Object.fromEntries(
      open.map((d) => {
        const m = material(d.materialId);
        return [d.materialId, { received: false, form: defaultReceivedForm(m?.form ?? 'original'), copies: Math.max(1, m?.copies ?? 1) }];
      }),
    ),
  };
  // Which material the core's `materials.N` refers to: the N-th ticked one, in list order.
  const ticked = useRef<string[]>([]);
  const tickedIn = (values: Values) => open.map((d) => d.materialId).filter((id) => values.rows[id]?.received);

  return (
    <ActionModal<Values>
      title="补交容缺材料"
      okText="确认收取"
      width={720}
      form={form}
      initialValues={initialValues}
      check={(values) => (tickedIn(values).length === 0 ? '请勾选本次收到的材料' : null)}
      perform={(values) => {
        ticked.current = tickedIn(values);
        return client.call('cases.supplementMaterials', {
          caseId: detail.id,
          expectedVersion: detail.version,
          materials: ticked.current.map((id) => {
            const r = values.rows[id] as Row;
            return { materialId: id, received: true, form: r.form, copies: r.copies, defective: false, defectNote: '' };
          }),
        });
      }}
      fieldFor={(path) => {
        const m = /^materials\.(\d+)\.(form|copies)$/.exec(path);
        const id = m ? ticked.current[Number(m[1])] : undefined;
        return m && id ? ['rows', id, m[2] as string] : null;
      }}
      onDone={onDone}
      onStale={onStale}
      onClose={onClose}
    >
      <p className="muted">勾选申请人本次补交的材料，核对形式与份数。收取后该项容缺即标记为已补交。</p>
      <table className="supplement-table">
        <thead>
          <tr>
            <th>本次收到的材料</th>
            <th>补交期限</th>
            <th>形式</th>
            <th>份数</th>
          </tr>
        </thead>
        <tbody>
          {open.map((d) => (
            <tr key={d.materialId}>
              <td>
                <Form.Item name={['rows', d.materialId, 'received']} valuePropName="checked" noStyle>
                  <Checkbox>{d.name}</Checkbox>
                </Form.Item>
              </td>
              <td className="nowrap">
                {d.dueDate}
                {d.dueProvisional ? <ProvisionalTag /> : null}
              </td>
              <td>
                <Form.Item name={['rows', d.materialId, 'form']} className="cell-field">
                  <Select options={FORM_OPTIONS} style={{ width: 136 }} aria-label={`${d.name} 形式`} />
                </Form.Item>
              </td>
              <td>
                <Form.Item name={['rows', d.materialId, 'copies']} className="cell-field">
                  <InputNumber min={1} max={99} precision={0} style={{ width: 72 }} aria-label={`${d.name} 份数`} />
                </Form.Item>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ActionModal>
  );
}

