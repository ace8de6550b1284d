import type { SyncErrorBody } from '../../contract/sync';

/** The words shown when the server no longer knows the window's token (401). */
export const TOKEN_REFUSED_WORDS = '本窗口的同步令牌已失效，请重新注册';

/** The words shown when the window has an upstream address but no token and no code. */
export const NOT_ENROLLED_WORDS = '本窗口尚未注册到上级平台：请系统管理员在“设置”页输入上级平台给出的注册码';

/** The window's current hall and number (its settings changed) is not enrolled, though an earlier one was. */
export function notEnrolledHereWords(hall: string, window: number): string {
  return `本窗口现为 ${hall} 大厅 ${window} 号窗口，尚未以此窗口号注册到上级平台：请系统管理员在“设置”页输入该窗口的注册码`;
}

/**
 * Events recorded under earlier window numbers (or another hall) that this PC holds no live
 * token for: they stay in the outbox until that number is enrolled again. `currentHall` is left
 * out of the words for numbers of the same hall.
 */
export function waitingGroupWords(groups: ReadonlyArray<{ hall: string; window: number; count: number }>, currentHall: string): string {
  const parts = groups.map((g) => `${g.hall === currentHall ? '' : `${g.hall} 大厅 `}窗口 ${g.window} 的 ${g.count} 条记录`);
  return `${parts.join('、')}需以原窗口号注册后上传（本窗口的其他记录已上传）`;
}

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

/** What a stream type is called in words (contract/sync SYNC_STREAM_TYPES). */
function streamNoun(streamType: string): string {
  return streamType === 'case' ? '办件' : streamType === 'staff' ? '人员记录' : streamType === 'rating' ? '评价' : '记录';
}

/** The tail of every parking reason: what waits, and that the rest does not. */
function heldBackWords(streamType: string): string {
  return `；该${streamNoun(streamType)}的后续记录一并暂停上传，其他记录照常上传`;
}

/** One event alone over the server's body limit (`limitBytes`, when the server published it): parked. */
export function eventTooLargeWords(id: string, type: string, bytes?: number, limitBytes?: number | null): string {
  const sizes = bytes !== undefined ? `（${Math.ceil(bytes / 1024)} KB${limitBytes ? `，上限 ${Math.floor(limitBytes / 1024)} KB` : ''}）` : '';
  return `一条待同步记录（${type}，编号 ${id}）单条即超过上级平台的大小上限${sizes}，无法上传${heldBackWords(type.split('.')[0] ?? '')}`;
}

/** An outbox event the wire schema refuses: parked. */
export function unsendableWords(id: string, type: string): string {
  return `一条待同步记录（${type}，编号 ${id}）格式不符合同步协议，无法上传${heldBackWords(type.split('.')[0] ?? '')}`;
}

/** The words only a 409's parking reason holds (conflictWords): such streams are never released by themselves (sync-client.ts autoRelease). */
export const CONFLICT_MARK = '冲突（常见于本机数据库从备份恢复之后）';

/**
 * One event the server answered 409 (its stream's version is already held upstream under another
 * event: typically this PC's database was restored from a backup and the case went on since): parked.
 */
export function conflictWords(id: string, type: string, error: SyncErrorBody | null): string {
  const noun = streamNoun(type.split('.')[0] ?? '');
  return `一条待同步记录（${type}，编号 ${id}）与上级平台已保存的同一${noun}记录${CONFLICT_MARK}，无法上传${error ? `：${error.reason}` : ''}${heldBackWords(type.split('.')[0] ?? '')}`;
}

/** One event the server refused as malformed (400 on a batch of that event alone): parked. */
export function refusedEventWords(id: string, type: string, error: SyncErrorBody | null): string {
  return `一条待同步记录（${type}，编号 ${id}）被上级平台拒收${error ? `：${error.reason}` : ''}${heldBackWords(type.split('.')[0] ?? '')}`;
}

/** The outbox's parked events for the status bar and the 设置 page: how many cannot go up, and why (the latest reason). */
export function parkedWords(count: number, reason: string): string {
  return `${count} 条无法上传：${reason}。请在“设置”页的上级平台同步中点“重试”，仍不成功请联系信息科`;
}

/** The progress of a catch-up, for the status bar. */
export function progressWords(done: number, total: number): string {
  return `正在上传 ${done}/${total}`;
}
