import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { ROLE_LABELS, ROLES, type Role } from '../contract/roles';
import { defaultDataDir, openStaffAdmin, type StaffAdmin } from '../core';

const ROLE_CHOICES = ROLES.map((r) => `${r}=${ROLE_LABELS[r]}`).join('，');

const USAGE = `用法: npm run staff -- <命令> [选项]
  list                                   列出工作人员（工号、姓名、角色、状态）
  add --number 工号 --name 姓名 [--role 角色]
                                         登记工作人员（随后输入两次 6–12 位数字密码），角色默认 clerk
  set-role --number 工号 --role 角色      更改角色
  set-pin --number 工号                  重设密码（同时解除锁定）
  unlock --number 工号                   解除密码错误锁定
  disable --number 工号 / enable --number 工号   停用 / 启用
选项:
  --data-dir DIR   数据目录（默认与 npm start 相同）
  --config FILE    配置文件（与 npm start 的 --config 相同；默认为数据目录中的 config.json）
  --role 角色      ${ROLE_CHOICES}
  --pin-stdin      从标准输入读取密码，供安装脚本使用：一行密码，或两行相同的密码
                   （如 printf '%s\\n' 583920 | npm run staff -- add --number 1001 --name 王芳 --pin-stdin）
密码为 6–12 位数字，不能过于简单（同一数字、顺序数字、重复组合、对称、日期、常见弱密码）。
至少要保留一个可用的系统管理员：停用最后一个系统管理员或更改其角色会被拒绝。
升级前登记的工作人员均为 clerk；可用 set-role --role it_admin 指定第一个系统管理员。`;

function readLine(prompt: string, hidden: boolean): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: hidden && process.stdin.isTTY });
    if (hidden && process.stdin.isTTY) {
      // Echo nothing while the PIN is typed.
      const output = rl as unknown as { _writeToOutput: (s: string) => void };
      output._writeToOutput = (s: string) => {
        if (s.includes(prompt)) process.stdout.write(prompt);
      };
    }
    rl.question(prompt, (answer) => {
      rl.close();
      if (hidden && process.stdin.isTTY) process.stdout.write('\n');
      resolve(answer.trim());
    });
  });
}

/** A usage error (exit 64, as `sysexits.h` has it): the command was run the wrong way. */
class UsageError extends Error {}

function readAllStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

/**
 * The PIN given on standard input (`--pin-stdin`): all of it is read to the end, and it must be
 * one line, or two equal lines (the same PIN and its confirmation, as typed interactively).
 * Anything else — nothing, two different PINs, more lines — is refused with the reason: a
 * script that registers nobody must not look as if it had worked.
 */
function pinFromStdinText(text: string): string {
  const lines = text.split(/\r?\n/);
  // The newline after the last line does not start another one.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0 || (lines.length === 1 && lines[0]?.trim() === '')) throw new Error('标准输入中没有密码（--pin-stdin 需要一行密码）');
  if (lines.length > 2) throw new Error(`标准输入有 ${lines.length} 行：--pin-stdin 只接受一行密码，或两行相同的密码`);
  const [first = '', second] = lines.map((l) => l.trim());
  if (second !== undefined && second !== first) throw new Error('标准输入中的两行密码不一致，未作任何更改');
  return first;
}

async function askPin(fromStdin: boolean): Promise<string> {
  if (fromStdin) return pinFromStdinText(await readAllStdin());
  if (!process.stdin.isTTY) {
    // Two readline prompts on a pipe lose the second line (the first one buffers it and closes);
    // before this check a piped PIN registered nobody and exited 0.
    throw new UsageError('标准输入不是终端，无法交互输入密码。脚本中请加 --pin-stdin，并通过标准输入提供密码（一行，或两行相同的密码）');
  }
  const first = await readLine('密码（6–12 位数字）：', true);
  const second = await readLine('再输入一次：', true);
  if (first !== second) throw new Error('两次输入的密码不一致');
  return first;
}

/** The options a command may use, as typed (checked by the command that uses them). */
interface CommandOptions {
  number: string | undefined;
  name: string | undefined;
  role: string | undefined;
  pinStdin: boolean;
}

/** `--role` as typed: one of ROLES, else a usage error naming them. */
function roleOf(value: string): Role {
  const role = ROLES.find((r) => r === value);
  if (!role) throw new UsageError(`--role 应为 ${ROLES.join('、')} 之一（${ROLE_CHOICES}），而不是“${value}”`);
  return role;
}

/** An instant as the person at this PC reads a clock: local date and time, 24-hour. */
function localTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { hour12: false });
}

async function run(admin: StaffAdmin, command: string, options: CommandOptions): Promise<void> {
  const { number, name, pinStdin } = options;
  const need = (value: string | undefined, flag: string): string => {
    if (!value) throw new Error(`缺少 ${flag}\n\n${USAGE}`);
    return value;
  };
  switch (command) {
    case 'list': {
      const rows = admin.list();
      if (rows.length === 0) process.stdout.write('尚未登记工作人员。\n');
      for (const s of rows) {
        const flags = [
          s.active ? '' : '已停用',
          s.lockedUntil && s.lockedUntil > new Date().toISOString() ? `锁定至 ${localTime(s.lockedUntil)}` : '',
          s.pinChangeRequired ? '待本人修改密码' : '',
        ]
          .filter(Boolean)
          .join('，');
        process.stdout.write(`${s.staffNumber}\t${s.name}\t${ROLE_LABELS[s.role]}${flags ? `\t（${flags}）` : ''}\n`);
      }
      return;
    }
    case 'add': {
      const role = roleOf(options.role ?? 'clerk');
      await admin.add(need(number, '--number'), need(name, '--name'), await askPin(pinStdin), role);
      process.stdout.write(`已登记 ${number} ${name}（${ROLE_LABELS[role]}）\n`);
      return;
    }
    case 'set-role': {
      const role = roleOf(need(options.role, '--role'));
      admin.setRole(need(number, '--number'), role);
      process.stdout.write(`已将 ${number} 的角色设为 ${ROLE_LABELS[role]}\n`);
      return;
    }
    case 'set-pin':
      await admin.setPin(need(number, '--number'), await askPin(pinStdin));
      process.stdout.write(`已重设 ${number} 的密码\n`);
      return;
    case 'unlock':
      admin.unlock(need(number, '--number'));
      process.stdout.write(`已解除 ${number} 的锁定\n`);
      return;
    case 'disable':
    case 'enable':
      admin.setActive(need(number, '--number'), command === 'enable');
      process.stdout.write(`已${command === 'enable' ? '启用' : '停用'} ${number}\n`);
      return;
    default:
      throw new Error(`未知命令 ${command}\n\n${USAGE}`);
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: {
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      number: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      'pin-stdin': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 64;
  }
  const admin = await openStaffAdmin(values['data-dir'] ?? defaultDataDir(), { configFile: values.config ?? null });
  try {
    await run(admin, command, { number: values.number, name: values.name, role: values.role, pinStdin: values['pin-stdin'] ?? false });
    return 0;
  } finally {
    admin.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof UsageError ? 64 : 1);
  },
);
