import { Form } from 'antd';
import { NewPin, PIN_MAX_LENGTH, SIGN_IN_MESSAGES } from '../../../../electron/contract';
import { schemaRule } from '../../shared/schema-rule';
import { digitsOnly, samePinRule } from '../../shared/pin-rules';
import { PinInput } from '../../app/PinInput';

/** The message when the second PIN differs from the first. */
export const PIN_MISMATCH = '两次输入的密码不一致';

/**
 * A PIN someone sets for another person (a new account's first PIN, a temporary one), typed twice:
 * digits only, not trivial — the contract's NewPin, the rule the core applies, so its message
 * shows before the call — and the second equal to the first. Form fields `pin` and `pinAgain`.
 */
export function NewPinFields({ label }: { label: string }) {
  return (
    <>
      <Form.Item
        name="pin"
        label={label}
        rules={[{ required: true, message: SIGN_IN_MESSAGES.pinEmpty }, schemaRule(NewPin)]}
        validateFirst
        normalize={digitsOnly}
        validateTrigger="onBlur"
      >
        <PinInput inputMode="numeric" maxLength={PIN_MAX_LENGTH} autoComplete="new-password" placeholder="6–12 位数字" />
      </Form.Item>
      <Form.Item
        name="pinAgain"
        label={`再次输入${label}`}
        dependencies={['pin']}
        rules={[samePinRule(['pin'], PIN_MISMATCH)]}
        validateFirst
        normalize={digitsOnly}
      >
        <PinInput inputMode="numeric" maxLength={PIN_MAX_LENGTH} autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
