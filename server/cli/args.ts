import { parseArgs } from 'node:util';
import { z } from 'zod';
import { QUEUE_ROLES, type QueueRole } from '../../electron/contract/queue';
import { HallCodeSchema, WindowNumberSchema } from '../../electron/contract/sync';
import { BACKOFFICE_ACCOUNT_USAGE, parseBackOfficeAccountCommand, type BackOfficeAccountCommand } from '../backoffice/account-command';
import { UsageError } from './usage-error';
import { EXPORT_USAGE, parseExportCommand, type ExportCommand } from '../export/export-command';

/** What `npm run server -- …` was asked to do. */
export type ServerCommand =
  | { command: 'serve'; port: number; host: string; dataDir: string }
  | { command: 'enrol'; hall: string; window: number; dataDir: string; role?: QueueRole }
  | { command: 'revoke'; hall: string; window: number; dataDir: string }
  | { command: 'stats'; hall: string; dataDir: string }
  | ({ command: 'export'; dataDir: string } & ExportCommand)
  | ({ command: 'backoffice-account'; dataDir: string } & BackOfficeAccountCommand);

/** The port the server listens on when none is given. */
export const DEFAULT_PORT = 8787;

export { UsageError };

export const USAGE = `用法：
  npm run server -- [--port N] [--host ADDR] [--data-dir DIR]     启动上级服务（默认端口 ${DEFAULT_PORT}，数据目录 ./server-data）
  npm run server -- enrol --hall JQ --window 12 [--role window|dispenser|display] [--data-dir DIR]
                                                                 签发一次性注册码（最后一行为注册码）；--role 写明设备角色：
                                                                 window 窗口、dispenser 取号机、display 叫号屏（也可写中文），
                                                                 配置角色不同的设备不能用它注册；不写时按设备配置中的角色登记
  npm run server -- revoke --hall JQ --window 12 [--data-dir DIR] 吊销该窗口的令牌和未使用的注册码
  npm run server -- stats --hall JQ [--data-dir DIR]              以一行 JSON 输出各窗口保存的事件数和办件数
${EXPORT_USAGE}
${BACKOFFICE_ACCOUNT_USAGE}
设置环境变量 DATABASE_URL 时使用该 PostgreSQL，不再使用数据目录。`;

const Port = z.coerce.number().int().min(0).max(65535);

/** `--role`: the config's word (window / dispenser / display) or the hall's (窗口 / 取号机 / 叫号屏). */
const ROLE_WORDS: Readonly<Record<string, QueueRole>> = { 窗口: 'window', 取号机: 'dispenser', 叫号屏: 'display' };
const RoleArg = z
  .string()
  .trim()
  .transform((text) => ROLE_WORDS[text] ?? text.toLowerCase())
  .pipe(z.enum(QUEUE_ROLES, { error: '设备角色应为 window（窗口）、dispenser（取号机）或 display（叫号屏）' }));

function parseOr<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${what}：${parsed.error.issues[0]?.message ?? '格式不正确'}`);
  return parsed.data;
}

/** Reads the command line (after `npm run server --`). Throws UsageError with the reason and USAGE. */
export function parseServerArgs(argv: readonly string[]): ServerCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        hall: { type: 'string' },
        window: { type: 'string' },
        province: { type: 'string' },
        out: { type: 'string' },
        since: { type: 'string' },
        'since-manifest': { type: 'string' },
        profile: { type: 'string' },
        username: { type: 'string' },
        name: { type: 'string' },
        department: { type: 'string' },
        role: { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const dataDir = values['data-dir'] ?? 'server-data';
  const command = positionals[0] ?? 'serve';
  if (positionals.length > 1) throw new UsageError(`多余的参数：${positionals.slice(1).join(' ')}\n${USAGE}`);
  const hall = () => parseOr(HallCodeSchema, values.hall, '--hall');
  const window = () => parseOr(WindowNumberSchema, values.window === undefined ? undefined : Number(values.window), '--window');
  switch (command) {
    case 'serve':
      return { command, port: parseOr(Port, values.port ?? DEFAULT_PORT, '--port'), host: values.host ?? '0.0.0.0', dataDir };
    case 'enrol': {
      const role = values.role === undefined ? undefined : parseOr(RoleArg, values.role, '--role');
      return { command, hall: hall(), window: window(), dataDir, ...(role !== undefined ? { role } : {}) };
    }
    case 'revoke':
      return { command, hall: hall(), window: window(), dataDir };
    case 'stats':
      return { command, hall: hall(), dataDir };
    case 'export':
      return { command, dataDir, ...parseExportCommand(values) };
    case 'backoffice-account':
      return { command, dataDir, ...parseBackOfficeAccountCommand(values) };
    default:
      throw new UsageError(`未知命令：${command}\n${USAGE}`);
  }
}
