import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  ENROLMENT_TOKEN_HEADER,
  EnrolRequestSchema,
  EnrolmentTokenSchema,
  LegacyEnrolRequestSchema,
  PullRequestSchema,
  PushBatchSchema,
  SYNC_PATHS,
  type EnrolResponse,
  type LegacyEnrolResponse,
  type PushAck,
} from '../../electron/contract/sync';
import { registerBackOffice } from '../backoffice/routes';
import { BadCursorError, pullChanges } from '../changes/pull';
import type { ServerDatabase } from '../db/database';
import { authenticate, enrol, roleMismatchWords, type TokenOwner } from '../enrolment/enrolment';
import { sha256Hex } from '../enrolment/secrets';
import { StreamVersionConflictError, storeBatch, storeBatchForToken } from '../events/store-batch';
import type { ServerLog } from '../log';
import { ENROL_ATTEMPT_LIMIT, SMALL_BODY_LIMIT_BYTES, attemptLimiter } from './limits';
import { aboutEvents, describeIssues, isDataException, isUnavailable, sendError } from './errors';
import { registerDispenserStatus } from './dispenser-status-routes';
import { registerQueue } from './queue-routes';
import { LiveTokens } from './live-tokens';

/** The largest request body accepted, in bytes: a full batch of 500 events fits many times over. */
export const DEFAULT_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** How long /health waits for the database before answering 503, in ms. */
const HEALTH_TIMEOUT_MS = 2_000;

export interface AppOptions {
  db: ServerDatabase;
  log: ServerLog;
  /** Request body limit in bytes (default DEFAULT_BODY_LIMIT_BYTES); over it → 413 too_large. */
  bodyLimit?: number;
  /** Fastify's own request log (default off; main.ts turns it on). */
  requestLog?: boolean;
  /**
   * Behind a reverse proxy that terminates TLS (SERVER_TRUST_PROXY=1): take the client's address
   * and scheme from X-Forwarded-For / -Proto, so attempt limits count per client and the back
   * office's cookie is marked Secure. Default off: those headers are then ignored.
   */
  trustProxy?: boolean;
}

class UnauthorisedError extends Error {}

/** The request's token, checked for its form only (no database): UnauthorisedError when missing or malformed. */
function tokenOf(request: FastifyRequest): string {
  const header = request.headers[ENROLMENT_TOKEN_HEADER];
  if (header === undefined) throw new UnauthorisedError('缺少窗口注册令牌，请先在设置页用注册码注册本窗口');
  const token = EnrolmentTokenSchema.safeParse(header);
  if (!token.success) throw new UnauthorisedError('窗口注册令牌格式不正确，请重新注册本窗口');
  return token.data;
}

/**
 * onRequest hook of push and pull: a request without a well-formed token is refused (401) before
 * its body is read, so an anonymous client cannot make the server parse megabytes of JSON.
 */
async function tokenFormFirst(request: FastifyRequest): Promise<void> {
  tokenOf(request);
}

