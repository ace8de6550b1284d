import type { Db } from '../storage/database';
import { statement } from '../storage/statements';

/** The words beside 请评价 when the case's latest service at this window was already rated. */
export const ALREADY_RATED_WORDS = '该办件本次服务已评价';
/** The words when this window has no rating device (review of issue 15, #13). */
export const NO_RATING_DEVICE_WORDS = '本窗口未配置评价器';

/**
 * The case events that finish a service at a window (the applicant present): a new one makes
 * the case ratable again — a case accepted today and decided next week is two services.
 */
const SERVICE_FINISHING = ['case.accepted', 'case.decided', 'case.delivered', 'case.rejected'] as const;

/**
 * Whether the case's latest service at this window already has its rating (一次一评, review of
 * issue 15 #3): a `session` rating of the case from a session armed at or after the case's
 * latest service-finishing event at this window (SERVICE_FINISHING). With no such event here,
 * any session rating of the case counts. Instants compared as ISO 8601 UTC strings (one clock:
 * the core's).
 */
export function caseServiceRated(db: Db, caseId: string, windowNumber: number): boolean {
  const finished = statement(
    db,
    `SELECT max(occurred_at) FROM events
      WHERE stream_type = 'case' AND stream_id = ? AND window_number = ? AND type IN (${SERVICE_FINISHING.map(() => '?').join(', ')})`,
  )
    .pluck()
    .get(caseId, windowNumber, ...SERVICE_FINISHING) as string | null;
  return (
    statement(
      db,
      `SELECT 1 FROM ratings r JOIN rating_sessions s ON s.id = r.session_id
        WHERE r.case_id = ? AND r.attribution = 'session' AND s.armed_at >= ? LIMIT 1`,
    ).get(caseId, finished ?? '') !== undefined
  );
}
