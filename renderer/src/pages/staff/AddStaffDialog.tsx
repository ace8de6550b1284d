import { Form, Input } from 'antd';
import { AddStaffArgs, STAFF_NUMBER_MAX_LENGTH, type Role, type StaffMember } from '../../../../electron/contract';
import { useCounter } from '../../api/hooks';
import { sameNameFields } from '../../shared/call-error';
import { callRule } from '../../shared/schema-rule';
import { NewPinFields } from './NewPinFields';
import { RoleChoice } from './RoleChoice';
import { StaffDialog } from './StaffDialog';

interface Values {
  staffNumber: string;
  name: string;
  role: Role;
  pin: string;
  pinAgain: string;
}

const toArgs = (v: Values) => ({ staffNumber: v.staffNumber, name: v.name, role: v.role, pin: v.pin });

/** 新增人员 (系统管理员): 工号, 姓名, 角色 and the first PIN, which the person changes at first sign-in. */
export function AddStaffDialog({ onDone, onClose }: { onDone: (m: StaffMember) => void; onClose: () => void }) {
  const client = useCounter();
  const [form] = Form.useForm<Values>();
  return (
    <StaffDialog<Values>
      title="新增人员"
      okText="新增"
      form={form}
      initialValues={{ staffNumber: '', name: '', role: 'clerk', pin: '', pinAgain: '' }}
      perform={(v) => client.call('staff.add', toArgs(v))}
      fieldFor={sameNameFields('staffNumber', 'name', 'role', 'pin')}
      onDone={onDone}
      onClose={onClose}
    >
      <Form.Item name="staffNumber" label="工号" rules={[callRule(AddStaffArgs, toArgs, 'staffNumber')]} required>
        <Input maxLength={STAFF_NUMBER_MAX_LENGTH} autoComplete="off" placeholder="2–20 位字母或数字" />
      </Form.Item>
      <Form.Item name="name" label="姓名" rules={[callRule(AddStaffArgs, toArgs, 'name')]} required>
        <Input autoComplete="off" />
      </Form.Item>
      <RoleChoice />
      <NewPinFields label="初始密码" />
      <p className="muted staff-dialog-note">首次登录时须修改密码。请将工号和初始密码当面告知本人。</p>
    </StaffDialog>
  );
}
