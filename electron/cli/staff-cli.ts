import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { defaultDataDir, openStaffAdmin, type StaffAdmin } from '../core';

const USAGE = `用法: npm run staff -- <命令> [选项]
  list                                   列出工作人员
  add --number 工号 --name 姓名           登记工作人员（随后输入两次 6–12 位数字密码）
  set-pin --number 工号                  重设密码（同时解除锁定）
  unlock --number 工号                   解除密码错误锁定
  disable --number 工号 / enable --number 工号   停用 / 启用
选项:
  --data-dir DIR   数据目录（默认与 npm start 相同）
  --pin-stdin      从标准输入读取密码（一行），供安装脚本使用`;

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

async function askPin(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readLine('', false);
  const first = await readLine('密码（6–12 位数字）：', true);
  const second = await readLine('再输入一次：', true);
  if (first !== second) throw new Error('两次输入的密码不一致');
  return first;
}

async function run(admin: StaffAdmin, command: string, number: string | undefined, name: string | undefined, pinStdin: boolean): Promise<void> {
  const need = (value: string | undefined, flag: string): string => {
    if (!value) throw new Error(`缺少 ${flag}\n\n${USAGE}`);
    return value;
  };
  switch (command) {
    case 'list': {
      const rows = admin.list();
      if (rows.length === 0) process.stdout.write('尚未登记工作人员。\n');
      for (const s of rows) {
        const flags = [s.active ? '' : '已停用', s.lockedUntil && s.lockedUntil > new Date().toISOString() ? `锁定至 ${s.lockedUntil}` : '']
          .filter(Boolean)
          .join('，');
        process.stdout.write(`${s.staffNumber}\t${s.name}${flags ? `\t（${flags}）` : ''}\n`);
      }
      return;
    }
    case 'add':
      await admin.add(need(number, '--number'), need(name, '--name'), await askPin(pinStdin));
      process.stdout.write(`已登记 ${number} ${name}\n`);
      return;
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
      number: { type: 'string' },
      name: { type: 'string' },
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
  const admin = await openStaffAdmin(values['data-dir'] ?? defaultDataDir());
  try {
    await run(admin, command, values.number, values.name, values['pin-stdin'] ?? false);
    return 0;
  } finally {
    admin.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
