import type { FormRule } from 'antd';

/**
 * A PIN field's `normalize`: keeps the digits only, so a stray letter or a full-width space typed
 * with an IME never reaches the rule or the core (a PIN is 6–12 digits, contract NewPin).
 */
export const digitsOnly = (value: string | undefined): string => (value ?? '').replace(/\D/g, '');

/**
 * The second PIN must be the first (form field `first`): a typo in a PIN nobody can read would
 * lock the account. `message` when they differ; '请再次输入密码' when the second is empty.
 */
export function samePinRule(first: (string | number)[], message = '两次输入的密码不一致'): FormRule {
  return ({ getFieldValue }) => ({
    validator: async (_rule, value: unknown) => {
      if (!value) throw new Error('请再次输入密码');
      if (value !== getFieldValue(first)) throw new Error(message);
    },
  });
}
