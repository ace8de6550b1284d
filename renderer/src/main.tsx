import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api/counter-client';
import { CounterProvider } from './api/hooks';
import { App } from './app/App';
import { theme } from './app/theme';
import './app/global.css';

dayjs.locale('zh-cn');

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');

createRoot(root).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={theme}>
      <AntApp>
        <CounterProvider connection={connect()}>
          <App />
        </CounterProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
