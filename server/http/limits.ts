import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './errors';

/**
 * The body limit of the small requests (enrol, pull, back-office sign-in), in bytes: they need a
 * few hundred, and nobody may make the server parse megabytes of JSON they never needed
 * (review-16 finding 12). Push keeps the large limit (app.ts DEFAULT_BODY_LIMIT_BYTES).
 */
export const SMALL_BODY_LIMIT_BYTES = 8 * 1024;

// Throttles guessing (review-16 finding 12): enrolment codes on /v1/enrol and passwords on the
// back office's sign-in. Only *failed* attempts count, per client address, so a hall enrolling
// fifty windows from behind one NAT address, or a department signing in each morning, is never
// slowed; a guesser is stopped after a few tries. The counts live in this process's memory
// (@fastify/rate-limit's local store): several servers behind a load balancer each count their own.

/** How many failures one client address may have in one period before it is refused. */
export interface AttemptLimit {
  /** Failures allowed per period; the next request after that many is answered 429. */
  max: number;
  /** The period in ms, counted from the first failure. */
  periodMs: number;
  /** The reason a refused client reads (Chinese); `{minutes}` is replaced by the wait. */
  words: string;
}

/** Refused enrolment codes: a window's IT administrator retypes a code a few times at most. */
export const ENROL_ATTEMPT_LIMIT: AttemptLimit = {
  max: 10,
  periodMs: 15 * 60_000,
  words: '本机注册失败次数过多，请 {minutes} 分钟后再试；请先核对大厅代码、窗口号和注册码，或向上级平台管理员申请新的注册码',
};

/** Wrong back-office passwords. */
export const SIGN_IN_ATTEMPT_LIMIT: AttemptLimit = {
  max: 5,
  periodMs: 15 * 60_000,
  words: '密码错误次数过多，已暂停从本机登录，请 {minutes} 分钟后再试；如忘记密码，请联系上级平台管理员重置',
};

/** What a route needs: a check for its onRequest hook, and a way to count a failure. */
export interface AttemptLimiter {
  /** onRequest hook: answers 429 (`unavailable`, a Retry-After header) once the client has used up its failures; counts nothing. */
  check(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined>;
  /** Counts one failed attempt for the request's client address. */
  failed(request: FastifyRequest): Promise<void>;
}

const mounted = new WeakSet<FastifyInstance>();

/**
 * Mounts @fastify/rate-limit on `app` (once per instance; no route is limited by it unless asked)
 * and returns a limiter for `limit`. Call before the app is ready. The check runs in onRequest,
 * before the body is read, so a refused client costs no parsing and no database round trip.
 * The client address is `request.ip` (behind a reverse proxy, only with Fastify's trustProxy set;
 * otherwise every client shares the proxy's address and count).
 */
export function attemptLimiter(app: FastifyInstance, limit: AttemptLimit): AttemptLimiter {
  if (!mounted.has(app)) {
    mounted.add(app);
    void app.register(rateLimit, { global: false });
  }
  // The plugin's decorator exists once the app has loaded its plugins, which is before any request.
  let counter: ReturnType<FastifyInstance['createRateLimit']> | null = null;
  const counterOf = () => (counter ??= app.createRateLimit({ max: limit.max, timeWindow: limit.periodMs }));
  return {
    async check(request, reply) {
      const state = await counterOf()(request, { increment: false });
      if (state.isAllowed || state.remaining > 0) return undefined;
      const seconds = Math.max(1, state.ttlInSeconds);
      reply.header('retry-after', String(seconds));
      return sendError(reply, 'unavailable', limit.words.replace('{minutes}', String(Math.ceil(seconds / 60))), 429);
    },
    async failed(request) {
      await counterOf()(request);
    },
  };
}
