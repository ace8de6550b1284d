import { LockOutlined } from '@ant-design/icons';
import { Form, type InputRef } from 'antd';
import type { Ref } from 'react';
import { Pin, PIN_MAX_LENGTH, SIGN_IN_MESSAGES } from '../../../electron/contract';
import { digitsOnly } from '../shared/pin-rules';
import { schemaRule } from '../shared/schema-rule';
import { PinInput } from './PinInput';

/**
 * The PIN field of the sign-in and the 暂离 screens: digits only (a letter typed by mistake on
 * a numeric pad is dropped, not sent), checked by the contract's own rule on submit.
 */
export function PinField({ inputRef, placeholder }: { inputRef: Ref<InputRef>; placeholder: string }) {
  return (
    <Form.Item
      name="pin"
      label="密码"
      // Empty says what is missing ("请输入密码"), not "6–12 位数字".
      rules={[{ required: true, message: SIGN_IN_MESSAGES.pinEmpty }, schemaRule(Pin)]}
      validateFirst
      normalize={digitsOnly}
      validateTrigger="onSubmit"
    >
      <PinInput ref={inputRef} size="large" prefix={<LockOutlined />} inputMode="numeric" maxLength={PIN_MAX_LENGTH} placeholder={placeholder} />
    </Form.Item>
  );
}
