// Dependency-free: the roles are words, read by the dispatcher, the UI and the tests.

/**
 * What a signed-in staff member may do (the method table names the roles of every `staff`
 * method; the dispatcher refuses the others with `forbidden`):
 * - `clerk` 窗口工作人员: the window's work (intake, cases, drafts, the catalog);
 * - `lead` 组长: a team leader, who also works a window and besides unlocks colleagues, resets a
 *   clerk's PIN and sees the window's figures;
 * - `it_admin` 系统管理员: the hall's IT, who sets the window up (settings, devices) and manages
 *   its staff, and does not handle applicants' cases — the system administrator is kept apart
 *   from the business users (the separation of duties of GB/T 22239-2019 8.1.4.2 三权分立), so an
 *   administrator's name never stands on a notice and personal data stays with the clerks.
 */
export const ROLES = ['clerk', 'lead', 'it_admin'] as const;
export type Role = (typeof ROLES)[number];

/** The UI's word for each role. */
export const ROLE_LABELS: { readonly [R in Role]: string } = {
  clerk: '窗口工作人员',
  lead: '组长',
  it_admin: '系统管理员',
};

/** The window's work with applicants and cases. */
export const WINDOW_WORK = ['clerk', 'lead'] as const satisfies readonly Role[];
/** Every role: what anyone signed in does for themselves (暂离). */
export const EVERY_ROLE = ROLES;
/** Looking after colleagues at the window: the staff list, unlocking, a clerk's PIN reset. */
export const STAFF_CARE = ['lead', 'it_admin'] as const satisfies readonly Role[];
/** Setting the window up: its settings, devices, staff accounts and restarts. */
export const ADMINISTRATION = ['it_admin'] as const satisfies readonly Role[];
/**
 * Following up a 差评 (核实, 回访, 整改, closing, deciding an appeal): the 组长, never the clerk who
 * was rated (the core also refuses a lead acting on a rating of their own).
 */
export const FOLLOW_UP_CARE = ['lead'] as const satisfies readonly Role[];
