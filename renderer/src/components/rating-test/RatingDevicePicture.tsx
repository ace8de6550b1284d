/**
 * A picture of the rating device as 测试评价器 found it: its front with the coin slots left to
 * right, each under its level's name (非常满意 … 非常不满意, as the device itself reports them on
 * v1, or the legacy score map from the best level to the worst: pictureSlots), and its state
 * lights (已布防, 币箱满, 卡币, 机盖打开, 传感器故障) lit or dark. IT staff hold it beside the real
 * device: a slot labelled differently on the device than here is found at a glance, before a
 * citizen's 差评 lands as 非常满意.
 */
import { SATISFACTION_LABELS } from '../../../../electron/contract/ratings';
import type { RatingDeviceTest } from '../../../../electron/contract/ratings';
import { lightsOf, pictureSlots, slotCaption } from './test-rating-model';

export function RatingDevicePicture({ test }: { test: RatingDeviceTest }) {
  const lights = lightsOf(test.flags);
  const slots = pictureSlots(test);
  return (
    <figure className="rating-device-picture" aria-label="评价器示意图">
      <div className="rdp-body">
        <div className="rdp-head">
          <span className="rdp-brand">好差评 · 投币评价器</span>
          <span className="rdp-serial mono">{test.serial ?? '（无设备编号）'}</span>
        </div>
        <ol className="rdp-slots" aria-label="投币口（从左到右）">
          {slots.map((s) => (
            <li key={s.slot} className={`rdp-slot rdp-${s.satisfaction}`} aria-label={`${slotCaption(test.protocol, s.slot)}：${SATISFACTION_LABELS[s.satisfaction]}`}>
              <span className="rdp-opening" aria-hidden />
              <span className="rdp-level">{SATISFACTION_LABELS[s.satisfaction]}</span>
              <span className="rdp-caption">{slotCaption(test.protocol, s.slot)}</span>
            </li>
          ))}
          {slots.length === 0 && <li className="rdp-none muted">设备未报告投币口</li>}
        </ol>
        <ul className="rdp-lights" aria-label="状态灯">
          {lights.map((l) => {
            const state = l.lit === null ? 'unknown' : l.lit ? `on rdp-${l.tone}` : 'off';
            const said = l.lit === null ? '无状态' : l.lit ? '亮' : '灭';
            return (
              <li key={l.flag} className={`rdp-light rdp-light-${state}`} aria-label={`${l.label}：${said}`} data-flag={l.flag}>
                <span className="rdp-led" aria-hidden />
                {l.label}
              </li>
            );
          })}
        </ul>
      </div>
      <figcaption className="muted">
        {test.flags === null
          ? '大厅总线的评价器不报告状态，状态灯无法显示；投币口按“分值对照”，从左到右由非常满意到非常不满意，与评价器正面一致。'
          : '投币口从左到右，与评价器正面一致；亮灯为评价器此刻报告的状态。'}
      </figcaption>
    </figure>
  );
}
