import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { HallCodeSchema } from '../../electron/contract/sync';
import type { Queryable } from '../db/queryable';
import { MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from './passwords';

/** How long a back-office sign-in lasts, in ms (a working day and a bit). */
export const SESSION_MS = 12 * 3_600_000;

/** A new back-office account, as the operator command gives it. */
export const NewAccountSchema = z.strictObject({
  hall: HallCodeSchema,
  username: z.string().regex(/^[a-z][a-z0-9._-]{2,31}$/, '用户名应为 3–32 位小写字母、数字或 . _ -，以字母开头'),
  displayName: z.string().trim().min(1, '请填写姓名').max(40),
  department: z.string().trim().min(1, '请填写科室').max(60),
  password: z.string().min(MIN_PASSWORD_LENGTH, `密码至少 ${MIN_PASSWORD_LENGTH} 位`).max(200),
});
export type NewAccount = z.infer<typeof NewAccountSchema>;

/** Who is signed in to the back office: the name and department a decision is recorded under. */
export interface BackOfficeUser {
  hall: string;
  username: string;
  displayName: string;
  department: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Creates (or, with the same hall and username, replaces the password, name and department of)
 * a back-office account; the password is stored only as a scrypt hash. Throws ZodError for bad
 * input (its messages are in Chinese, for the operator).
 */
export async function createBackOfficeAccount(db: Queryable, input: NewAccount): Promise<void> {
  const account = NewAccountSchema.parse(input);
  const hash = await hashPassword(account.password);
  await db.query(
    `INSERT INTO backoffice_accounts (hall, username, display_name, department, password_hash) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (hall, username) DO UPDATE SET display_name = $3, department = $4, password_hash = $5, disabled_at = NULL`,
    [account.hall, account.username, account.displayName, account.department, hash],
  );
}

/**
 * Signs in: a fresh session token (32 random bytes, base64url; stored only as SHA-256 hex) when
 * the hall, username and password match an enabled account, else null — the same null for every
 * reason, so a sign-in page does not tell which part was wrong.
 */
export async function signIn(db: Queryable, hall: string, username: string, password: string): Promise<string | null> {
  const { rows } = await db.query<{ password_hash: string }>(
    'SELECT password_hash FROM backoffice_accounts WHERE hall = $1 AND username = $2 AND disabled_at IS NULL',
    [hall, username],
  );
  const row = rows[0];
  if (!row || !(await verifyPassword(password, row.password_hash))) return null;
  const token = randomBytes(32).toString('base64url');
  await db.query('INSERT INTO backoffice_sessions (hall, token_hash, username, expires_at) VALUES ($1, $2, $3, $4)', [
    hall,
    sha256(token),
    username,
    new Date(Date.now() + SESSION_MS),
  ]);
  return token;
}

/** The user a session token belongs to, or null (unknown, expired, or the account disabled). */
export async function sessionUser(db: Queryable, token: string): Promise<BackOfficeUser | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const { rows } = await db.query<{ hall: string; username: string; display_name: string; department: string }>(
    `SELECT a.hall, a.username, a.display_name, a.department
       FROM backoffice_sessions s JOIN backoffice_accounts a ON a.hall = s.hall AND a.username = s.username
      WHERE s.token_hash = $1 AND s.expires_at > now() AND a.disabled_at IS NULL`,
    [sha256(token)],
  );
  const row = rows[0];
  return row ? { hall: row.hall, username: row.username, displayName: row.display_name, department: row.department } : null;
}

/** Ends a session (signing out). */
export async function signOut(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM backoffice_sessions WHERE token_hash = $1', [sha256(token)]);
}
