import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HallCodeSchema } from '../../electron/contract/sync/codes';
import { sseCallSource } from './pages/queue/call-sources';
import { DisplayScreen } from './pages/queue/DisplayScreen';

// The hall screen served by the hall server (GET /display?hall=JQ): the same screen as the
// browser shell's, listening to the server's call stream for the hall in the address.

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');

const hall = HallCodeSchema.safeParse(new URLSearchParams(window.location.search).get('hall') ?? '');

createRoot(root).render(
  <StrictMode>
    {hall.success ? (
      <DisplayScreen source={sseCallSource(hall.data)} title="排队叫号" />
    ) : (
      <p style={{ font: '4vh sans-serif', padding: '4vh' }}>网址缺少大厅代码，应为 /display?hall=大厅代码（例如 /display?hall=JQ）</p>
    )}
  </StrictMode>,
);
