import { IdcardOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { SIGN_IN_MESSAGES, STAFF_NUMBER_MAX_LENGTH, StaffNumber } from '../../../electron/contract';
import { useCounter } from '../api/hooks';
import { isCallError, sameNameFields, showFieldErrors, splitCallError } from '../shared/call-error';
import { schemaRule } from '../shared/schema-rule';
import { formatCalendarDate } from '../shared/format';
import { DemoConfigBanner } from './DemoConfigBanner';
import { useSetSession, useWindowInfo, windowLabel } from './frame-context';
import { HOME_PATH } from './nav';
import { PinField } from './PinField';

interface SignInValues {
  staffNumber: string;
  pin: string;
}


export function SignInScreen() {
  const client = useCounter();
  const info = useWindowInfo();
  const setSession = useSetSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<SignInValues>();
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);
  const pinRef = useRef<InputRef>(null);
  // Bumped after a refused PIN; the effect runs once the form is enabled again (a disabled
  // input cannot take focus).
  const [focusPin, setFocusPin] = useState(0);

  useEffect(() => {
    if (focusPin > 0) pinRef.current?.focus();
  }, [focusPin]);

  // Whoever signs in next starts at 受理, not on the case the previous clerk had open.
  useEffect(() => {
    void navigate(HOME_PATH, { replace: true });
  }, [navigate]);

  const submit = async (values: SignInValues) => {
    setBusy(true);
    setGeneral(null);
    try {
      setSession(await client.call('session.signIn', values));
    } catch (err) {
      const { general: top, fields } = splitCallError(err, sameNameFields('staffNumber', 'pin'));
      let retype = false;
      // A wrong PIN is about the PIN; a lock is about the account (the 工号).
      if (isCallError(err, 'sign_in_failed') && fields.length === 0) {
        form.setFields([{ name: 'pin', errors: [top ?? '工号或密码错误'], value: '' }]);
        retype = true;
      } else if (isCallError(err, 'staff_locked')) {
        form.setFields([{ name: 'staffNumber', errors: [top ?? '账号已锁定'] }, { name: 'pin', value: '' }]);
      } else {
        showFieldErrors(form, fields);
        setGeneral(top);
      }
      setBusy(false);
      if (retype) setFocusPin((n) => n + 1);
    }
  };

  return (
    <div className="sign-in-screen">
      {info.demoConfig && <DemoConfigBanner />}
      <main className="sign-in-center">
        <section className="sign-in-card" aria-labelledby="sign-in-title">
          <div className="sign-in-emblem" aria-hidden>
            政
          </div>
          <h1 id="sign-in-title" className="sign-in-hall">
            {info.hallName}
          </h1>
          <div className="sign-in-window">
            {windowLabel(info)}
            {info.windowName && <span> · {info.windowName}</span>}
          </div>
          <div className="sign-in-heading">工作人员登录</div>
          {general && <Alert type="error" showIcon title={general} className="form-top-alert" />}
          <Form<SignInValues>
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={(v) => void submit(v)}
            disabled={busy}
            autoComplete="off"
          >
            <Form.Item
              name="staffNumber"
              label="工号"
              // Empty (or only spaces) says what is missing; the schema's wording is for a wrong one.
              rules={[{ required: true, whitespace: true, message: SIGN_IN_MESSAGES.staffNumberEmpty }, schemaRule(StaffNumber)]}
              validateFirst
              validateTrigger="onSubmit"
            >
              <Input
                size="large"
                prefix={<IdcardOutlined />}
                autoFocus
                maxLength={STAFF_NUMBER_MAX_LENGTH}
                placeholder="请输入工号"
                onPressEnter={(e) => {
                  // Enter after the 工号 goes on to the 密码 rather than failing on an empty one.
                  if (!form.getFieldValue('pin')) {
                    e.preventDefault();
                    pinRef.current?.focus();
                  }
                }}
              />
            </Form.Item>
            <PinField inputRef={pinRef} placeholder="6–12 位数字" />
            <Button type="primary" htmlType="submit" size="large" block className="form-submit" loading={busy}>
              登录
            </Button>
          </Form>
        </section>
        <footer className="sign-in-footer">
          {formatCalendarDate(info.today, true)} · 版本 {info.appVersion}
        </footer>
      </main>
    </div>
  );
}