/** The token's window, or UnauthorisedError with the reason a window's IT administrator reads. */
async function ownerOf(app: AppOptions, request: FastifyRequest): Promise<TokenOwner> {
  const owner = await authenticate(app.db.pool, tokenOf(request));
  if (owner === null) throw new UnauthorisedError('窗口注册令牌无效或已被吊销，请向上级平台管理员申请新的注册码并重新注册本窗口');
  return owner;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('database did not answer in time'), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The upstream's HTTP service (server/README.md lists the endpoints): enrol, push, pull and
 * health on SYNC_PATHS, bodies checked with the contract's wire schemas, every error answered as
 * a SyncErrorBody with a reason in Chinese. Stateless: any number of these may serve one database.
 * Nothing a client sends ends the process: an unexpected fault answers 500 and is logged.
 */
export function buildApp(options: AppOptions): FastifyInstance {
  const { db, log } = options;
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT_BYTES,
    logger: options.requestLog ?? false,
    trustProxy: options.trustProxy ?? false,
    // A body cut off mid-stream must not hold a connection forever.
    requestTimeout: 60_000,
  });

  app.setErrorHandler((thrown, request, reply) => {
    const err = thrown instanceof Error ? thrown : new Error(String(thrown));
    const code = (err as { code?: unknown }).code;
    const status = (err as { statusCode?: unknown }).statusCode;
    if (err instanceof UnauthorisedError) return sendError(reply, 'unauthorised', err.message);
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit;
      return sendError(reply, 'too_large', limit === SMALL_BODY_LIMIT_BYTES ? `请求体超过此接口的上限（${limit} 字节）` : `请求体超过上限（${limit} 字节），请减少每批事件的数量后重试`);
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(reply, 'invalid', '请求体应为 JSON（Content-Type: application/json）', 415);
    if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return sendError(reply, 'invalid', '请求体为空，应为 JSON');
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own refusals: malformed JSON, a prototype-poisoning key, a truncated or bad content length.
      return sendError(reply, 'invalid', `请求体不是有效的 JSON，或传输不完整：${err.message.slice(0, 200)}`, status === 413 ? 413 : status);
    }
    if (isUnavailable(err)) {
      log.warn('数据库暂不可用', { url: request.url, err: err.message });
      return sendError(reply, 'unavailable', '上级平台的数据库暂不可用，请稍后重试');
    }
    // On a push, a value the schema let through but PostgreSQL refuses is one event's (the window parks it).
    if (isDataException(err)) return sendError(reply, request.routeOptions.url === SYNC_PATHS.push ? 'invalid_event' : 'invalid', `数据库不能保存请求中的某个值（如文本中的 \\u0000 字符或超出范围的时间）：${err.message.slice(0, 200)}`);
    log.error('请求处理失败', { url: request.url, err: err.message, stack: err.stack });
    return sendError(reply, 'internal', '上级平台内部错误，已记录，请稍后重试');
  });

  app.setNotFoundHandler((request, reply) => sendError(reply, 'invalid', `没有这个接口：${request.method} ${request.url.slice(0, 100)}`, 404));

  app.get(SYNC_PATHS.health, async (_request, reply) => {
    try {
      await withTimeout(db.pool.query('SELECT 1'), HEALTH_TIMEOUT_MS);
      // maxBodyBytes (UpstreamHealthSchema): windows size their pushes under it instead of meeting a 413.
      return reply.send({ status: 'ok', backend: db.backend, serverTime: new Date().toISOString(), maxBodyBytes: app.initialConfig.bodyLimit ?? DEFAULT_BODY_LIMIT_BYTES });
    } catch (err) {
      log.warn('健康检查：数据库无应答', { err: (err as Error).message });
      return sendError(reply, 'unavailable', '上级平台的数据库暂不可用');
    }
  });

  // Refused codes are counted per client address: a guesser is answered 429 before its body is read.
  const enrolAttempts = attemptLimiter(app, ENROL_ATTEMPT_LIMIT);
  app.post(SYNC_PATHS.enrol, { bodyLimit: SMALL_BODY_LIMIT_BYTES, onRequest: enrolAttempts.check }, async (request, reply) => {
    const current = EnrolRequestSchema.safeParse(request.body);
    // A window from before the window-made token sends no tokenHash: the server makes its token,
    // as it did then, and sends it back (contract LegacyEnrolRequestSchema).
    const legacy = current.success ? null : LegacyEnrolRequestSchema.safeParse(request.body);
    const madeToken = legacy?.success ? randomBytes(32).toString('base64url') : null;
    const parsed = current.success
      ? current
      : legacy?.success && madeToken !== null
        ? { success: true as const, data: { ...legacy.data, tokenHash: sha256Hex(madeToken) } }
        : current;
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    const outcome = await enrol(db.pool, parsed.data);
    if (!outcome.ok && outcome.roleMismatch) {
      // The code itself was right (not counted as a guess): the PC's config names another role.
      log.warn('注册被拒绝：注册码签发的设备角色与本机配置不符', { hall: parsed.data.hall, window: parsed.data.window, issuedFor: outcome.roleMismatch.issuedFor, configured: outcome.roleMismatch.configured });
      return sendError(reply, 'forbidden', roleMismatchWords(parsed.data.hall, parsed.data.window, outcome.roleMismatch));
    }
    if (!outcome.ok) {
      await enrolAttempts.failed(request);
      return sendError(reply, 'forbidden', `注册码不可用：它不存在、已被使用、已过期、已被吊销，或不是为 ${parsed.data.hall} 大厅 ${parsed.data.window} 号窗口签发的。请向上级平台管理员申请新的注册码`);
    }
    log.info(outcome.repeated ? '窗口重复注册（上次应答未送达），未做改动' : '窗口已注册', { hall: parsed.data.hall, window: parsed.data.window, role: outcome.role });
    const body: EnrolResponse = { hall: parsed.data.hall, window: parsed.data.window, serverTime: new Date().toISOString() };
    if (madeToken !== null) return reply.send({ token: madeToken, ...body } satisfies LegacyEnrolResponse);
    return reply.send(body);
  });

  // Push bodies are up to 4 MB: the token is looked up (LiveTokens: remembered 30 s) before the
  // body is read, so a caller with an invented token cannot make the server parse megabytes.
  const liveTokens = new LiveTokens(db.pool);
  const tokenLiveFirst = async (request: FastifyRequest): Promise<void> => {
    if ((await liveTokens.ownerOf(tokenOf(request))) === null) throw new UnauthorisedError('窗口注册令牌无效或已被吊销，请向上级平台管理员申请新的注册码并重新注册本窗口');
  };
  // The push route in a scope of its own, whose JSON parser keeps the body's bytes beside what it
  // parsed (receivedBodies): the store hands them to PostgreSQL as they are instead of writing the
  // parsed events out again (store-batch.ts receivedJsonb). Parsed exactly as every other route's
  // body: Fastify's own parser (its errors, the prototype-poisoning checks), given the same text.
  const receivedBodies = new WeakMap<FastifyRequest, Buffer>();
  // Fastify's default JSON parser is the callback form (content-type-parser.js defaultJsonParser).
  const parseJson = app.getDefaultJsonParser(app.initialConfig.onProtoPoisoning ?? 'error', app.initialConfig.onConstructorPoisoning ?? 'error') as (
    request: FastifyRequest,
    body: string,
    done: (err: Error | null, body?: unknown) => void,
  ) => void;
  const push = async (request: FastifyRequest, reply: FastifyReply, received: Buffer | undefined): Promise<FastifyReply> => {
    // The token was found live before the body was read (tokenLiveFirst). A schema failure inside
    // events is one event's (invalid_event: the window finds and parks it); any other is the
    // request's (invalid: the window retries by back-off and parks nothing).
    const parsed = PushBatchSchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, aboutEvents(parsed.error) ? 'invalid_event' : 'invalid', describeIssues(parsed.error));
    // The usual push in one round trip: the token checked for the window the batch names (every
    // event names the same, PushBatchSchema) and the batch stored, in one statement. Null (the
    // token not live for that window) or any error: nothing stored, and the steps below answer in
    // their order (401, 403, then the store's own refusal).
    const claimed = parsed.data.events[0];
    // The body's size bounds how many pushes share one statement (store-batch.ts MAX_GROUP_BYTES).
    const bytes = Number(request.headers['content-length']);
    const quick = claimed
      ? await storeBatchForToken(db.pool, sha256Hex(tokenOf(request)), { hall: claimed.hall, window: claimed.window }, parsed.data, {
          prepared: db.backend === 'postgres',
          ...(Number.isFinite(bytes) && bytes > 0 ? { bytes } : {}),
          ...(received !== undefined ? { received } : {}),
        }).catch(() => null)
      : null;
    if (quick !== null) return reply.send({ held: quick, serverTime: new Date().toISOString() } satisfies PushAck);
    const owner = await ownerOf(options, request);
    const stranger = parsed.data.events.find((e) => e.hall !== owner.hall || e.window !== owner.window);
    if (stranger) {
      return sendError(
        reply,
        'forbidden',
        `本令牌属于 ${owner.hall} 大厅 ${owner.window} 号窗口，只能上传本窗口的事件；批次中有 ${stranger.hall} 大厅 ${stranger.window} 号窗口的事件，整批未保存`,
      );
    }
    try {
      const held = await storeBatch(db.pool, owner, parsed.data);
      const ack: PushAck = { held, serverTime: new Date().toISOString() };
      return reply.send(ack);
    } catch (err) {
      if (err instanceof StreamVersionConflictError) return sendError(reply, 'invalid', err.message, 409);
      throw err;
    }
  };
  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser<Buffer>('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      receivedBodies.set(request, body);
      parseJson(request, body.toString('utf8'), done);
    });
    scope.post(SYNC_PATHS.push, { onRequest: tokenLiveFirst }, (request, reply) => push(request, reply, receivedBodies.get(request)));
  });

  app.post(SYNC_PATHS.pull, { bodyLimit: SMALL_BODY_LIMIT_BYTES, onRequest: tokenFormFirst }, async (request, reply) => {
    const parsed = PullRequestSchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    const owner = await ownerOf(options, request);
    try {
      return reply.send(await pullChanges(db.pool, owner, parsed.data.cursor, parsed.data.limit));
    } catch (err) {
      if (err instanceof BadCursorError) return sendError(reply, 'bad_cursor', err.message);
      throw err;
    }
  });

  // The back office (/backoffice) is part of every server (README: `npm run server` serves it).
  registerBackOffice(app, db);
  // The hall queue (issue 17): tickets, presses, the window's panel, offline history, the display's calls.
  registerQueue(app, db, log);
  // The dispensers' printer reports, which the windows' panel lists.
  registerDispenserStatus(app, db, log);
  return app;
}
