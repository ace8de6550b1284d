import { Form, type InputRef } from 'antd';
import type { Ref } from 'react';
import { ChangePinArgs, Pin, PIN_MAX_LENGTH } from '../../../electron/contract';
import { digitsOnly, samePinRule } from '../shared/pin-rules';
import { callRule, schemaRule } from '../shared/schema-rule';
import { changePinArgs, type ChangePinValues } from './change-pin';
import { PinInput } from './PinInput';

/**
 * 当前密码, 新密码, 再次输入新密码: the fields of the PIN-change screen and dialog. The new PIN is
 * checked by the contract's ChangePinArgs (not trivial, not the current one), in its words.
 */
export function ChangePinFields({ currentRef, currentHint }: { currentRef?: Ref<InputRef>; currentHint?: string }) {
  return (
    <>
      <Form.Item
        name="currentPin"
        label="当前密码"
        extra={currentHint}
        rules={[{ required: true, message: '请输入当前密码' }, schemaRule(Pin)]}
        validateFirst
        normalize={digitsOnly}
        validateTrigger="onSubmit"
      >
        <PinInput ref={currentRef} size="large" inputMode="numeric" maxLength={PIN_MAX_LENGTH} autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPin"
        label="新密码"
        extra="6–12 位数字，不能是 123456、111111、生日等"
        rules={[{ required: true, message: '请输入新密码' }, callRule(ChangePinArgs, (v: ChangePinValues) => changePinArgs(v), 'newPin')]}
        validateFirst
        normalize={digitsOnly}
        validateTrigger="onSubmit"
      >
        <PinInput size="large" inputMode="numeric" maxLength={PIN_MAX_LENGTH} autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="newPinAgain"
        label="再次输入新密码"
        rules={[samePinRule(['newPin'], '两次输入的新密码不一致')]}
        normalize={digitsOnly}
        validateTrigger="onSubmit"
      >
        <PinInput size="large" inputMode="numeric" maxLength={PIN_MAX_LENGTH} autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
