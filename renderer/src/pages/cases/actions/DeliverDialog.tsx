import { Form, Input, Radio } from 'antd';
import { DELIVERY_METHOD_LABELS, type DeliveryMethod } from '../../../../../electron/contract';
import { useCounter } from '../../../api/hooks';
import { sameNameFields } from '../../../shared/call-error';
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
      perform={(v) =>
        client.call('cases.deliver', {
          caseId: detail.id,
          expectedVersion: detail.version,
          method: v.method,
          recipientName: v.recipientName ?? '',
          address: v.method === 'post' ? v.address : '',
          trackingNumber: v.method === 'post' ? v.trackingNumber : '',
        })
      }
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
        label={method === 'post' ? '收件人' : '领取人'}
        rules={method === 'post' ? [] : [{ required: true, whitespace: true, message: '请填写领取人姓名' }]}
      >
        <Input maxLength={50} />
      </Form.Item>
      {method === 'post' && (
        <>
          <Form.Item
            name="address"
            label="收件地址"
            rules={[{ required: true, whitespace: true, message: '邮寄送达须填写收件地址' }]}
          >
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
          <Form.Item
            name="trackingNumber"
            label="邮件单号"
            rules={[
              { required: true, message: '请填写邮件单号' },
              { pattern: /^[0-9A-Za-z]{6,40}$/, message: '邮件单号应为 6–40 位字母或数字' },
            ]}
          >
            <Input maxLength={40} className="mono" />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
