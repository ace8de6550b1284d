import path from 'node:path';
import { parseArgs } from 'node:util';
import { isLoopbackAddress } from './host-check';

export interface ShellArguments {
  dataDir: string | null;
  configFile: string | null;
  host: string;
  port: number;
  token: string | null;
  allowRemote: boolean;
  resourcesDir: string | null;
  rendererDir: string | null;
  help: boolean;
}

export const SHELL_USAGE = `用法: npm start -- [选项]
  --data-dir DIR     数据目录（默认：系统的用户应用数据目录/counter-window）
  --config FILE      配置文件（JSON，见 README；默认：数据目录下的 config.json，没有则用演示配置）
  --port N           浏览器模式的端口（默认：任一空闲端口）
  --token T          固定访问令牌（默认：每次启动随机生成）
  --host ADDR        监听地址（默认 127.0.0.1；非本机地址还须加 --allow-remote）
  --allow-remote     允许其他计算机读取窗口信息与设备状态（大厅大屏用；办件与登录仍只限本机）
  --browser          即使有 Electron 也以浏览器模式启动
  --help             显示本说明`;

export class ArgumentError extends Error {}

/** Both shells take the same options, so IT staff learn one set. */
export function parseShellArguments(argv: readonly string[]): ShellArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        port: { type: 'string' },
        token: { type: 'string' },
        host: { type: 'string' },
        'allow-remote': { type: 'boolean' },
        'resources-dir': { type: 'string' },
        'renderer-dir': { type: 'string' },
        browser: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new ArgumentError(`${(err as Error).message}\n\n${SHELL_USAGE}`);
  }
  const v = parsed.values;
  const portText = v.port ?? '0';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    throw new ArgumentError(`--port 应为 0–65535 的整数，收到 "${portText}"`);
  }
  const host = v.host ?? '127.0.0.1';
  const allowRemote = v['allow-remote'] ?? false;
  if (!isLoopbackAddress(host) && !allowRemote) {
    throw new ArgumentError(`--host ${host} 不是本机地址；如确需其他电脑访问，请同时加上 --allow-remote`);
  }
  if (v.token !== undefined && !/^[A-Za-z0-9_-]{16,128}$/.test(v.token)) {
    throw new ArgumentError('--token 应为 16–128 位字母、数字、- 或 _');
  }
  const abs = (p: string | undefined): string | null => (p === undefined ? null : path.resolve(p));
  return {
    dataDir: abs(v['data-dir']),
    configFile: abs(v.config),
    host,
    port: Number(portText),
    token: v.token ?? null,
    allowRemote,
    resourcesDir: abs(v['resources-dir']),
    rendererDir: abs(v['renderer-dir']),
    help: v.help ?? false,
  };
}
