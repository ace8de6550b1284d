import { Form } from 'antd';
import { ROLE_LABELS, type Role, type StaffMember } from '../../../../electron/contract';
import { useCounter } from '../../api/hooks';
import { sameNameFields } from '../../shared/call-error';
import { RoleChoice } from './RoleChoice';
import { StaffDialog } from './StaffDialog';

interface Values {
  role: Role;
}

/** 修改角色 (系统管理员). The core keeps one's own role and the last 系统管理员, and says why. */
export function SetRoleDialog({
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
      title={`修改角色：${member.name}（${member.staffNumber}）`}
      okText="保存"
      form={form}
      initialValues={{ role: member.role }}
      perform={(v) => client.call('staff.setRole', { staffId: member.id, role: v.role })}
      fieldFor={sameNameFields('role')}
      onDone={onDone}
      onClose={onClose}
    >
      <p className="muted">当前角色：{ROLE_LABELS[member.role]}</p>
      <RoleChoice />
    </StaffDialog>
  );
}
