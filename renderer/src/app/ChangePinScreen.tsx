import { Alert, Button, Form, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useCounter } from '../api/hooks';
import { errorMessage, showFieldErrors } from '../shared/call-error';
import { changePinArgs, changePinErrors, type ChangePinValues } from './change-pin';
import { ChangePinFields } from './ChangePinFields';
import { useSession, useSetSession, useWindowInfo, windowLabel } from './frame-context';

/**
 * Signed in with a PIN someone else set (a new account, a reset: session state
 * `pin_change_required`): nothing else opens until the person chooses their own PIN.
 */
export function ChangePinScreen() {
  const client = useCounter();
  const info = useWindowInfo();
  const session = useSession();
  const setSession = useSetSession();
  const [form] = Form.useForm<ChangePinValues>();
  const [busy, setBusy] = useState<'change' | 'signOut' | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const currentRef = useRef<InputRef>(null);
  // Bumped after a refusal: focus returns once the form is enabled again.
  const [refocus, setRefocus] = useState(0);

  useEffect(() => {
    currentRef.current?.focus();
  }, [refocus]);

  const submit = async (values: ChangePinValues) => {
    setBusy('change');
    setGeneral(null);
    try {
      setSession(await client.call('session.changePin', changePinArgs(values)));
    } catch (err) {
      const { general: top, fields } = changePinErrors(err);
      showFieldErrors(form, fields);
      setGeneral(top);
      setBusy(null);
      const wrongCurrent = fields.find((f) => f.name === 'currentPin');
      // A wrong current PIN is typed again from empty, like a refused sign-in.
      if (wrongCurrent) {
        form.setFields([{ name: 'currentPin', value: '', errors: wrongCurrent.errors }]);
        setRefocus((n) => n + 1);
      }
    }
  };

  const signOut = async () => {
    setBusy('signOut');
    setGeneral(null);
    try {
      setSession(await client.call('session.signOut', {}));
    } catch (err) {
      setGeneral(errorMessage(err));
      setBusy(null);
    }
  };

  return (
    <div className="sign-in-screen">
      <main className="sign-in-center">
        <section className="sign-in-card change-pin-card" aria-labelledby="change-pin-title">
          <div className="change-pin-where">
            {info.hallName} · {windowLabel(info)}
          </div>
          <h1 id="change-pin-title" className="change-pin-title">
            设置您自己的密码
          </h1>
          <div className="change-pin-who">
            {session.staff?.name} <span className="muted">工号 {session.staff?.staffNumber}</span>
          </div>
          <Alert type="info" showIcon className="form-top-alert change-pin-why" title="您的密码由管理员设置，请设置您自己的密码" />
          {general && <Alert type="error" showIcon title={general} className="form-top-alert" />}
          <Form<ChangePinValues>
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={(v) => void submit(v)}
            disabled={busy !== null}
            autoComplete="off"
          >
            <ChangePinFields currentRef={currentRef} currentHint="即刚才登录时使用的密码" />
            <Button type="primary" htmlType="submit" size="large" block className="form-submit" loading={busy === 'change'}>
              确定
            </Button>
          </Form>
          <Button type="link" className="paused-switch" loading={busy === 'signOut'} disabled={busy === 'change'} onClick={() => void signOut()}>
            退出登录
          </Button>
        </section>
      </main>
    </div>
  );
}
