import { useEffect, useState } from 'react';
import type { QueueRole } from '../../../electron/contract';
import { useCounter } from '../api/hooks';

/**
 * What this app is in the hall (config `role`, issue 17): `window` (the counter), `dispenser`
 * (取号机) or `display` (大厅显示屏). Asked once the core is up (`queue.dispenserState`, public),
 * and again after a restart (`generation`); undefined until it answers. A core that cannot say
 * (older, failing) is a window: the counter is what every PC was before the queue.
 */
export function useQueueRole(ready: boolean, generation: number): QueueRole | undefined {
  const client = useCounter();
  const [role, setRole] = useState<QueueRole>();
  useEffect(() => {
    if (!ready) return;
    let live = true;
    client.call('queue.dispenserState', {}).then(
      (state) => {
        if (live) setRole(state.role);
      },
      () => {
        if (live) setRole('window');
      },
    );
    return () => {
      live = false;
    };
  }, [client, ready, generation]);
  return role;
}
