import { createInterface } from 'node:readline';
import { UsageError } from '../cli/usage-error';
import type { Queryable } from '../db/queryable';
import { createBackOfficeAccount, NewAccountSchema } from './accounts';

/** The usage line of the account command, for the server's USAGE text. */
export const BACKOFFICE_ACCOUNT_USAGE =
  '  npm run server -- backoffice-account --hall JQ --username zhang.wei --name 张伟 --department 审批科 [--data-dir DIR]\n' +
  '                                                                 建立或重设后台账号（密码从标准输入读第一行，不放在命令行上）';

/** `npm run server -- backoffice-account …` as read from the command line (the password comes separately). */
export interface BackOfficeAccountCommand {
  hall: string;
  username: string;
  displayName: string;
  department: string;
}

/** Reads the account command's options; throws UsageError with the reason (in Chinese). */
export function parseBackOfficeAccountCommand(values: { hall?: string | undefined; username?: string | undefined; name?: string | undefined; department?: string | undefined }): BackOfficeAccountCommand {
  const parsed = NewAccountSchema.omit({ password: true }).safeParse({ hall: values.hall, username: values.username, displayName: values.name, department: values.department });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const option = { hall: '--hall', username: '--username', displayName: '--name', department: '--department' }[String(issue?.path[0])] ?? '参数';
    throw new UsageError(`${option}：${issue?.message ?? '格式不正确'}`);
  }
  return parsed.data;
}

/**
 * The password, from the first line of standard input (so it is never in a shell history or a
 * process list): `echo "$PW" | npm run server -- backoffice-account …`, or typed at the prompt.
 */
export async function readPasswordLine(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const lines = createInterface({ input, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

/**
 * Creates or resets the account; resolves with the line to print. Throws UsageError when the
 * password is too short (the rule of NewAccountSchema).
 */
export async function runBackOfficeAccountCommand(db: Queryable, command: BackOfficeAccountCommand, password: string): Promise<string> {
  const checked = NewAccountSchema.shape.password.safeParse(password);
  if (!checked.success) throw new UsageError(`密码：${checked.error.issues[0]?.message ?? '格式不正确'}`);
  await createBackOfficeAccount(db, { ...command, password });
  return `已建立后台账号 ${command.hall} / ${command.username}（${command.department} ${command.displayName}），请在 /backoffice 登录`;
}
