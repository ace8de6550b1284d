import { Form, Input, type FormRule } from 'antd';
import { PIN_MAX_LENGTH, ROLE_LABELS, STAFF_NUMBER_MAX_LENGTH } from '../../../../electron/contract';
import { PinInput } from '../../app/PinInput';
import { digitsOnly, samePinRule } from '../../shared/pin-rules';

/**
 * The first account of a new PC (the wizard's 管理员账号 step): 工号, 姓名 and a PIN typed twice.
 * `rule(path)` checks a field with the contract's FirstAdministratorArgs (`admin.pin`: NewPin).
 */
export function AdminFields({ rule }: { rule: (path: string) => FormRule }) {
  return (
    <div className="config-fields">
      <p className="setup-note">
        这是本机的第一个账号，角色固定为 <strong>{ROLE_LABELS.it_admin}</strong>：用于设置本机、管理工作人员账号，不办理业务。
        窗口工作人员的账号请在设置完成后，以此账号登录，在“人员”页添加。
      </p>
      <div className="config-row">
        <Form.Item name={['admin', 'staffNumber']} label="工号" required rules={[rule('admin.staffNumber')]} className="config-narrow">
          <Input maxLength={STAFF_NUMBER_MAX_LENGTH} placeholder="2–20 位字母或数字" />
        </Form.Item>
        <Form.Item name={['admin', 'name']} label="姓名" required rules={[rule('admin.name')]} className="config-wide">
          <Input maxLength={30} />
        </Form.Item>
      </div>
      <div className="config-row">
        <Form.Item
          name={['admin', 'pin']}
          label="密码"
          required
          rules={[rule('admin.pin')]}
          normalize={digitsOnly}
          extra="6–12 位数字，不能是 123456、111111、生日等容易猜到的数字"
          className="config-half"
        >
          <PinInput inputMode="numeric" maxLength={PIN_MAX_LENGTH} autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name={['admin', 'pinAgain']}
          label="再次输入密码"
          required
          dependencies={[['admin', 'pin']]}
          rules={[samePinRule(['admin', 'pin'])]}
          normalize={digitsOnly}
          className="config-half"
        >
          <PinInput inputMode="numeric" maxLength={PIN_MAX_LENGTH} autoComplete="new-password" />
        </Form.Item>
      </div>
    </div>
  );
}
