import { KeyOutlined, LogoutOutlined, PauseCircleOutlined, QuestionCircleOutlined, UserOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { ROLE_LABELS } from '../../../electron/contract';
import { useCounter } from '../api/hooks';
import { errorMessage } from '../shared/call-error';
import { ChangePinDialog } from './ChangePinDialog';
import { Clock } from './Clock';
import { useSession, useSetSession, useWindowInfo, windowLabel } from './frame-context';
import { signOutNotice } from './sign-out';

interface Props {
  pausing: boolean;
  onPause: () => void;
  onHelp: () => void;
}

export function AppHeader({ pausing, onPause, onHelp }: Props) {
  const info = useWindowInfo();
  const session = useSession();
  const setSession = useSetSession();
  const client = useCounter();
  const { modal, message } = AntApp.useApp();
  const [signingOut, setSigningOut] = useState(false);
  const [changingPin, setChangingPin] = useState(false);

  const signOut = () => {
    modal.confirm({
      title: '退出登录？',
      // The intake draft is kept by the core per clerk (drafts.*) and comes back at the next sign-in;
      // only a role with intake is told so.
      content: session.staff ? signOutNotice(session.staff.role) : signOutNotice('clerk'),
      okText: '退出',
      cancelText: '取消',
      onOk: async () => {
        setSigningOut(true);
        try {
          setSession(await client.call('session.signOut', {}));
        } catch (err) {
          void message.error(errorMessage(err));
        } finally {
          setSigningOut(false);
        }
      },
    });
  };

  return (
    <header className="app-header">
      <div className="app-header-place">
        <div className="app-emblem" aria-hidden>
          政
        </div>
        <div className="app-hall">{info.hallName}</div>
        <div className="app-window">
          <span className="app-window-number">{windowLabel(info)}</span>
          {info.windowName && <span className="app-window-name">{info.windowName}</span>}
        </div>
      </div>
      <div className="app-header-right">
        <Clock timeZone={info.timeZone} />
        <div className="app-staff" aria-label="当前工作人员">
          <UserOutlined />
          <span className="app-staff-name">{session.staff?.name}</span>
          {session.staff && (
            <Tag className="app-staff-role" color="blue" bordered={false}>
              {ROLE_LABELS[session.staff.role]}
            </Tag>
          )}
          <span className="app-staff-number">工号 {session.staff?.staffNumber}</span>
        </div>
        <Tooltip title="修改自己的登录密码">
          <Button icon={<KeyOutlined />} onClick={() => setChangingPin(true)}>
            修改密码
          </Button>
        </Tooltip>
        <Tooltip title="快捷键（F1）">
          <Button type="text" icon={<QuestionCircleOutlined />} onClick={onHelp} aria-label="快捷键说明" />
        </Tooltip>
        <Tooltip title="锁定屏幕，暂停服务（Ctrl+L）">
          <Button icon={<PauseCircleOutlined />} loading={pausing} onClick={onPause}>
            暂离
          </Button>
        </Tooltip>
        <Button icon={<LogoutOutlined />} loading={signingOut} onClick={signOut}>
          退出
        </Button>
      </div>
      <ChangePinDialog open={changingPin} onClose={() => setChangingPin(false)} />
    </header>
  );
}
