/**
 * 测试评价器 under the rating device's fields, wherever they are (the 设置 page: TestRating.tsx on
 * the running device; the first-run wizard's 设备 step: on the settings as typed): asks the device
 * who it is (serial, firmware, the round trip) and draws it (RatingDevicePicture: slots and state
 * lights). Disabled with the reason while it cannot run; a failure in the core's words, with what
 * to check (from the running device's state when there is one).
 */
import { Alert, Button, Descriptions, Tag } from 'antd';
import { useCallback, useState } from 'react';
import type { DeviceHealth } from '../../../../electron/contract';
import { RATING_PROTOCOL_LABELS, type RatingDeviceTest } from '../../../../electron/contract/ratings';
import { errorMessage } from '../../shared/call-error';
import { DEVICE_STATE_COLORS, DEVICE_STATE_LABELS, ratingFlagWords } from '../../shared/health-labels';
import { RatingDevicePicture } from './RatingDevicePicture';
import { ratingTestHint, roundTripText, UNSAVED_RATING_TEST_HINT } from './test-rating-model';
import './rating-test.css';

export interface RatingTesterProps {
  /** Runs the test: `ratings.testDevice` (the running device) or `setup.testRatingDevice` (the typed settings). */
  run: () => Promise<RatingDeviceTest>;
  /** Why it cannot be pressed now (shown beside it), or null. */
  blocked: string | null;
  /**
   * The running device as app.health reports it: its state beside the button, and what to check
   * after a failure; null where no device runs these settings (the wizard).
   */
  device: DeviceHealth | null;
}

export function RatingTester({ run, blocked, device }: RatingTesterProps) {
  const [result, setResult] = useState<RatingDeviceTest | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const test = useCallback(async () => {
    setBusy(true);
    setFailure(null);
    setResult(null);
    try {
      setResult(await run());
    } catch (err: unknown) {
      setFailure(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }, [run]);

  // The hint follows the device's state now (it may come back while the message is read).
  const hint = failure === null ? null : device ? ratingTestHint(device) : UNSAVED_RATING_TEST_HINT;
  const faults = ratingFlagWords(device?.ratingFlags);
  return (
    <div className="test-rating">
      <div className="test-rating-bar">
        <Button onClick={() => void test()} loading={busy} disabled={blocked !== null}>
          测试评价器
        </Button>
        {blocked && <span className="muted test-rating-blocked">{blocked}</span>}
        {device && (
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
        {failure !== null && (
          <Alert className="test-rating-failure" type="error" showIcon title={`测试评价器失败：${failure}`} description={hint ?? undefined} />
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
