import { WarningOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import type { Clock } from '../../../electron/contract';
import { useCounter } from '../api/hooks';

/** How often the PC's date is compared again with the hall's (a date changes at midnight, a zone by hand). */
const ASK_EVERY_MS = 60_000;

/**
 * The status bar's warning when this PC's date is not the hall's (`app.clock` datesDiffer):
 * numbers and deadlines use the hall's date, so a clerk whose PC shows another day must know —
 * the 设置 page's clock card says it too, but a clerk never opens 设置. Asks at start and every
 * minute; shows nothing while the dates agree or the core cannot be asked (the status bar's other
 * items show a lost connection).
 */
export function PcDateWarning() {
  const client = useCounter();
  const [clock, setClock] = useState<Clock | null>(null);

  useEffect(() => {
    let live = true;
    const ask = () => {
      client.call('app.clock', {}).then(
        (answer) => {
          if (live) setClock(answer);
        },
        () => undefined,
      );
    };
    ask();
    const again = setInterval(ask, ASK_EVERY_MS);
    return () => {
      live = false;
      clearInterval(again);
    };
  }, [client]);

  if (!clock?.datesDiffer) return null;
  const tip = (
    <div className="status-tip">
      <div>
        本机日期 {clock.pcToday}（{clock.pcTimeZone}）
      </div>
      <div>
        大厅日期 {clock.hallToday}（{clock.hallTimeZone}）
      </div>
      <div>办件编号和期限按大厅日期计算，请核对本机时钟和时区。</div>
    </div>
  );
  return (
    <Tooltip title={tip} placement="topRight" trigger={['hover', 'focus']} classNames={{ root: 'status-date-tip' }}>
      {/* Focusable so the tooltip with both dates is reachable from the keyboard too. */}
      <Tag color="warning" icon={<WarningOutlined />} className="status-date-warning" tabIndex={0} role="status">
        本机日期与大厅日期不同
      </Tag>
    </Tooltip>
  );
}
