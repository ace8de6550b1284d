import { Form } from 'antd';
import type { StaffMember } from '../../../../electron/contract';
import { useCounter } from '../../api/hooks';
import { NewPinFields } from './NewPinFields';
import { StaffDialog } from './StaffDialog';

interface Values {
  pin: string;
  pinAgain: string;
}

/**
 * 重置密码: a temporary PIN for someone who forgot theirs (also lifts a lock); they choose their
 * own at the next sign-in.
 */
export function ResetPinDialog({
  member,
  onDone,
  onClose,
}: {
  member: StaffMember;
  onDone: (m: StaffMember) => void;
  onClose: () => void;
}) {
  const client = useCounter();
  const [form] = Form.useForm<Values>();
  return (
    <StaffDialog<Values>
      title={`重置密码：${member.name}（${member.staffNumber}）`}
      okText="重置密码"
      form={form}
      initialValues={{ pin: '', pinAgain: '' }}
      perform={(v) => client.call('staff.resetPin', { staffId: member.id, temporaryPin: v.pin })}
      fieldFor={(path) => (path === 'temporaryPin' ? 'pin' : null)}
      onDone={onDone}
      onClose={onClose}
    >
      <NewPinFields label="临时密码" />
      <p className="muted staff-dialog-note">请当面告知本人；本人下次登录时须修改。</p>
    </StaffDialog>
  );
}
