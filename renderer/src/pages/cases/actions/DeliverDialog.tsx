import { Form, Radio } from 'antd';
import { DELIVERY_FIELD_LABELS, DELIVERY_METHOD_LABELS, DeliverArgs, TEXT_LIMITS, type DeliveryMethod } from '../../../../../electron/contract';
import { LimitedInput, LimitedTextArea } from '../../../components/LimitedText';
import { useCounter } from '../../../api/hooks';
import { sameNameFields } from '../../../shared/call-error';
import { callRule } from '../../../shared/schema-rule';
import { ActionModal, type CaseDialogProps } from './ActionModal';

interface Values {
  method: DeliveryMethod;
  recipientName: string;
  address: string;
  trackingNumber: string;
}

/** 送达: the result handed over at the window or posted; closes the case (办结). */
export function DeliverDialog({ detail, onDone, onStale, onClose }: CaseDialogProps) {
  const client = useCounter();
  const [form] = Form.useForm<Values>();
  const method = Form.useWatch('method', form);
  const a = detail.applicant;
  const toArgs = (v: Values) => ({
    caseId: detail.id,
    expectedVersion: detail.version,
    method: v.method,
    recipientName: v.recipientName ?? '',
    address: v.method === 'post' ? v.address : '',
    trackingNumber: v.method === 'post' ? v.trackingNumber : '',
  });

  return (
    <ActionModal<Values>
      title="送达办理结果"
      okText="确认送达"
      form={form}
      initialValues={{
        method: 'window',
        recipientName: a.kind === 'person' ? a.name : a.contactName,
        address: a.address,
        trackingNumber: '',
      }}
      perform={(v) => client.call('cases.deliver', toArgs(v))}
      fieldFor={sameNameFields('method', 'recipientName', 'address', 'trackingNumber')}
      onDone={onDone}
      onStale={onStale}
      onClose={onClose}
    >
      <Form.Item name="method" label="送达方式">
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={(['window', 'post'] as const).map((m) => ({ value: m, label: DELIVERY_METHOD_LABELS[m] }))}
        />
      </Form.Item>
      <Form.Item
        name="recipientName"
        label={DELIVERY_FIELD_LABELS[method ?? 'window'].recipientName}
        // Required at the window only (the contract's DeliverArgs says so, and says it in its words).
        required={method !== 'post'}
        rules={[callRule(DeliverArgs, toArgs, 'recipientName')]}
      >
        <LimitedInput limit={TEXT_LIMITS.recipientName} />
      </Form.Item>
      {method === 'post' && (
        <>
          <Form.Item name="address" label={DELIVERY_FIELD_LABELS.post.address} required rules={[callRule(DeliverArgs, toArgs, 'address')]}>
            <LimitedTextArea rows={2} limit={TEXT_LIMITS.deliveryAddress} />
          </Form.Item>
          <Form.Item
            name="trackingNumber"
            label={DELIVERY_FIELD_LABELS.post.trackingNumber}
            // The contract refuses an empty number; this shows the mark like the others.
            required
            // The contract's own check: spaces and dashes from the waybill are fine and are
            // stripped by the core (SF 1234 5678 9012 → SF123456789012).
            rules={[callRule(DeliverArgs, toArgs, 'trackingNumber')]}
          >
            <LimitedInput limit={TEXT_LIMITS.trackingNumber} counter={false} className="mono" placeholder="如 SF 1234 5678 9012" />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
