import { Form, Radio } from 'antd';
import { ROLE_LABELS, ROLES, type Role } from '../../../../electron/contract';

/** What each role does, in a line, beside its name (roles.ts says the same at length). */
export const ROLE_DUTIES: { readonly [R in Role]: string } = {
  clerk: '受理与办件',
  lead: '受理与办件；另可解锁、重置窗口工作人员的密码',
  it_admin: '设置与人员管理；不办理业务',
};

/** The `role` field: one of the three roles, chosen with the arrow keys. */
export function RoleChoice() {
  return (
    <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
      <Radio.Group className="staff-role-choice">
        {ROLES.map((r) => (
          <Radio key={r} value={r}>
            <span className="staff-role-name">{ROLE_LABELS[r]}</span>
            <span className="muted staff-role-duty">{ROLE_DUTIES[r]}</span>
          </Radio>
        ))}
      </Radio.Group>
    </Form.Item>
  );
}
