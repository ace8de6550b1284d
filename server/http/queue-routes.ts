import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CallsQuerySchema,
  IssueTicketRequestSchema,
  QUEUE_FEATURES_HEADER,
  QUEUE_PATHS,
  QueueFiguresQuerySchema,
  QueueHistoryRequestSchema,
  QueuePressRequestSchema,
  QueueStateQuerySchema,
} from '../../electron/contract/queue';
import { ENROLMENT_TOKEN_HEADER, EnrolmentTokenSchema } from '../../electron/contract/sync';
import type { ServerDatabase } from '../db/database';
import { DEVICE_ROLE_LABELS, deviceRoleLabel, roleMay, type DeviceRole } from '../enrolment/device-roles';
import { authenticate, type EnrolledDevice } from '../enrolment/enrolment';
import type { ServerLog } from '../log';
import { CallFeed, boardAt, lastCallSeq, streamCalls } from '../queue/calls';
import { figuresDay, hallFigures } from '../queue/figures';
import { historyPressRefusal, storeHistory } from '../queue/history';
import { RangeExhaustedError, issueTicket } from '../queue/issue-ticket';
import { PressIdTakenError, applyPress } from '../queue/press';
import { dispensersFor } from '../queue/dispensers';
import { queueState } from '../queue/state';
import { registerDisplay } from './display-routes';
import { describeIssues, sendError } from './errors';

// The hall queue's routes (issue 17; contract/queue/hall-wire.ts has the wire, server/queue/ the
// rules). Tickets, presses, state and history carry the window's (or dispenser's) enrolment
// token as push does; the calls stream is public and read-only for the hall display.

/** The token's hall, number and role, or null after answering 401. */
export async function ownerOrRefuse(db: ServerDatabase, request: FastifyRequest, reply: FastifyReply): Promise<EnrolledDevice | null> {
  const header = request.headers[ENROLMENT_TOKEN_HEADER];
  const token = EnrolmentTokenSchema.safeParse(header);
  if (header === undefined || !token.success) {
    sendError(reply, 'unauthorised', header === undefined ? '缺少窗口注册令牌，请先在设置页用注册码注册本机' : '窗口注册令牌格式不正确，请重新注册本机');
    return null;
  }
  const owner = await authenticate(db.pool, token.data);
  if (owner === null) sendError(reply, 'unauthorised', '窗口注册令牌无效或已被吊销，请向上级平台管理员申请新的注册码并重新注册本机');
  return owner;
}

/**
 * The token's PC when its role may do this (`allowed`, device-roles.ts roleMay: a token from
 * before roles may do all), else null after answering: 401 for no live token, 403 with the words
 * of `what` (e.g. '叫号') and the roles that may, logged with the PC and the route.
 */
export async function deviceOrRefuse(
  db: ServerDatabase,
  log: ServerLog,
  request: FastifyRequest,
  reply: FastifyReply,
  allowed: readonly DeviceRole[],
  what: string,
): Promise<EnrolledDevice | null> {
  const owner = await ownerOrRefuse(db, request, reply);
  if (owner === null || roleMay(owner.role, allowed)) return owner;
  log.warn('设备角色不符，请求已拒绝', { hall: owner.hall, device: owner.window, role: owner.role, route: request.routeOptions.url ?? request.url });
  sendError(
    reply,
    'forbidden',
    `本令牌属于 ${owner.hall} 大厅 ${owner.window} 号${deviceRoleLabel(owner.role)}，不能${what}（只有${allowed.map((r) => DEVICE_ROLE_LABELS[r]).join('或')}可以）。若本机的角色已改变，请向上级平台管理员申请相应角色的注册码并重新注册`,
  );
  return null;
}

/**
 * The last seq a reconnecting display received: its Last-Event-ID header (EventSource sends it by
 * itself), else `?lastEventId=` (a page opening a new EventSource after the browser gave up on the
 * old one cannot set headers); null for neither.
 */
function lastEventId(request: FastifyRequest, query: number | undefined): number | null {
  const header = request.headers['last-event-id'];
  const text = Array.isArray(header) ? header[0] : header;
  if (text !== undefined && /^\d{1,15}$/.test(text.trim())) return Number(text.trim());
  return query ?? null;
}

/**
 * Registers the queue's routes on `app` (server/README.md, "Hall queue"). Returns the feed that
 * wakes the calls streams (a press's route publishes to it after its commit).
 */
