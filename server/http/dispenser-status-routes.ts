import type { FastifyInstance } from 'fastify';
import { DispenserReportRequestSchema, QUEUE_PATHS, type DispenserReportResponse } from '../../electron/contract/queue';
import type { ServerDatabase } from '../db/database';
import type { ServerLog } from '../log';
import { storeDispenserReport } from '../queue/dispensers';
import { describeIssues, sendError } from './errors';
import { deviceOrRefuse } from './queue-routes';

// A dispenser's printer report (issue 17): POST /v1/queue/dispenser with the dispenser's
// enrolment token, as the other queue routes. Only a PC enrolled as a dispenser (or before roles,
// device-roles.ts) may report, and only as its own number (the token's window number): a window
// cannot mark a dispenser out of paper, nor hide one that is.

/** Registers POST QUEUE_PATHS.dispenser on `app` (server/README.md, "Hall queue"). */
export function registerDispenserStatus(app: FastifyInstance, db: ServerDatabase, log: ServerLog): void {
  app.post(QUEUE_PATHS.dispenser, async (request, reply) => {
    const owner = await deviceOrRefuse(db, log, request, reply, ['dispenser'], '报告取号机状态');
    if (owner === null) return reply;
    const parsed = DispenserReportRequestSchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 'invalid', describeIssues(parsed.error));
    if (parsed.data.device !== owner.window) {
      return sendError(reply, 'forbidden', `本令牌属于 ${owner.hall} 大厅 ${owner.window} 号设备，不能替 ${parsed.data.device} 号取号机报告状态`);
    }
    const at = await storeDispenserReport(db.pool, owner.hall, parsed.data);
    return reply.send({ reportedAt: at.toISOString() } satisfies DispenserReportResponse);
  });
}
