import { z } from 'zod';

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

export const SESSION_STATES = ['signed_out', 'active', 'paused'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export const SessionSchema = z.object({
  state: z.enum(SESSION_STATES),
  staff: z.object({ id: z.string(), staffNumber: z.string(), name: z.string() }).nullable(),
  /** When the current state began. */
  since: z.string().nullable(),
});
export type Session = z.infer<typeof SessionSchema>;

export const SignInArgs = z.object({ staffNumber: StaffNumber, pin: Pin }).strict();
export const ResumeArgs = z.object({ pin: Pin }).strict();
