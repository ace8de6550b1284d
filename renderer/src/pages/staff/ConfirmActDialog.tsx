import { Form } from 'antd';
import type { StaffMember } from '../../../../electron/contract';
import { useCounter } from '../../api/hooks';
import { formatTimeOfDay } from '../../shared/format';
import { StaffDialog } from './StaffDialog';

/** The acts that are only a question: 停用, 启用, 解锁. */
export type ConfirmAct = 'disable' | 'enable' | 'unlock';

const who = (m: StaffMember) => `${m.name}（${m.staffNumber}）`;

/** 停用 / 启用 / 解锁 one account, after asking; a refusal (oneself, the last 系统管理员) shows in the dialog. */
export function ConfirmActDialog({
  act,
  member,
  timeZone,
  onDone,
  onClose,
}: {
  act: ConfirmAct;
  member: StaffMember;
  /** The hall's zone, for the lock's end. */
  timeZone: string;
  onDone: (m: StaffMember) => void;
  onClose: () => void;
}) {
  const client = useCounter();
  const [form] = Form.useForm<object>();
  const spec = {
    disable: {
      title: `停用 ${who(member)}？`,
      okText: '停用',
      danger: true,
      text: '停用后不能再登录；其办理记录保留，可随时重新启用。',
      call: () => client.call('staff.setActive', { staffId: member.id, active: false }),
    },
    enable: {
      title: `启用 ${who(member)}？`,
      okText: '启用',
      danger: false,
      text: '启用后可用原密码登录。',
      call: () => client.call('staff.setActive', { staffId: member.id, active: true }),
    },
    unlock: {
      title: `解锁 ${who(member)}？`,
      okText: '解锁',
      danger: false,
      text: member.lockedUntil
        ? `因多次输入错误密码，登录已锁定至 ${formatTimeOfDay(member.lockedUntil, timeZone)}。解锁后可立即用原密码登录。`
        : '解锁后可立即用原密码登录。',
      call: () => client.call('staff.unlock', { staffId: member.id }),
    },
  }[act];
  return (
    <StaffDialog<object>
      title={spec.title}
      okText={spec.okText}
      danger={spec.danger}
      form={form}
      initialValues={{}}
      perform={spec.call}
      fieldFor={() => null}
      onDone={onDone}
      onClose={onClose}
    >
      <p>{spec.text}</p>
    </StaffDialog>
  );
}
