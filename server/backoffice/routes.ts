import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import {
  BackOfficeStepSchema,
  CalendarYearPublishedSchema,
  CatalogItemCancelledSchema,
  CatalogItemChangedSchema,
  HallCodeSchema,
  SyncChangeSchema,
  type SyncChange,
} from '../../electron/contract/sync';
import { calendarYearSchema } from '../../electron/core/calendar/calendar-schema';
import { IsoDate } from '../../electron/contract/common';
import { QueueFiguresQuerySchema } from '../../electron/contract/queue';
import { CatalogItemSchema } from '../../electron/core/catalog/catalog-file-schema';
import { publishChange } from '../changes/publish';
import type { ServerDatabase } from '../db/database';
import { SIGN_IN_ATTEMPT_LIMIT, SMALL_BODY_LIMIT_BYTES, attemptLimiter } from '../http/limits';
import { describeIssues, sendError } from '../http/errors';
import { figuresDay, hallFigures } from '../queue/figures';
import { SESSION_MS, sessionUser, signIn, signOut, type BackOfficeUser } from './accounts';
import { BackOfficeCaseError, listHallCases, recordBackOfficeStep } from './hall-cases';
import { backOfficePage, signInPage } from './page';
import { queueFiguresSection } from './queue-figures-page';

/** Where the back office lives on the server. */
export const BACKOFFICE_PATHS = {
  page: '/backoffice',
  signIn: '/backoffice/api/sign-in',
  signOut: '/backoffice/api/sign-out',
  cases: '/backoffice/api/cases',
  decision: '/backoffice/api/cases/:caseId/decision',
  catalogItem: '/backoffice/api/catalog/items',
  catalogCancel: '/backoffice/api/catalog/cancellations',
  calendarYear: '/backoffice/api/calendar/years',
  /** GET ?day=&timeZone=&resetHour= (QueueFiguresQuery) → QueueFiguresResponse of the account's hall. */
  queueFigures: '/backoffice/api/queue/figures',
} as const;

const COOKIE = 'backoffice_session';

const SignInSchema = z.strictObject({
  hall: HallCodeSchema,
  username: z.string().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(200),
});
const DecisionBodySchema = z.strictObject({ decision: BackOfficeStepSchema });
/**
 * A publish's idempotency id: the page makes one when it shows the form (a hidden field) and sends
 * it with every try, so a double click or a retry after a lost answer publishes once. It becomes
 * the change's id. Optional for other callers (each call then publishes anew).
 */
const IdempotencyIdSchema = z.uuid({ error: '发布标识格式不正确，请刷新页面后重新发布' }).toLowerCase().optional();
const CatalogItemBodySchema = CatalogItemChangedSchema.pick({ catalogVersion: true, item: true }).extend({ idempotencyId: IdempotencyIdSchema });
const CatalogCancelBodySchema = CatalogItemCancelledSchema.pick({ catalogVersion: true, code: true, effectiveFrom: true }).extend({ idempotencyId: IdempotencyIdSchema });
const CalendarBodySchema = CalendarYearPublishedSchema.pick({ year: true, schedule: true }).extend({ idempotencyId: IdempotencyIdSchema });
const CaseIdSchema = z.uuid();

function cookieToken(request: FastifyRequest): string | null {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return null;
}

async function userOf(db: ServerDatabase, request: FastifyRequest): Promise<BackOfficeUser | null> {
  const token = cookieToken(request);
  return token === null ? null : sessionUser(db.pool, token);
}

/**
 * Sets (or, with Max-Age 0, clears) the session cookie. `Secure` when the request came over TLS
 * (or, with trustProxy, a proxy said X-Forwarded-Proto: https), so a browser never sends it back
 * over plain HTTP; a plain-HTTP back office on the hall's LAN still works.
 */
