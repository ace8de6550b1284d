import { SwapOutlined } from '@ant-design/icons';
import { Alert, Button, Form, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useCounter } from '../api/hooks';
import { errorMessage, splitCallError } from '../shared/call-error';
import { formatTimeOfDay } from '../shared/format';
import { Clock } from './Clock';
import { PinField } from './PinField';
import { useSession, useSetSession, useWindowInfo, windowLabel } from './frame-context';

interface ResumeValues {
  pin: string;
}

/**
 * 暂离: the whole screen is covered (opaque: the citizen at the counter must not read the
 * open case) and says the window is paused. The clerk's PIN brings back exactly what was on
 * screen; another clerk can take over by signing the first one out.
 */
export function PausedOverlay() {
  const client = useCounter();
  const info = useWindowInfo();
  const session = useSession();
  const setSession = useSetSession();
  const [form] = Form.useForm<ResumeValues>();
  const [busy, setBusy] = useState<'resume' | 'signOut' | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const pinRef = useRef<InputRef>(null);
  // Bumped after a refused PIN: the effect runs once the form is enabled again (a disabled
  // input cannot take focus), so the clerk simply types the PIN once more.
  const [focusPin, setFocusPin] = useState(0);

  useEffect(() => {
    pinRef.current?.focus();
  }, [focusPin]);

  const resume = async ({ pin }: ResumeValues) => {
    setBusy('resume');
    setGeneral(null);
    try {
      setSession(await client.call('session.resume', { pin }));
    } catch (err) {
      const { general: top } = splitCallError(err, () => null);
      form.setFields([{ name: 'pin', errors: [top ?? '密码错误'], value: '' }]);
      setBusy(null);
      setFocusPin((n) => n + 1);
    }
  };

  const switchStaff = async () => {
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
    <div className="paused-overlay" role="dialog" aria-modal="true" aria-labelledby="paused-title">
      <div className="paused-clock">
        <Clock timeZone={info.timeZone} />
      </div>
      <div className="paused-panel">
        <div className="paused-hall">{info.hallName}</div>
        <h1 id="paused-title" className="paused-title">
          {windowLabel(info)} 暂停服务
        </h1>
        <p className="paused-sub">工作人员暂时离开，请稍候或前往其他窗口办理</p>
        <div className="paused-card">
          <div className="paused-staff">
            <span className="paused-staff-name">{session.staff?.name}</span>
            <span className="muted">工号 {session.staff?.staffNumber}</span>
            {session.since && <span className="muted">{formatTimeOfDay(session.since, info.timeZone)} 起暂离</span>}
          </div>
          {general && <Alert type="error" showIcon title={general} className="form-top-alert" />}
          <Form<ResumeValues>
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={(v) => void resume(v)}
            disabled={busy !== null}
            autoComplete="off"
          >
            <PinField inputRef={pinRef} placeholder="输入密码恢复服务" />
            <Button type="primary" htmlType="submit" size="large" block className="form-submit" loading={busy === 'resume'}>
              恢复服务
            </Button>
          </Form>
          <Button
            type="link"
            icon={<SwapOutlined />}
            className="paused-switch"
            loading={busy === 'signOut'}
            disabled={busy === 'resume'}
            onClick={() => void switchStaff()}
          >
            切换工作人员
          </Button>
        </div>
      </div>
    </div>
  );
}
