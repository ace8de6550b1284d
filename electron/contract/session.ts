import { z } from 'zod';
import { ROLES } from './roles';
import { checkPinStrength } from './validation/pin-strength';

/** What the sign-in and 暂离 screens say of an empty field, and the core of a missing one. */
export const SIGN_IN_MESSAGES = { staffNumberEmpty: '请输入工号', pinEmpty: '请输入密码' } as const;
/** The longest staff number and PIN, in characters: the schema's limit and the field's. */
export const STAFF_NUMBER_MAX_LENGTH = 20;
export const PIN_MAX_LENGTH = 12;

export const StaffNumber = z
  .string({ error: SIGN_IN_MESSAGES.staffNumberEmpty })
  .trim()
  .regex(new RegExp(`^[0-9A-Za-z]{2,${STAFF_NUMBER_MAX_LENGTH}}$`), { error: `工号应为 2–${STAFF_NUMBER_MAX_LENGTH} 位字母或数字` });

export const Pin = z
  .string({ error: SIGN_IN_MESSAGES.pinEmpty })
  .regex(new RegExp(`^\\d{6,${PIN_MAX_LENGTH}}$`), { error: `密码应为 6–${PIN_MAX_LENGTH} 位数字` });

/**
 * A PIN being set (first run, a new account, a reset, a change): the format of `Pin`, and not
 * trivial (validation/pin-strength.ts says why and names the kind: 连续数字, 重复 …).
 */
export const NewPin = Pin.superRefine((pin, ctx) => {
  const strength = checkPinStrength(pin);
  if (!strength.ok) ctx.addIssue({ code: 'custom', message: strength.message });
});

/**
 * - `signed_out`: nobody; the sign-in screen.
 * - `active`: at work.
 * - `paused`: 暂离; the PIN brings the same person back.
 * - `pin_change_required`: signed in with a PIN someone else set (a new account, a reset): the
 *   person must choose their own (`session.changePin`) before anything else; every `staff`
 *   method answers `pin_change_required` until then.
 */
export const SESSION_STATES = ['signed_out', 'active', 'paused', 'pin_change_required'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export const SessionStaffSchema = z.object({
  id: z.string(),
  staffNumber: z.string(),
  name: z.string(),
  /** What the person may do (roles.ts); the UI shows only that. */
  role: z.enum(ROLES),
});
export type SessionStaff = z.infer<typeof SessionStaffSchema>;

export const SessionSchema = z.object({
  state: z.enum(SESSION_STATES),
  staff: SessionStaffSchema.nullable(),
  /** When the current state began. */
  since: z.string().nullable(),
});
export type Session = z.infer<typeof SessionSchema>;

export const SignInArgs = z.object({ staffNumber: StaffNumber, pin: Pin }).strict();
export const ResumeArgs = z.object({ pin: Pin }).strict();

/**
 * The signed-in person chooses a new PIN: required after a PIN someone else set, allowed any
 * time. `currentPin` proves it is them (a wrong one counts towards the lock like a sign-in);
 * `newPin` must not be trivial nor the current one.
 */
export const ChangePinArgs = z
  .object({ currentPin: Pin, newPin: NewPin })
  .strict()
  .refine((a) => a.currentPin !== a.newPin, { path: ['newPin'], error: '新密码不能与当前密码相同' });
