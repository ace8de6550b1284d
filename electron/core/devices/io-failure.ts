/**
 * What a failed attempt to reach a device means for the status bar, by the system's error code.
 * `offline`: the device is not there (unplugged, switched off, cable or network down) and is
 * expected back by itself. `error`: it is there but this PC cannot use it until someone changes
 * something (permissions, another program holding it, a wrong address in the config file).
 */
export interface IoFailure {
  state: 'offline' | 'error';
  /** Words a clerk or IT staff can act on. */
  reason: string;
}

/** The `code` of a Node.js system error (`ENOENT`, `ECONNREFUSED` …), or null. */
export function errorCode(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const code: unknown = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // fetch() wraps the socket's error in `cause`.
  const cause: unknown = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err ? errorCode(cause) : null;
}

const FAILURES: Record<string, IoFailure> = {
  ENOENT: { state: 'offline', reason: '未检测到设备' },
  ENODEV: { state: 'offline', reason: '未检测到设备' },
  ENXIO: { state: 'offline', reason: '设备未连接' },
  ECONNREFUSED: { state: 'offline', reason: '对方拒绝连接（未开机，或端口不对）' },
  ECONNRESET: { state: 'offline', reason: '连接被对方断开' },
  ETIMEDOUT: { state: 'offline', reason: '连接超时' },
  EHOSTUNREACH: { state: 'offline', reason: '网络不可达，请检查网线' },
  ENETUNREACH: { state: 'offline', reason: '网络不可达，请检查网线' },
  EHOSTDOWN: { state: 'offline', reason: '设备未开机或不在网络中' },
  ENETDOWN: { state: 'offline', reason: '本机网络未连接' },
  EAI_AGAIN: { state: 'offline', reason: '暂时无法解析地址，请检查网络' },
  EACCES: { state: 'error', reason: '没有访问权限（Linux 上请将运行本程序的账户加入 dialout 或 lp 组）' },
  EPERM: { state: 'error', reason: '没有访问权限' },
  EROFS: { state: 'error', reason: '设备为只读，无法写入' },
  EBUSY: { state: 'error', reason: '被其他程序占用' },
  ENOTFOUND: { state: 'error', reason: '地址无法解析，请检查配置文件中的主机名' },
  EISDIR: { state: 'error', reason: '配置的路径是文件夹，不是设备' },
  ENOTDIR: { state: 'error', reason: '配置的路径不正确' },
};

/** Words for a failure to reach a device (or the upstream); an unknown code is an `error` that names the code for IT staff. */
export function ioFailure(err: unknown): IoFailure {
  const code = errorCode(err);
  const known = code !== null && Object.hasOwn(FAILURES, code) ? FAILURES[code] : undefined;
  if (known) return known;
  return { state: 'error', reason: code === null ? '原因不明，请查看日志' : `系统错误 ${code}` };
}
