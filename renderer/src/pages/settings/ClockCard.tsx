import { Alert, Card, Descriptions } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { Clock } from '../../../../electron/contract';
import { useCounter } from '../../api/hooks';
import { errorMessage } from '../../shared/call-error';
import { clockView, datesDifferMessage, formatOffset } from './clock-model';

const TICK_MS = 1000;
const ASK_EVERY_MS = 60_000;

interface Reading {
  answer: Clock;
  receivedAt: number;
}

/** `（Asia/Shanghai，UTC+8）`; a zone named by its offset (UTC) is named once. */
function zoneNote(zone: string, offsetMinutes: number): string {
  const offset = formatOffset(offsetMinutes);
  return zone === offset ? `（${zone}）` : `（${zone}，${offset}）`;
}

/**
 * 日期与时间, for every role: the PC's clock against the hall's time zone (`app.clock`), with a
 * warning when the PC's date is not the hall's (numbers and deadlines use the hall's date).
 */
export function ClockCard() {
  const client = useCounter();
  const [reading, setReading] = useState<Reading>();
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const ask = useCallback(() => {
    client.call('app.clock', {}).then(
      (answer) => {
        setReading({ answer, receivedAt: Date.now() });
        setError(null);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, [client]);

  useEffect(() => {
    ask();
    const again = setInterval(ask, ASK_EVERY_MS);
    const tick = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => {
      clearInterval(again);
      clearInterval(tick);
    };
  }, [ask]);

  if (!reading) {
    return (
      <Card title="日期与时间" size="small" className="section-card clock-card">
        {error ? <Alert type="error" showIcon title={`无法读取时钟：${error}`} /> : <span className="muted">正在读取…</span>}
      </Card>
    );
  }
  const { answer } = reading;
  const view = clockView(answer, reading.receivedAt, now);
  return (
    <Card title="日期与时间" size="small" className="section-card clock-card">
      {view.datesDiffer && <Alert className="clock-alert" type="warning" showIcon title={datesDifferMessage(view.hall.date)} />}
      <Descriptions
        bordered
        size="small"
        column={2}
        items={[
          {
            key: 'pc',
            label: '本机时间',
            children: (
              <span>
                <span className="mono" data-testid="pc-clock">{`${view.pc.date} ${view.pc.time}`}</span>
                <span className="muted">{zoneNote(answer.pcTimeZone, answer.pcUtcOffsetMinutes)}</span>
              </span>
            ),
          },
          {
            key: 'hall',
            label: '大厅时间',
            children: (
              <span>
                <span className="mono" data-testid="hall-clock">{`${view.hall.date} ${view.hall.time}`}</span>
                <span className="muted">{zoneNote(answer.hallTimeZone, answer.hallUtcOffsetMinutes)}</span>
              </span>
            ),
          },
        ]}
      />
      {view.zonesDiffer && (
        <p className="muted clock-zone-note">
          {`本机时区（${answer.pcTimeZone}）与大厅时区（${answer.hallTimeZone}）不同：办件编号、日期和期限一律按大厅时区计算。`}
        </p>
      )}
      {error && <p className="muted">{`时钟刷新失败：${error}（显示的是上次读取后推算的时间）`}</p>}
    </Card>
  );
}
