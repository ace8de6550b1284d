import { App } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useCounter } from '../../api/hooks';
import { errorMessage } from '../../shared/call-error';

const RESTART_NOTE = 'settings-restart';

/**
 * 立即重启: asks the host to restart the core on the saved settings (`app.restart`). When the
 * host cannot (the browser shell started by hand), says to close and start the program again.
 * While it restarts, the frame's restarting overlay takes over (the `app.restarting` event).
 */
export function useRestart(): { restart: () => void; restarting: boolean } {
  const client = useCounter();
  const { modal, message } = App.useApp();
  const [restarting, setRestarting] = useState(false);
  // The note goes with the page: after the restart the sign-in screen (and whoever signs in next) must not still read it.
  useEffect(() => () => message.destroy(RESTART_NOTE), [message]);
  const restart = useCallback(() => {
    setRestarting(true);
    client.call('app.restart', {}).then(
      (answer) => {
        if (answer.restarting) {
          void message.loading({ key: RESTART_NOTE, content: '正在重新启动程序…', duration: 5 });
          return;
        }
        setRestarting(false);
        modal.info({
          title: '请手动重新启动程序',
          content: '本程序不能自行重启（例如由命令行启动的浏览器模式）。请关闭程序，再按原来的方式启动，修改即可生效。',
          okText: '知道了',
        });
      },
      (err: unknown) => {
        setRestarting(false);
        modal.error({ title: '重启失败', content: errorMessage(err), okText: '知道了' });
      },
    );
  }, [client, modal, message]);
  return { restart, restarting };
}