export function registerQueue(app: FastifyInstance, db: ServerDatabase, log: ServerLog): CallFeed {
  const feed = new CallFeed();
  const streams = new Set<() => void>();
  // Open streams would hold the server's close (SIGTERM) until the displays hang up.
  app.addHook('preClose', async () => {
    for (const end of streams) end();
  });

  // Who may do what (device-roles.ts): a display issues and calls nothing (its calls stream is
  // public); a dispenser issues, and reads the state and sends its offline tickets (its probe
  // back to hall mode); only a window presses. A window issues too: queue.issue is open at a
  // window (a number taken for a citizen at the counter, in hall and in local mode).
  app.post(QUEUE_PATHS.tickets, async (request, reply) => {
    const owner = await deviceOrRefuse(db, log, request, reply, ['dispenser', 'window'], '取号');
    if (owner === null) return reply;
    const parsed = IssueTicketRequestSchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    try {
      return reply.send(await issueTicket(db.pool, owner.hall, owner.window, parsed.data));
    } catch (err) {
      if (err instanceof RangeExhaustedError) return sendError(reply, 'invalid', err.message, 409);
      throw err;
    }
  });

  app.post(QUEUE_PATHS.press, async (request, reply) => {
    const owner = await deviceOrRefuse(db, log, request, reply, ['window'], '叫号');
    if (owner === null) return reply;
    const parsed = QueuePressRequestSchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    const window = parsed.data.press.window;
    if (window !== owner.window) {
      return sendError(reply, 'forbidden', `本令牌属于 ${owner.hall} 大厅 ${owner.window} 号窗口，不能替 ${window} 号窗口叫号`);
    }
    try {
      const answer = await applyPress(db.pool, owner.hall, parsed.data, new Date(), { prepared: db.backend === 'postgres' });
      if (answer.call !== null) feed.published(owner.hall);
      return reply.send({ outcome: answer.outcome });
    } catch (err) {
      if (err instanceof PressIdTakenError) return sendError(reply, 'invalid', err.message, 409);
      throw err;
    }
  });

  app.get(QUEUE_PATHS.state, async (request, reply) => {
    const owner = await deviceOrRefuse(db, log, request, reply, ['window', 'dispenser'], '读取排队情况');
    if (owner === null) return reply;
    const parsed = QueueStateQuerySchema.safeParse(request.query);
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    const state = await queueState(db.pool, owner.hall, owner.window, parsed.data);
    return reply.send({ ...state, dispensers: dispensersFor(state.dispensers, request.headers[QUEUE_FEATURES_HEADER]) });
  });

  // Any window of the hall may read its hall's figures (a window's panel shows its own line); the
  // back office reads them with its session (backoffice/routes.ts).
  app.get(QUEUE_PATHS.figures, async (request, reply) => {
    const owner = await deviceOrRefuse(db, log, request, reply, ['window'], '读取排队统计');
    if (owner === null) return reply;
    const parsed = QueueFiguresQuerySchema.safeParse(request.query);
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    const now = new Date();
    return reply.send(await hallFigures(db.pool, owner.hall, figuresDay(parsed.data, now), now));
  });

  app.post(QUEUE_PATHS.history, async (request, reply) => {
    const owner = await deviceOrRefuse(db, log, request, reply, ['window', 'dispenser'], '上传离线排队记录');
    if (owner === null) return reply;
    const parsed = QueueHistoryRequestSchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    // A dispenser's offline history holds the tickets it issued; a press in it is a window's work.
    if (owner.role === 'dispenser' && parsed.data.presses.length > 0) {
      log.warn('设备角色不符，请求已拒绝', { hall: owner.hall, device: owner.window, role: owner.role, route: QUEUE_PATHS.history });
      return sendError(reply, 'forbidden', `本令牌属于 ${owner.hall} 大厅 ${owner.window} 号取号机，只能上传取号记录，不能上传叫号记录（只有窗口可以）；整批未保存`);
    }
    const stranger = parsed.data.presses.find((p) => p.press.window !== owner.window);
    if (stranger) {
      return sendError(reply, 'forbidden', `本令牌属于 ${owner.hall} 大厅 ${owner.window} 号窗口，只能上传本窗口的叫号记录；其中有 ${stranger.press.window} 号窗口的记录，整批未保存`);
    }
    // A press of its own window whose outcome names another: not one it could have applied.
    for (const p of parsed.data.presses) {
      const reason = historyPressRefusal(p, owner.window);
      if (reason !== null) return sendError(reply, 'invalid', reason);
    }
    return reply.send(await storeHistory(db.pool, owner.hall, owner.window, parsed.data));
  });

  app.get(QUEUE_PATHS.calls, async (request, reply) => {
    const parsed = CallsQuerySchema.safeParse(request.query);
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    const hall = parsed.data.hall;
    // A display's first connection starts at the present, with the board as it stands (today's
    // calls up to now, shown and not announced: a screen switched on mid-day is not empty); a
    // reconnection resumes after the last call it received, and those calls are announced.
    const resumed = lastEventId(request, parsed.data.lastEventId);
    const after = resumed ?? (await lastCallSeq(db.pool, hall));
    const board = resumed === null ? await boardAt(db.pool, hall, after, parsed.data, new Date()) : null;
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // The browser's EventSource reconnects after this many ms when the connection drops.
    out.write('retry: 2000\n\n');
    const end = streamCalls(db.pool, feed, log, hall, after, out, board);
    streams.add(end);
    out.on('close', () => streams.delete(end));
  });

  // The hall display page that reads the calls stream (public, like the stream).
  registerDisplay(app);
  return feed;
}
