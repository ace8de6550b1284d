import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { SyncErrorBody } from '../../electron/contract/sync';

/** The status each SyncErrorBody code is sent with (enrolment.ts documents what a window does). */
const STATUS: Record<SyncErrorBody['error'], number> = {
  unauthorised: 401,
  forbidden: 403,
  too_large: 413,
  invalid: 400,
  invalid_event: 400,
  unavailable: 503,
  internal: 500,
  bad_cursor: 400,
};

/** Sends a SyncErrorBody; `status` overrides the code's usual one (409 conflict, 404, 415 are sent as `invalid`). */
export function sendError(reply: FastifyReply, error: SyncErrorBody['error'], reason: string, status: number = STATUS[error]): FastifyReply {
  const body: SyncErrorBody = { error, reason: reason.slice(0, 2000) };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/**
 * Whether every issue of a push batch's zod failure lies inside one of its events (`events.N…`):
 * then one event is refused, not the request (a body that is no batch at all, or has no events).
 */
export function aboutEvents(error: z.ZodError): boolean {
  return error.issues.length > 0 && error.issues.every((issue) => issue.path[0] === 'events' && typeof issue.path[1] === 'number');
}

/** A zod failure in words for the IT administrator: where, and what (the first few issues). */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '请求体';
    return `${where}：${issue.message}`;
  });
  const more = error.issues.length > 5 ? `（另有 ${error.issues.length - 5} 处）` : '';
  return `请求内容不符合同步协议：${parts.join('；')}${more}`;
}

interface ErrorWithCodes {
  code?: unknown;
  message?: unknown;
}

/**
 * Whether a database error means "cannot reach the database now" (PostgreSQL restarting, the
 * network cut, the pool timing out): the window retries these with back-off (503).
 */
export function isUnavailable(err: unknown): boolean {
  const { code, message } = (err ?? {}) as ErrorWithCodes;
  if (typeof code === 'string' && (/^(08|57P)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code))) return true;
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended/i.test(message);
}

/** Whether PostgreSQL refused a value the wire schema let through (class 22: a \u0000 in text, a date out of range). */
export function isDataException(err: unknown): boolean {
  const { code } = (err ?? {}) as ErrorWithCodes;
  return typeof code === 'string' && code.startsWith('22');
}
