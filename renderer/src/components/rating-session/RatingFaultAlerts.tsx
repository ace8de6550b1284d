import { App as AntApp } from 'antd';
import { useEffect, useRef } from 'react';
import { DEVICE_FAULT_LABELS, type DeviceFaultRecord } from '../../../../electron/contract/ratings';
import { useCoreEvent } from '../../api/hooks';
import { useWindowInfo } from '../../app/frame-context';
import { formatInstant } from '../../shared/format';
import { DEVICE_FAULT_ADVICE } from './fault-advice';

/**
 * The rating device reported a fault (卡币, 币箱满, 机盖打开, 传感器故障; protocols/rating-device.md
 * fault codes): a notice at once, wherever the clerk is, with the fault's words and whom to call,
 * until the clerk closes it (× — it interrupts nothing and takes no focus). One notice per kind
 * of fault: a device repeating the same fault updates it rather than stacking copies. Like the
 * printing notices (PrintJobAlerts); mounted once in the frame.
 */
export function RatingFaultAlerts() {
  const { notification } = AntApp.useApp();
  const { timeZone } = useWindowInfo();
  const shown = useRef(new Set<string>());

  useCoreEvent('ratings.deviceFault', (fault: DeviceFaultRecord) => {
    const key = `rating-fault-${fault.fault}`;
    shown.current.add(key);
    notification.error({
      key,
      title: `评价器故障：${DEVICE_FAULT_LABELS[fault.fault]}`,
      description: (
        <div className="rating-fault-words">
          <div>{DEVICE_FAULT_ADVICE[fault.fault]}</div>
          <div className="muted">
            {formatInstant(fault.at, timeZone)}
            {fault.deviceSerial ? ` · 评价器 ${fault.deviceSerial}` : ''}
          </div>
        </div>
      ),
      // Until closed: a jammed slot or a full box stays so until someone clears it.
      duration: 0,
      placement: 'topRight',
      // Below the header, so 退出 / 暂离 stay within reach.
      style: { marginTop: 40 },
      role: 'alert',
      className: 'rating-fault-alert',
      onClose: () => shown.current.delete(key),
    });
  });

  // Whoever signs in next is not greeted by the previous clerk's notices.
  useEffect(() => {
    const keys = shown.current;
    return () => {
      for (const key of keys) notification.destroy(key);
      keys.clear();
    };
  }, [notification]);

  return null;
}
