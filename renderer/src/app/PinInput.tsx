import { Input, type InputRef } from 'antd';
import type { PasswordProps } from 'antd/es/input';
import { forwardRef } from 'react';

/**
 * The show-PIN (eye) icon stays clickable with the mouse but is out of the tab order: at a
 * window the clerk types a PIN, presses Tab to the next field and Enter to submit — a Tab that
 * landed on the icon, then Enter, showed the PIN in clear to the applicant across the counter.
 */
const EYE_OUT_OF_TAB_ORDER = { tabIndex: -1 } as const;

/**
 * A PIN input: antd's Input.Password with the eye icon out of the tab order. Use it for every
 * field where a PIN is typed (sign-in, 暂离, setup, 新增人员, 重置密码, 修改密码).
 */
export const PinInput = forwardRef<InputRef, Omit<PasswordProps, 'visibilityToggle'>>(function PinInput(props, ref) {
  return <Input.Password ref={ref} {...props} visibilityToggle={EYE_OUT_OF_TAB_ORDER} />;
});
