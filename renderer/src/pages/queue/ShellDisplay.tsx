import { useEffect, useMemo, useState } from 'react';
import { useConnection, useCounter } from '../../api/hooks';
import { shellCallSource } from './call-sources';
import { DisplayScreen } from './DisplayScreen';

/**
 * The hall screen through the browser shell (`#/display`, or the app itself in the `display`
 * role): the calls this PC knows of (`queue.calls`, `queue.called` — `display` access, so a
 * screen on another PC may use it with --allow-remote). The hall's name and time zone from
 * app.windowInfo (display access too); until it answers, a plain title.
 */
export function ShellDisplay() {
  const connection = useConnection();
  const client = useCounter();
  const source = useMemo(() => shellCallSource(connection), [connection]);
  const [hall, setHall] = useState<{ name: string; timeZone: string }>();
  useEffect(() => {
    let live = true;
    client.call('app.windowInfo', {}).then(
      (info) => {
        if (live) setHall({ name: info.hallName, timeZone: info.timeZone });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client]);
  return <DisplayScreen source={source} title={hall ? `${hall.name} 叫号信息` : '叫号信息'} {...(hall ? { timeZone: hall.timeZone } : {})} />;
}
