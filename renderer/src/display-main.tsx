import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CallsQuerySchema } from '../../electron/contract/queue/hall-wire';
import { sseCallSource } from './pages/queue/call-sources';
import { DisplayScreen } from './pages/queue/DisplayScreen';

// The hall screen served by the hall server (GET /display?hall=JQ): the same screen as the
// browser shell's, listening to the server's call stream for the hall in the address. The server
// keeps no hall settings, so the address also carries the hall's name (&name=, the title) and its
// clock (&timeZone=, &resetHour=, as the PCs' config; default Asia/Shanghai from 00:00): the
// screen's clock is the hall's, not the display PC's, and the board it opens with is the hall's day.

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');

const params = new URLSearchParams(window.location.search);
const given = (key: string): Record<string, string> => {
  const value = params.get(key);
  return value === null || value === '' ? {} : { [key]: value };
};
// Only the page's own keys: anything else in the address (a kiosk's tag) is not the page's business.
const query = CallsQuerySchema.safeParse({ hall: params.get('hall') ?? '', ...given('name'), ...given('timeZone'), ...given('resetHour') });

const EXAMPLE = '/display?hall=JQ&name=金桥政务服务中心&timeZone=Asia/Shanghai';

/** What the address asks for, made once: the source must not change between renders (it would reconnect). */
const screen = query.success
  ? {
      source: sseCallSource(query.data.hall, undefined, { timeZone: query.data.timeZone, resetHour: query.data.resetHour }),
      title: query.data.name !== undefined ? `${query.data.name} 叫号信息` : '叫号信息',
      timeZone: query.data.timeZone,
    }
  : null;
if (screen) document.title = screen.title;

function Page() {
  if (screen === null) {
    const issues = query.error?.issues ?? [];
    const words = issues.some((i) => i.path[0] === 'hall') ? '网址缺少大厅代码或代码不正确' : `网址参数不正确：${issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`;
    return (
      <p style={{ font: '4vh sans-serif', padding: '4vh' }}>
        {words}，应为 {EXAMPLE}（name、timeZone 可省略）
      </p>
    );
  }
  return <DisplayScreen source={screen.source} title={screen.title} timeZone={screen.timeZone} />;
}

createRoot(root).render(
  <StrictMode>
    <Page />
  </StrictMode>,
);
