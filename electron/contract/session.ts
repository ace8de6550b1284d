import { z } from 'zod';

export const StaffNumber = z
  .string({ error: '请输入工号' })
  .trim()
  .regex(/^[0-9A-Za-z]{2,20}$/, { error: '工号应为 2–20 位字母或数字' });

export const Pin = z.string({ error: '请输入密码' }).regex(/^\d{6,12}$/, { error: '密码应为 6–12 位数字' });

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
