// What a signed-in role may open, read from the contract's method table: the core refuses every
// other call as `forbidden` (dispatcher.ts), so the UI only has to offer what that table allows.
import { EVERY_ROLE, methods, WINDOW_WORK, type MethodName, type Role } from '../../../electron/contract';

/**
 * Whether a signed-in `role` may call `method`: a `staff` method names its roles in the method
 * table; `public` and `display` methods ask no role. The same rule the core's dispatcher applies.
 */
export function mayCall(role: Role, method: MethodName): boolean {
  const spec = methods[method];
  return spec.access !== 'staff' || spec.roles.includes(role);
}

/**
 * Who a section is for: the method its page cannot work without (the method table's roles
 * decide), or, for a section with no method of its own yet (叫号, 统计 are placeholders),
 * the roles whose work it will be.
 */
export type SectionAudience = { method: MethodName } | { roles: readonly Role[] };

/** One section of the app, before it is numbered for a role. */
export interface Section {
  path: string;
  label: string;
  audience: SectionAudience;
}

/** Every section in the order a working day uses them; each role sees those it may use. */
export const SECTIONS: readonly Section[] = [
  { path: '/intake', label: '受理', audience: { method: 'intake.submit' } },
  { path: '/cases', label: '办件', audience: { method: 'cases.search' } },
  // Receipts and notices that need the clerk (未打印, 结果不明, 等待打印机), and document previews.
  { path: '/printing', label: '打印任务', audience: { method: 'printing.listJobs' } },
  { path: '/queue', label: '叫号', audience: { roles: WINDOW_WORK } },
  // Figures, ratings and 差评 follow-ups; the follow-up steps themselves are the 组长's (FOLLOW_UP_CARE).
  { path: '/ratings', label: '评价', audience: { method: 'ratings.search' } },
  { path: '/stats', label: '统计', audience: { roles: WINDOW_WORK } },
  { path: '/staff', label: '人员', audience: { method: 'staff.list' } },
  // Everyone reads the window's settings; only the 系统管理员 may change them (settings.update).
  { path: '/settings', label: '设置', audience: { roles: EVERY_ROLE } },
];

/** Whether `role` may use `section`. */
export function mayUse(role: Role, section: Section): boolean {
  const { audience } = section;
  return 'method' in audience ? mayCall(role, audience.method) : audience.roles.includes(role);
}

/** A section as the navigation shows it to one role: Alt + `digit` opens it (1, 2, … in order). */
export interface VisibleSection extends Section {
  digit: number;
}

/** The sections `role` may use, numbered 1… for Alt+digit in the order shown. None when no role. */
export function sectionsFor(role: Role | undefined): VisibleSection[] {
  if (role === undefined) return [];
  return SECTIONS.filter((s) => mayUse(role, s)).map((s, i) => ({ ...s, digit: i + 1 }));
}

/** The section a path belongs to (/cases/… is under 办件), whoever may use it. */
export function sectionOf(pathname: string): Section | undefined {
  return SECTIONS.find((s) => pathname === s.path || pathname.startsWith(`${s.path}/`));
}

/**
 * Whether `role` may open `pathname`. A path under no section is not refused here (the page
 * says it does not exist).
 */
export function mayOpen(role: Role | undefined, pathname: string): boolean {
  const section = sectionOf(pathname);
  if (section === undefined) return true;
  return role !== undefined && mayUse(role, section);
}

/**
 * Where a role starts after signing in: the window's work at 受理; the 系统管理员, who does
 * not handle cases, at 设置.
 */
const HOMES: { readonly [R in Role]: string } = { clerk: '/intake', lead: '/intake', it_admin: '/settings' };

/** The path `role` starts at. */
export function homePathFor(role: Role): string {
  return HOMES[role];
}