function setSession(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${COOKIE}=${token}; Path=/backoffice; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`);
}

/**
 * Publishes a back-office change once: a repeat with the same idempotency id (a double click, a
 * retry after a lost answer) answers the same change id and publishes nothing; the same id with
 * different content (the officer edited the form after a try whose answer was lost) is refused
 * with 409, since that content was not published.
 */
async function publishOnce(db: ServerDatabase, reply: FastifyReply, hall: string, change: SyncChange): Promise<FastifyReply> {
  const published = await publishChange(db.pool, hall, change, null);
  if (!published.inserted) {
    const { rows } = await db.pool.query<{ same: boolean }>('SELECT body = $3::jsonb AS same FROM changes WHERE hall = $1 AND id = $2', [
      hall,
      published.id,
      JSON.stringify(SyncChangeSchema.parse(change)),
    ]);
    if (rows[0]?.same !== true) {
      return sendError(reply, 'invalid', '这次发布已用同一标识发布过不同的内容（上次发布已生效，本次内容未发布）。请刷新页面，核对后重新发布', 409);
    }
  }
  return reply.send({ changeId: published.id });
}

/**
 * Mounts the back office (issue 16: 后台分类审批) on the server: a page at /backoffice and its
 * JSON API. A back-office account (not a window token) signs in and gets an HttpOnly session
 * cookie; every API call but sign-in needs it (401 otherwise) and acts on the account's hall only.
 * Errors are SyncErrorBody like the sync endpoints, reasons in Chinese. Call before the app
 * is ready (listen / inject); calling it again is harmless.
 */
export function registerBackOffice(app: FastifyInstance, db: ServerDatabase): void {
  // buildApp may mount it already; a second call (a test on a bare app, or twice) changes nothing.
  if (app.hasRoute({ method: 'GET', url: BACKOFFICE_PATHS.page })) return;
  // Wrong passwords are counted per client address: a guesser is answered 429 before its body is read.
  const signInAttempts = attemptLimiter(app, SIGN_IN_ATTEMPT_LIMIT);
  const requireUser = async (request: FastifyRequest, reply: FastifyReply): Promise<BackOfficeUser | null> => {
    const user = await userOf(db, request);
    if (!user) sendError(reply, 'unauthorised', '请先登录后台（登录已过期或未登录）');
    return user;
  };

  app.get(BACKOFFICE_PATHS.page, async (request, reply) => {
    const user = await userOf(db, request);
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    if (!user) return reply.send(signInPage());
    const q = z.string().max(100).catch('').parse((request.query as Record<string, unknown>)['q']);
    // A day the picker cannot have sent (hand-edited address) shows today's figures rather than an error page.
    const day = IsoDate.optional().catch(undefined).parse((request.query as Record<string, unknown>)['day']);
    const now = new Date();
    const figures = await hallFigures(db.pool, user.hall, figuresDay(QueueFiguresQuerySchema.parse(day === undefined ? {} : { day }), now), now);
    return reply.send(backOfficePage(user, q, await listHallCases(db.pool, user.hall, { q }), queueFiguresSection(figures, q)));
  });

  app.post(BACKOFFICE_PATHS.signIn, { bodyLimit: SMALL_BODY_LIMIT_BYTES, onRequest: signInAttempts.check }, async (request, reply) => {
    const parsed = SignInSchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    const token = await signIn(db.pool, parsed.data.hall, parsed.data.username, parsed.data.password);
    if (token === null) {
      await signInAttempts.failed(request);
      return sendError(reply, 'unauthorised', '大厅代码、用户名或密码不正确');
    }
    setSession(request, reply, token, SESSION_MS / 1000);
    return reply.send({ ok: true });
  });

  // The hall queue's figures per window of a day (?day=YYYY-MM-DD; without it today's service day on
  // the hall's default clock, Asia/Shanghai from 00:00 — the server keeps no queue rules; a hall
  // resetting at another hour names the day).
  app.get(BACKOFFICE_PATHS.queueFigures, async (request, reply) => {
    const user = await requireUser(request, reply);
    if (!user) return reply;
    const parsed = QueueFiguresQuerySchema.safeParse(request.query);
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    const now = new Date();
    return reply.send(await hallFigures(db.pool, user.hall, figuresDay(parsed.data, now), now));
  });

  app.post(BACKOFFICE_PATHS.signOut, async (request, reply) => {
    const token = cookieToken(request);
    if (token !== null) await signOut(db.pool, token);
    setSession(request, reply, '', 0);
    return reply.send({ ok: true });
  });

  app.get(BACKOFFICE_PATHS.cases, async (request, reply) => {
    const user = await requireUser(request, reply);
    if (!user) return reply;
    const q = z.string().max(100).catch('').parse((request.query as Record<string, unknown>)['q']);
    return reply.send({ cases: await listHallCases(db.pool, user.hall, { q }) });
  });

  app.post(BACKOFFICE_PATHS.decision, async (request, reply) => {
    const user = await requireUser(request, reply);
    if (!user) return reply;
    const caseId = CaseIdSchema.safeParse((request.params as Record<string, unknown>)['caseId']);
    if (!caseId.success) return sendError(reply, 'invalid', '办件标识格式不正确', 404);
    const parsed = DecisionBodySchema.safeParse(request.body);
    if (!parsed.success) {
      // The wire's own words are English (contract/sync/pull.ts); the officer reads Chinese.
      const noReason = parsed.error.issues.some((i) => i.path.join('.') === 'decision.reason' && i.code === 'custom');
      return sendError(reply, 'invalid', noReason ? '不予的决定须写明理由' : describeIssues(parsed.error));
    }
    try {
      return reply.send(await recordBackOfficeStep(db.pool, user, caseId.data.toLowerCase(), parsed.data.decision));
    } catch (err) {
      if (err instanceof BackOfficeCaseError) return sendError(reply, 'invalid', err.message, err.status);
      throw err;
    }
  });

  app.post(BACKOFFICE_PATHS.catalogItem, async (request, reply) => {
    const user = await requireUser(request, reply);
    if (!user) return reply;
    const parsed = CatalogItemBodySchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    // The windows check an item with their catalog schema before replacing anything; refuse here what they would refuse.
    const item = CatalogItemSchema.safeParse(parsed.data.item);
    if (!item.success) return sendError(reply, 'invalid', describeIssues(item.error));
    const { idempotencyId, ...body } = parsed.data;
    return publishOnce(db, reply, user.hall, { kind: 'catalog.itemChanged', id: idempotencyId ?? uuidv7(), ...body });
  });

  app.post(BACKOFFICE_PATHS.catalogCancel, async (request, reply) => {
    const user = await requireUser(request, reply);
    if (!user) return reply;
    const parsed = CatalogCancelBodySchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    const { idempotencyId, ...body } = parsed.data;
    return publishOnce(db, reply, user.hall, { kind: 'catalog.itemCancelled', id: idempotencyId ?? uuidv7(), ...body });
  });

  app.post(BACKOFFICE_PATHS.calendarYear, async (request, reply) => {
    const user = await requireUser(request, reply);
    if (!user) return reply;
    const parsed = CalendarBodySchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    const schedule = calendarYearSchema.safeParse(parsed.data.schedule);
    if (!schedule.success) return sendError(reply, 'invalid', describeIssues(schedule.error));
    if (schedule.data.year !== parsed.data.year) return sendError(reply, 'invalid', `安排表是 ${schedule.data.year} 年的，不是 ${parsed.data.year} 年的`);
    const { idempotencyId, ...body } = parsed.data;
    return publishOnce(db, reply, user.hall, { kind: 'calendar.yearPublished', id: idempotencyId ?? uuidv7(), ...body });
  });
}
