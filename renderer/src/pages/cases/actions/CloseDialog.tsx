import { Form } from 'antd';
import { CloseArgs, TEXT_LIMITS } from '../../../../../electron/contract';
import { LimitedTextArea } from '../../../components/LimitedText';
import { useCounter } from '../../../api/hooks';
import { sameNameFields } from '../../../shared/call-error';
import { callRule } from '../../../shared/schema-rule';
import { ActionModal, type CaseDialogProps } from './ActionModal';

interface Values {
  reason: string;
}

const KINDS = {
  withdraw: {
    method: 'cases.withdraw',
    title: '撤回申请',
    okText: '确认撤回',
    lead: '申请人主动撤回申请。撤回后办件关闭，不能恢复；如需再办，须重新申请。',
    placeholder: '例如：申请人书面申请撤回（附撤回申请书）',
  },
  terminate: {
    method: 'cases.terminate',
    title: '终止办理',
    okText: '确认终止',
    lead: '因法定事由终止办理。终止后办件关闭，不能恢复。',
    placeholder: '写明终止的事由及依据',
  },
} as const;

/** 撤回 / 终止: both close an open case for good and must say why. */
export function CloseDialog({ kind, detail, onDone, onStale, onClose }: CaseDialogProps & { kind: keyof typeof KINDS }) {
  const client = useCounter();
  const [form] = Form.useForm<Values>();
  const k = KINDS[kind];
  const toArgs = (v: Values) => ({ caseId: detail.id, expectedVersion: detail.version, reason: v.reason });
  return (
    <ActionModal<Values>
      title={k.title}
      okText={k.okText}
      danger
      form={form}
      initialValues={{ reason: '' }}
      perform={(v) => client.call(k.method, toArgs(v))}
      fieldFor={sameNameFields('reason')}
      onDone={onDone}
      onStale={onStale}
      onClose={onClose}
    >
      <p className="muted">{k.lead}</p>
      <Form.Item name="reason" label="原因" required rules={[callRule(CloseArgs, toArgs, 'reason')]}>
        <LimitedTextArea rows={3} limit={TEXT_LIMITS.closeReason} placeholder={k.placeholder} />
      </Form.Item>
    </ActionModal>
  );
}
