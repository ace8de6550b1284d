import { App as AntApp } from 'antd';
import { useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useCounter } from '../../api/hooks';
import { useHotkey } from '../../app/shortcuts';
import { errorMessage } from '../../shared/call-error';
import { pressNote } from './panel-actions';
import { isQueueKey, queueKeyFor } from './queue-keys';

/**
 * The calling keys on every other page, as on a hardware caller beside the keyboard: the clerk
 * filling in a form calls the next citizen with F3 (重呼 F4, 过号 F7) without leaving it, and
 * reads the answer in a toast; the keys that need a choice (选号, 暂停, 转移) open 叫号. On 叫号
 * itself the page handles every key (QueuePage).
 */
export function QueueKeysElsewhere() {
  const location = useLocation();
  const navigate = useNavigate();
  const client = useCounter();
  const { message } = AntApp.useApp();
  const busy = useRef(false);
  useHotkey(
    isQueueKey,
    (e) => {
      const key = queueKeyFor(e);
      if (!key) return;
      if (key.action !== 'callNext' && key.action !== 'recall' && key.action !== 'skip') {
        void navigate('/queue');
        return;
      }
      // A key held down repeats: one press at a time.
      if (busy.current) return;
      busy.current = true;
      client
        .call('queue.press', { action: { kind: key.action } })
        .then(
          (result) => {
            const note = pressNote(result);
            void (note.refused ? message.warning(note.words) : message.success(note.words));
          },
          (err: unknown) => void message.error(errorMessage(err)),
        )
        .finally(() => {
          busy.current = false;
        });
    },
    { enabled: location.pathname !== '/queue', whileTyping: true },
  );
  return null;
}
