import { Alert, Form, Input, Radio } from 'antd';
import { DECISION_OUTCOME_LABELS, type DecisionOutcome } from '../../../../../electron/contract';
import { useCounter } from '../../../api/hooks';
import { sameNameFields } from '../../../shared/call-error';
import { ActionModal, type CaseDialogProps } from './ActionModal';

interface Values {
  /** Undefined until chosen when 准予许可 is closed: a refusal is never the default. */
  outcome: DecisionOutcome | undefined;
  reason: string;
  legalBasis: string;
}

/** 作出决定: 准予许可, or 不予许可 with its reason and legal basis (printed on the decision). */
export function DecideDialog({ detail, onDone, onStale, onClose }: CaseDialogProps) {
  const client = useCounter();
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);
  const openDeferrals = detail.deferrals.filter((d) => d.supplementedAt === null).length;

  return (
    <ActionModal<Values>
      title="作出决定"
      okText="确认决定"
      form={form}
      initialValues={{ outcome: openDeferrals > 0 ? undefined : 'approved', reason: '', legalBasis: '' }}
      perform={(v) =>
        client.call('cases.decide', {
          caseId: detail.id,
          expectedVersion: detail.version,
          // The rule on the field below makes sure there is one.
          outcome: v.outcome ?? 'approved',
          reason: v.outcome === 'refused' ? v.reason : '',
          legalBasis: v.outcome === 'refused' ? v.legalBasis : '',
        })
      }
      fieldFor={sameNameFields('outcome', 'reason', 'legalBasis')}
      onDone={onDone}
      onStale={onStale}
      onClose={onClose}
    >
      {openDeferrals > 0 && (
        <Alert
          type="warning"
          showIcon
          className="form-top-alert"
          title={`尚有 ${openDeferrals} 项容缺材料未补交，补齐之前不能准予许可。`}
        />
      )}
      <Form.Item name="outcome" label="决定" rules={[{ required: true, message: '请选择决定' }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={(['approved', 'refused'] as const).map((o) => ({
            value: o,
            label: DECISION_OUTCOME_LABELS[o],
            disabled: o === 'approved' && openDeferrals > 0,
          }))}
        />
      </Form.Item>
      {outcome === 'refused' && (
        <>
          <Form.Item
            name="reason"
            label="不予许可的理由"
            rules={[{ required: true, whitespace: true, message: '不予许可须写明理由' }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount placeholder="写明不符合许可条件的具体事实" />
          </Form.Item>
          <Form.Item
            name="legalBasis"
            label="法律依据"
            rules={[{ required: true, whitespace: true, message: '不予许可须写明法律依据' }]}
          >
            <Input.TextArea rows={2} maxLength={500} showCount placeholder="例如：《中华人民共和国行政许可法》第三十八条第二款" />
          </Form.Item>
          <div className="muted">决定书将告知申请人：可自收到之日起 60 日内申请行政复议，或 6 个月内提起行政诉讼。</div>
        </>
      )}
    </ActionModal>
  );
}
