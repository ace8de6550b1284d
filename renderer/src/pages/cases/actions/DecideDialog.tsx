import { Alert, Form, Radio } from 'antd';
import { DecideArgs, TEXT_LIMITS, decisionWords, remediesText, type DecisionOutcome } from '../../../../../electron/contract';
import { LimitedTextArea } from '../../../components/LimitedText';
import { useCounter } from '../../../api/hooks';
import { sameNameFields } from '../../../shared/call-error';
import { schemaRule } from '../../../shared/schema-rule';
import { ActionModal, type CaseDialogProps } from './ActionModal';

interface Values {
  /** Undefined until chosen when approval is closed: a refusal is never the default. */
  outcome: DecisionOutcome | undefined;
  reason: string;
  legalBasis: string;
}

/**
 * 作出决定: approval, or refusal with its reason and legal basis (printed on the refusal), each
 * called as the item's type calls it: 准予许可 / 不予许可 only for a licence, 予以确认, 准予给付,
 * 予以办理 … for the others (decisionWords).
 */
export function DecideDialog({ detail, onDone, onStale, onClose }: CaseDialogProps) {
  const client = useCounter();
  const words = decisionWords(detail.itemType);
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
          title={`尚有 ${openDeferrals} 项容缺材料未补交，补齐之前不能${words.approved}。`}
        />
      )}
      <Form.Item name="outcome" label="决定" required rules={[schemaRule(DecideArgs.shape.outcome)]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={(['approved', 'refused'] as const).map((o) => ({
            value: o,
            label: o === 'approved' ? words.approved : words.refused,
            disabled: o === 'approved' && openDeferrals > 0,
          }))}
        />
      </Form.Item>
      {outcome === 'refused' && (
        <>
          <Form.Item
            name="reason"
            label={`${words.refused}的理由`}
            rules={[{ required: true, whitespace: true, message: `${words.refused}须写明理由` }]}
          >
            <LimitedTextArea rows={3} limit={TEXT_LIMITS.decisionReason} placeholder="写明不符合条件的具体事实" />
          </Form.Item>
          <Form.Item
            name="legalBasis"
            label="法律依据"
            rules={[{ required: true, whitespace: true, message: `${words.refused}须写明法律依据` }]}
          >
            <LimitedTextArea rows={2} limit={TEXT_LIMITS.legalBasis} placeholder={basisExample(detail.itemType)} />
          </Form.Item>
          <div className="muted">
            {words.refusalDocument}将告知申请人：{remediesText(detail.itemType)}
          </div>
        </>
      )}
    </ActionModal>
  );
}

/** The placeholder of the legal basis: the Administrative Licensing Law is a licence's law only. */
function basisExample(itemType: CaseDialogProps['detail']['itemType']): string {
  return itemType === 'licensing' ? '例如：《中华人民共和国行政许可法》第三十八条第二款' : '写明所依据的法律、法规的名称和条款';
}
