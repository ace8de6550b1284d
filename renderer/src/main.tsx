import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api/counter-client';
import { CounterProvider } from './api/hooks';
import { App } from './app/App';
import { ShellDisplay } from './pages/queue/ShellDisplay';
import { theme } from './app/theme';
import './app/global.css';

dayjs.locale('zh-cn');

/**
 * Toasts (message.success …) start below the header, not on it: at the top of the window they
 * covered the clock and the clerk's name. 56 px is `--header-h` in global.css, plus a gap.
 */
const MESSAGE_TOP_PX = 56 + 12;

/**
 * `#/display`: the hall screen (大厅显示屏) from this browser shell, also for a screen on another
 * PC (--allow-remote), which may read only `display` methods and events: it starts straight on
 * that screen, without the window's boot (who is signed in, setup) that such a caller cannot ask.
 */
const hallScreen = window.location.hash.startsWith('#/display');

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');

createRoot(root).render(
  <StrictMode>
    {/* No space forced between the two characters of a button (取消, not 取 消) — here at the root,
        so the dialogs of App.useApp() (modal.confirm), which render outside <App />, get it too. */}
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp message={{ top: MESSAGE_TOP_PX }}>
        <CounterProvider connection={connect()}>
          {hallScreen ? <ShellDisplay /> : <App />}
        </CounterProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
