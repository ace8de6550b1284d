/**
 * 测试评价器 under the rating device's fields on the 设置 page (ratings.testDevice, administrator):
 * asks the device, as the core runs it, who it is (serial, firmware, the round trip) and draws it
 * (RatingDevicePicture: slots and state lights). Disabled with the reason while the device is not
 * saved, edited since, or waiting for a restart; a failure in the core's words, with what to check
 * from the device's state now (离线: the cable and the power).
 */
import { Alert, Button, Descriptions, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { RATING_PROTOCOL_LABELS, type RatingDeviceTest } from '../../../../electron/contract/ratings';
import { useCounter } from '../../api/hooks';
import { useHealth } from '../../app/frame-context';
import { errorMessage } from '../../shared/call-error';
import { DEVICE_STATE_COLORS, DEVICE_STATE_LABELS, ratingFlagWords } from '../../shared/health-labels';
import { RatingDevicePicture } from './RatingDevicePicture';
import { ratingTestBlocked, ratingTestHint, roundTripText } from './test-rating-model';

export interface TestRatingProps {
  /** The saved settings have a rating device. */
  configured: boolean;
  /** The form holds changes to the rating device that are not saved yet. */
  edited: boolean;
  /** Saved changes to the rating device wait for a restart (the running driver has the old ones). */
  restartPending: boolean;
}

export function TestRating({ configured, edited, restartPending }: TestRatingProps) {
  const client = useCounter();
  const health = useHealth();
  const device = health.devices.find((d) => d.id === 'ratingDevice');
  const [result, setResult] = useState<RatingDeviceTest | null>(null);
  const [failure, setFailure] = useState<{ words: string; hint: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const blocked = ratingTestBlocked(configured, edited, restartPending);

  const test = useCallback(async () => {
    setBusy(true);
    setFailure(null);
    setResult(null);
    try {
      setResult(await client.call('ratings.testDevice', {}));
    } catch (err: unknown) {
      setFailure({ words: errorMessage(err), hint: null });
    } finally {
      setBusy(false);
    }
  }, [client]);

  // The hint follows the device's state now (it may come back while the message is read).
  const hint = failure ? ratingTestHint(device) : null;
  const faults = ratingFlagWords(device?.ratingFlags);
  return (
    <div className="test-rating">
      <div className="test-rating-bar">
        <Button onClick={() => void test()} loading={busy} disabled={blocked !== null}>
          测试评价器
        </Button>
        {blocked && <span className="muted test-rating-blocked">{blocked}</span>}
        {configured && device && (
          <span className="test-rating-state">
            评价器：<Tag color={DEVICE_STATE_COLORS[device.state]}>{DEVICE_STATE_LABELS[device.state]}</Tag>
            {faults.map((w) => (
              <Tag key={w} color="warning">
                {w}
              </Tag>
            ))}
          </span>
        )}
      </div>
      <div role="status" aria-live="polite">
        {failure && (
          <Alert
            className="test-rating-failure"
            type="error"
            showIcon
            title={`测试评价器失败：${failure.words}`}
            description={hint ?? undefined}
          />
        )}
        {result && (
          <div className="test-rating-result">
            <Descriptions
              size="small"
              bordered
              column={2}
              items={[
                { key: 'serial', label: '设备编号', children: <span className="mono">{result.serial ?? '—（大厅总线无设备编号）'}</span> },
                { key: 'firmware', label: '固件版本', children: result.firmware ?? '—' },
                { key: 'rtt', label: '往返时间', children: roundTripText(result) },
                { key: 'protocol', label: '协议', children: RATING_PROTOCOL_LABELS[result.protocol] },
                { key: 'endpoint', label: '连接位置', span: 2, children: <span className="mono">{result.endpoint}</span> },
              ]}
            />
            <RatingDevicePicture test={result} />
          </div>
        )}
      </div>
    </div>
  );
}
