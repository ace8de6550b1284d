import type { QueueRole } from '../../electron/contract/queue';

// A hall's enrolled PCs and what each may do at the hall queue (issue 17). The role is stated by
// the operator on the enrolment code and kept on the token (migration 0009); the queue's routes
// (server/http/queue-routes.ts, dispenser-status-routes.ts) check it on every request.

/** What an enrolled PC is (the app's config `role`): a counter window, a 取号机, a 叫号屏. */
export type DeviceRole = QueueRole;

/** The role as the hall's staff name it, for the server's refusals and the operator's lists. */
export const DEVICE_ROLE_LABELS: Record<DeviceRole, string> = { window: '窗口', dispenser: '取号机', display: '叫号屏' };

/** A token's role as the operator reads it; null (enrolled before roles) is accepted in every role. */
export function deviceRoleLabel(role: DeviceRole | null): string {
  return role === null ? '未登记角色（旧注册，按任何角色接受）' : DEVICE_ROLE_LABELS[role];
}

/**
 * Whether a token of `role` may do what only `allowed` may. A token from before roles (null)
 * may do everything, as every token could before: the hall's dispensers and windows were all
 * enrolled by the same `enrol` then, so the server cannot tell which such a token is, and
 * refusing would stop an upgraded hall's dispensers (or windows) until each PC is enrolled again.
 * Re-enrolling with `--role` narrows it.
 */
export function roleMay(role: DeviceRole | null, allowed: readonly DeviceRole[]): boolean {
  return role === null || allowed.includes(role);
}
