import { z } from 'zod';
import { failure, type Envelope } from '../../contract/envelope';
import { CHECKSUM_UNCONFIRMED } from '../../contract/checksum-overrides';
import { CounterError, type FieldError } from '../../contract/errors';
import { MAX_METHOD_LENGTH } from '../../contract/ipc';
import {
  isMethodName,
  methods,
  type MethodAccess,
  type MethodName,
  type MethodResult,
  type ParsedArgs,
} from '../../contract/methods';
import { ROLE_LABELS, type Role } from '../../contract/roles';
import type { Logger } from '../logging/logger';
import type { OnDuty } from '../staff/session-manager';

export interface PublicContext {
  staff: null;
}
export interface StaffContext {
  staff: OnDuty;
}
/** A `staff` method gets the clerk on duty; `public` and `display` methods (no staff needed) get none. */
export type ContextFor<M extends MethodName> = MethodAccess<M> extends 'staff' ? StaffContext : PublicContext;

export type Handler<M extends MethodName> = (
  args: ParsedArgs<M>,
  ctx: ContextFor<M>,
) => MethodResult<M> | Promise<MethodResult<M>>;

/** One handler per method: the compiler refuses a contract method without one. */
export type Handlers = { [M in MethodName]: Handler<M> };

export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const fieldError: FieldError = { path: issue.path.map(String).join('.'), message: issue.message };
    // A custom issue may say the clerk can clear it (a checksum to confirm against the document).
    const reason: unknown = issue.code === 'custom' ? issue.params?.['reason'] : undefined;
    if (reason === CHECKSUM_UNCONFIRMED) fieldError.reason = CHECKSUM_UNCONFIRMED;
    return fieldError;
  });
}

interface SqliteLikeError {
  code: string;
}
function isSqliteError(err: unknown): err is Error & SqliteLikeError {
  if (!(err instanceof Error) || !('code' in err)) return false;
  return typeof err.code === 'string' && err.code.startsWith('SQLITE_');
}

/** Storage failures the clerk must hear about plainly: nothing was saved, and why. */
function storageError(err: Error & SqliteLikeError): CounterError {
  const code = err.code;
  if (code === 'SQLITE_FULL') return new CounterError('unavailable', '磁盘空间已满，本次操作未保存。请联系信息科清理磁盘。', { details: { sqlite: code } });
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new CounterError('unavailable', '数据库繁忙，本次操作未保存，请稍后重试。', { details: { sqlite: code } });
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) {
    return new CounterError('unavailable', '无法写入数据库（磁盘或权限故障），本次操作未保存。请联系信息科。', { details: { sqlite: code } });
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new CounterError('unavailable', '数据库文件已损坏，请立即联系信息科（可从备份恢复）。', { details: { sqlite: code } });
  }
  return new CounterError('internal', '数据库操作失败，本次操作未保存。', { details: { sqlite: code } });
}

export interface Dispatcher {
  (method: string, args: unknown): Promise<Envelope>;
}

/** A call slower than this is logged (`slow call`), in ms: a clerk's "it froze" can be traced in the day's log. */
export const DEFAULT_SLOW_CALL_MS = 100;

export interface DispatcherOptions {
  /** Calls taking longer than this many ms are logged as `slow call`; default DEFAULT_SLOW_CALL_MS. */
  slowCallMs?: number;
  /** A monotonic clock in ms for timing calls; default `performance.now`. */
  now?: () => number;
}

/**
 * The single entry for every UI call, whatever the transport. Unknown method or arguments that
 * fail the contract's schema: a typed error and nothing runs. `staff` methods also need a
 * signed-in, active clerk, who is handed to the handler so every act is recorded against them;
 * `public` and `display` methods run without one. A known method's call that takes longer than
 * `options.slowCallMs` (validation, handler and all, whatever its outcome) is logged as a
 * warning `slow call` with the method's name, the duration in whole ms, `ok` and, for a failed
 * call, the error's `code` (errors.ts) — never its arguments, which hold personal data, nor the
 * error's message, which may quote them.
 */
export function createDispatcher(
  handlers: Handlers,
  requireActive: () => OnDuty,
  log: Logger,
  options: DispatcherOptions = {},
): Dispatcher {
  const slowCallMs = options.slowCallMs ?? DEFAULT_SLOW_CALL_MS;
  const now = options.now ?? (() => performance.now());
  const call = dispatch(handlers, requireActive, log);
  return async (method, rawArgs) => {
    const started = now();
    const envelope = await call(method, rawArgs);
    const ms = now() - started;
    // An unknown name is refused at once and may be anything a caller sent: never logged here.
    if (ms > slowCallMs && isMethodName(method)) {
      const outcome = envelope.ok ? { ok: true } : { ok: false, code: envelope.error.code };
      log.warn('slow call', { method, ms: Math.round(ms), ...outcome });
    }
    return envelope;
  };
}

/**
 * The staff member on duty if their role may call `method` (the method table's `roles`); else a
 * `forbidden` error, logged as `forbidden call` with the method, the staff id and the role, so an
 * attempt beyond one's role can be found in the day's log.
 */
function permitted(method: MethodName, roles: readonly Role[], staff: OnDuty, log: Logger): OnDuty {
  if (roles.includes(staff.role)) return staff;
  log.warn('forbidden call', { method, staffId: staff.staffId, role: staff.role });
  throw new CounterError('forbidden', `当前账号（${ROLE_LABELS[staff.role]}）无权进行此操作`, { details: { role: staff.role } });
}

/** Validation, access and the handler; every failure comes back as an envelope, never a throw. */
function dispatch(handlers: Handlers, requireActive: () => OnDuty, log: Logger): Dispatcher {
  return async (method, rawArgs) => {
    try {
      if (!isMethodName(method)) {
        throw new CounterError('unknown_method', `未知的调用：${method.slice(0, MAX_METHOD_LENGTH)}`);
      }
      const spec = methods[method];
      // Who may call comes before what was sent: a caller who may not call the method learns
      // nothing of its arguments' rules.
      const ctx = spec.access === 'staff' ? { staff: permitted(method, spec.roles, requireActive(), log) } : { staff: null };
      const parsed = spec.args.safeParse(rawArgs ?? {});
      if (!parsed.success) {
        const fieldErrors = fieldErrorsOf(parsed.error);
        const first = fieldErrors[0]?.message ?? '输入有误';
        const summary = fieldErrors.length > 1 ? `有 ${fieldErrors.length} 处输入需要修改，如：${first}` : first;
        throw new CounterError('invalid_arguments', summary, { fieldErrors });
      }
      // The mapped Handlers type ties each method to its own argument and context types; indexing
      // it with a union-typed name loses that link, so the call goes through a widened signature.
      const handler = handlers[method] as (a: unknown, c: PublicContext | StaffContext) => unknown;
      const value = await handler(parsed.data, ctx);
      return { ok: true, value };
    } catch (err) {
      if (err instanceof CounterError) return failure(err.code, err.message, err);
      if (isSqliteError(err)) {
        log.error('storage failure', { method, code: err.code, error: err.message });
        const stored = storageError(err);
        return failure(stored.code, stored.message, stored);
      }
      log.error('handler failed', { method, error: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined });
      return failure('internal', '程序内部错误，本次操作未完成。请联系信息科。');
    }
  };
}
