import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { IsoInstant } from '../../electron/contract/common';
import { QueueRoleSchema } from '../../electron/contract/queue';
import { HallCodeSchema, WindowNumberSchema } from '../../electron/contract/sync';
import type { ServerDatabase } from '../db/database';
import { issueEnrolmentCode, revokeWindow } from '../enrolment/enrolment';
import { describeIssues, sendError } from '../http/errors';
import { sha256Hex } from '../enrolment/secrets';
import { ProvinceSchema } from '../export/code-tables';
import { runExportCommand } from '../export/export-command';
import { ExportError, ExportFailedError } from '../export/export-error';
import { hallStats } from './stats';

/** The operator endpoints (loopback only, with the operator file's secret). */
export const OPERATOR_PATHS = { enrol: '/operator/enrol', revoke: '/operator/revoke', stats: '/operator/stats', export: '/operator/export' } as const;
/** The header carrying the operator file's secret. */
export const OPERATOR_SECRET_HEADER = 'x-counter-operator-secret';

export const OperatorWindowSchema = z.strictObject({ hall: HallCodeSchema, window: WindowNumberSchema });
/** `enrol`: the number, and the role the code is for (window / dispenser / display); absent or null: the PC's config decides. */
export const OperatorEnrolSchema = OperatorWindowSchema.extend({ role: QueueRoleSchema.nullable().optional() });
export const OperatorHallSchema = z.strictObject({ hall: HallCodeSchema });
const AbsolutePath = z.string().min(1).refine((p) => path.isAbsolute(p), { error: '应为绝对路径' });
/**
 * `export` run by the server holding the folder: the command's options (export-command.ts) with
 * every path made absolute by the command (the server's working folder may be another).
 */
export const OperatorExportSchema = z.strictObject({
  hall: HallCodeSchema,
  province: ProvinceSchema,
  out: AbsolutePath,
  since: IsoInstant.nullable(),
  sinceManifest: AbsolutePath.nullable(),
  profile: AbsolutePath,
});

function loopback(request: FastifyRequest): boolean {
  const address = request.socket.remoteAddress ?? '';
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function secretMatches(request: FastifyRequest, secret: string): boolean {
  const given = request.headers[OPERATOR_SECRET_HEADER];
  if (typeof given !== 'string') return false;
  // Comparing the digests, not the secrets: how long the comparison takes tells nothing of the secret.
  return sha256Hex(given) === sha256Hex(secret);
}

/**
 * Mounts the operator's commands (enrol, revoke, stats, export) for `npm run server -- enrol …` run
 * while this server holds the PGlite folder. `export` runs the provincial export here, on this
 * server's pool (run-export.ts: on PGlite read by read, cut at the watermark's seq, so pushes go on meanwhile),
 * and writes the batches, as this server's user, into the folder the command names; a refused
 * export (a missing code, a bad profile or manifest) answers 422 with the words, nothing written. Refused (403) unless the request comes from this machine's
 * loopback and carries the secret the server wrote into its data folder.
 */
export function registerOperatorRoutes(app: FastifyInstance, db: ServerDatabase, secret: string): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/operator/')) return;
    if (!loopback(request) || !secretMatches(request, secret)) return sendError(reply, 'forbidden', '运维接口只接受本机、持有数据目录中运维密钥的请求');
  });
  app.post(OPERATOR_PATHS.enrol, async (request, reply) => {
    const parsed = OperatorEnrolSchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    return reply.send({ code: await issueEnrolmentCode(db.pool, parsed.data.hall, parsed.data.window, parsed.data.role ?? null) });
  });
  app.post(OPERATOR_PATHS.revoke, async (request, reply) => {
    const parsed = OperatorWindowSchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    return reply.send(await revokeWindow(db.pool, parsed.data.hall, parsed.data.window));
  });
  app.post(OPERATOR_PATHS.stats, async (request, reply) => {
    const parsed = OperatorHallSchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    return reply.send(await hallStats(db.pool, parsed.data.hall));
  });
  app.post(OPERATOR_PATHS.export, async (request, reply) => {
    const parsed = OperatorExportSchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    try {
      // On PGlite the export must not hold the pool's one connection: the windows' pushes go on meanwhile.
      return reply.send(await runExportCommand(db.pool, parsed.data, undefined, { serialisedDatabase: db.backend === 'pglite' }));
    } catch (err) {
      if (err instanceof ExportError || err instanceof ExportFailedError) return sendError(reply, 'invalid', err.message, 422);
      throw err;
    }
  });
}
