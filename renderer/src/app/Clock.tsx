import { useEffect, useState } from 'react';
import { clockTime } from '../shared/format';

/** The time of day in the hall's zone, ticking on the second. */
export function Clock({ timeZone }: { timeZone: string }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    // Aligned to the second boundary so the display does not lag up to a second behind.
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(new Date());
      timer = setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
    };
    timer = setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
    return () => clearTimeout(timer);
  }, []);
  return (
    <time className="clock" aria-label="当前时间">
      {clockTime(now, timeZone)}
    </time>
  );
}
