import {
  SATISFACTIONS,
  type DeviceFault,
  type RatingAttribution,
  type Satisfaction,
} from '../../../../electron/contract/ratings';

/**
 * The level's place on the five-step scale for the little picture beside its name: 5 非常满意 …
 * 1 非常不满意. Display only — a rating is kept and passed by its name (contract/ratings.ts).
 */
export function scaleStep(s: Satisfaction): number {
  return SATISFACTIONS.length - SATISFACTIONS.indexOf(s);
}

/** The colour family of a level: 满意 (3–5, the lowest of them amber) or 差评 (1–2). */
export type LevelTone = 'good' | 'fair' | 'bad';

/** 非常满意/满意 green, 基本满意 amber, 不满意/非常不满意 red (差评, DOMAIN.md, Ratings). */
export function levelTone(s: Satisfaction): LevelTone {
  const step = scaleStep(s);
  if (step >= 4) return 'good';
  if (step === 3) return 'fair';
  return 'bad';
}

/** How a rating was tied to a service, in the words the clerk reads on the case page. */
export const ATTRIBUTION_WORDS: { readonly [A in RatingAttribution]: string } = {
  session: '本次服务评价（一次一评）',
  on_duty: '未开启评价时投币：计入投币时在岗的工作人员',
  nobody: '投币时无人在岗：只计入本窗口',
};

/**
 * What the clerk should do about each device fault (protocols/rating-device.md, fault codes
 * 1–4). The clerk may not open the device: the coin box and its key are the administrator's.
 */
export const DEVICE_FAULT_ADVICE: { readonly [F in DeviceFault]: string } = {
  coin_jam: '评价币卡在投币口，群众暂时无法评价。请联系管理员打开评价器清理投币口。',
  box_full: '评价器不能再收币。请联系管理员清理币箱（取出评价币）后再请群众评价。',
  cover_opened: '评价器的机盖被打开。如非管理员在维护，请立即报告管理员并检查币箱。',
  sensor_fault: '评价器可能无法识别投入的评价币。请联系管理员检修评价器。',
};

/**
 * Whole seconds left until `expiresAt` (ISO instant) at `nowMs` (ms since the epoch), never
 * below 0. Rounded up, so the panel shows 1 until the session really ends. The renderer runs on
 * the same PC as the core, so its clock is the one the core used for `expiresAt`.
 */
export function secondsLeft(expiresAt: string, nowMs: number): number {
  const end = Date.parse(expiresAt);
  if (Number.isNaN(end)) return 0;
  return Math.max(0, Math.ceil((end - nowMs) / 1000));
}

/** `0:59`, `1:30`: minutes and seconds, as a countdown reads. */
export function countdownText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
