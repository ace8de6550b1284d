import type { SyncErrorBody } from '../../contract/sync';

/** The words shown when the server no longer knows the window's token (401). */
export const TOKEN_REFUSED_WORDS = '本窗口的同步令牌已失效，请重新注册';

/** The words shown when the window has an upstream address but no token and no code. */
export const NOT_ENROLLED_WORDS = '本窗口尚未注册到上级平台：请系统管理员在“设置”页输入上级平台给出的注册码';

/** A failed network request, in words. */
export function unreachableWords(reason: string): string {
  return `上级平台不可访问：${reason}（将自动重试）`;
}

/** An HTTP error status the loop retries by back-off (5xx, and anything unexpected). */
export function serverTroubleWords(status: number, error: SyncErrorBody | null): string {
  return `上级平台暂时无法处理（HTTP ${status}${error ? `：${error.reason}` : ''}），将自动重试`;
}

/** A push or pull refused as not this window's (403). */
export function forbiddenWords(error: SyncErrorBody | null): string {
  return `上级平台拒绝了本窗口的同步${error ? `：${error.reason}` : ''}。请核对本窗口的大厅代码和窗口号，必要时重新注册`;
}

/** A request the server called malformed (400): a program version the server does not accept. */
export function invalidWords(error: SyncErrorBody | null): string {
  return `上级平台不接受本窗口发送的数据${error ? `：${error.reason}` : ''}。请联系信息科（可能需要升级程序）`;
}

/** One event alone over the server's body limit. */
export function eventTooLargeWords(id: string, type: string): string {
  return `一条待同步记录（${type}，编号 ${id}）单条即超过上级平台的大小上限，无法上传；其后的记录暂停同步，请联系信息科`;
}

/** An outbox event the wire schema refuses. */
export function unsendableWords(id: string, type: string): string {
  return `一条待同步记录（${type}，编号 ${id}）格式不符合同步协议，无法上传；其后的记录暂停同步，请联系信息科`;
}

/** The progress of a catch-up, for the status bar. */
export function progressWords(done: number, total: number): string {
  return `正在上传 ${done}/${total}`;
}
