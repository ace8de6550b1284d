import { z } from 'zod';
import { Uuid } from './common';
import { ROLES } from './roles';
import { NewPin, StaffNumber } from './session';
import { checkPersonName } from './validation/person-name';

/** A staff member's name as the people themselves write it (the person-name rule of intake). */
export const StaffName = z
  .string({ error: '请输入姓名' })
  .trim()
  .transform((name, ctx) => {
    const checked = checkPersonName(name);
    if (checked.ok) return checked.value;
    ctx.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  });

/** One staff account as the 人员 page lists it. Never the PIN nor its hash. */
export const StaffMemberSchema = z.object({
  id: z.string(),
  staffNumber: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  /** A disabled account cannot sign in; it stays, because events name it. */
  active: z.boolean(),
  /** Until when sign-in is refused after too many wrong PINs (ISO instant), or null. */
  lockedUntil: z.string().nullable(),
  /** The PIN was set by someone else (a new account, a reset); the person changes it at next sign-in. */
  pinChangeRequired: z.boolean(),
  createdAt: z.string(),
});
export type StaffMember = z.infer<typeof StaffMemberSchema>;

/**
 * A new account (系统管理员 only). `pin` is the first PIN, which the administrator tells the
 * person; they must choose their own at their first sign-in.
 */
export const AddStaffArgs = z
  .object({ staffNumber: StaffNumber, name: StaffName, role: z.enum(ROLES, { error: '请选择角色' }), pin: NewPin })
  .strict();

/** Disable or enable an account (系统管理员). Nobody disables themselves or the last active 系统管理员. */
export const SetStaffActiveArgs = z.object({ staffId: Uuid, active: z.boolean() }).strict();

/** Change an account's role (系统管理员). Nobody changes their own; the last active 系统管理员 stays one. */
export const SetStaffRoleArgs = z.object({ staffId: Uuid, role: z.enum(ROLES, { error: '请选择角色' }) }).strict();

/**
 * Set a temporary PIN for someone who forgot theirs (系统管理员 for anyone; 组长 for a 窗口工作人员);
 * the person must choose their own at the next sign-in. Also lifts a lock. Not for oneself
 * (that is `session.changePin`).
 */
export const ResetStaffPinArgs = z.object({ staffId: Uuid, temporaryPin: NewPin }).strict();

/** Lift the 5-minute lock after wrong PINs (组长 for a 窗口工作人员, 系统管理员 for anyone). */
export const UnlockStaffArgs = z.object({ staffId: Uuid }).strict();

export const StaffListSchema = z.array(StaffMemberSchema);
