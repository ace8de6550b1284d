import { v7 as uuidv7 } from 'uuid';
import { CASE_STATUS_LABELS, type CaseStatus } from '../../electron/contract/cases';
import { BackOfficeDecisionSchema, type SyncEvent } from '../../electron/contract/sync';
import type { z } from 'zod';
import type { BackOfficeStep as CaseBackOfficeStep, CaseEvent } from '../../electron/core/cases/case-events';
import { applyCaseEvent, foldCase, transitionProblem } from '../../electron/core/cases/case-lifecycle';
import type { CaseState } from '../../electron/core/cases/case-state';
import { publishChange } from '../changes/publish';
import type { Queryable } from '../db/queryable';
import { inTransaction } from '../db/transaction';
import type { Pool } from 'pg';
import type { BackOfficeUser } from './accounts';

// The hall's cases as the back office sees them: each case's stored events folded by the
// window's own fold (core/cases/case-lifecycle.ts), then the decisions the back office already
// published but the window has not yet echoed back (a case.backOfficeDecided with that change
// id), so an officer sees what they did at once and cannot decide the same case twice. A step the
// window could not record (the case withdrawn there while the officer decided on this older copy)
// comes back as case.backOfficeDecisionNotRecorded with the window's reason: it no longer waits,
// and the page says 窗口未能记录：<reason>.

type BackOfficeDecision = z.infer<typeof BackOfficeDecisionSchema>;
/** A back-office step as the wire carries it (contract/sync/pull.ts BackOfficeStepSchema). */
export type WireBackOfficeStep = BackOfficeDecision['decision'];

/** One case in the back office's list. */
export interface BackOfficeCase {
  caseId: string;
  caseNumber: string;
  window: number;
  itemName: string;
  department: string;
  applicantName: string;
  status: CaseStatus;
  statusLabel: string;
  receivedAt: string;
  promisedDueDate: string | null;
  decision: { outcome: 'approved' | 'refused'; reason: string; legalBasis: string; decidedBy: string | null } | null;
  readyForPickup: boolean;
  /** Decisions published here that the case's window has not yet pulled and recorded. */
  awaitingWindow: number;
  /** Steps published here that the case's window could not record, with its reason (Chinese words). */
  notRecorded: Array<{ changeId: string; step: WireBackOfficeStep['step']; decidedBy: string; decidedAt: string; reason: string }>;
  /** The back-office steps the case's state allows now. */
  allowedSteps: Array<WireBackOfficeStep['step']>;
}

/** A case the back office cannot act on, with the words to show. */
export class BackOfficeCaseError extends Error {
  constructor(
    message: string,
    readonly status: 404 | 409,
  ) {
    super(message);
  }
}

function toCaseEvent(e: SyncEvent): CaseEvent {
  // The window wrote these payloads with its own types; the server stored them as sent.
  return { type: e.type, id: e.id, occurredAt: e.occurredAt, staffId: e.staff, hallCode: e.hall, windowNumber: e.window, payload: e.payload } as CaseEvent;
}

function asBackOfficeEvent(state: CaseState, change: BackOfficeDecision): CaseEvent {
  const d = change.decision;
  const step: CaseBackOfficeStep = d.step === 'decided' ? { ...d, itemType: state.item.itemType ?? null } : d;
  return {
    type: 'case.backOfficeDecided',
    id: change.id,
    occurredAt: change.decidedAt,
    staffId: null,
    hallCode: state.hallCode,
    windowNumber: state.windowNumber,
    payload: { ...step, changeId: change.id, decidedAt: change.decidedAt, decidedBy: change.decidedBy },
  };
}

interface Projected {
  state: CaseState;
  awaitingWindow: number;
  notRecorded: BackOfficeCase['notRecorded'];
}

/** What the window said of a step it could not record (case.backOfficeDecisionNotRecorded). */
function notRecordedOf(e: SyncEvent): BackOfficeCase['notRecorded'][number] | null {
  const p = e.payload;
  const step = p['step'];
  if (typeof p['changeId'] !== 'string' || (step !== 'reviewStarted' && step !== 'decided' && step !== 'readyForPickup')) return null;
  return {
    changeId: p['changeId'],
    step,
    decidedBy: typeof p['decidedBy'] === 'string' ? p['decidedBy'] : '',
    decidedAt: typeof p['decidedAt'] === 'string' ? p['decidedAt'] : e.occurredAt,
    reason: typeof p['reason'] === 'string' ? p['reason'] : '',
  };
}

/** Folds each case's events and its not-yet-echoed published decisions. Cases that do not fold are left out. */
async function project(db: Queryable, hall: string, caseIds: readonly string[]): Promise<Map<string, Projected>> {
  const out = new Map<string, Projected>();
  if (caseIds.length === 0) return out;
  const { rows } = await db.query<{ id: string; stream_id: string; stream_version: number; type: string; occurred_at: Date; window_number: number; staff: string | null; payload: Record<string, unknown> }>(
    `SELECT id, stream_id, stream_version, type, occurred_at, window_number, staff, payload FROM events
      WHERE hall = $1 AND stream_type = 'case' AND stream_id = ANY($2::uuid[]) ORDER BY stream_id, stream_version`,
    [hall, caseIds],
  );
  const byCase = new Map<string, SyncEvent[]>();
  for (const r of rows) {
    const list = byCase.get(r.stream_id) ?? [];
    list.push({ id: r.id, stream: { type: 'case', id: r.stream_id }, version: r.stream_version, type: r.type, occurredAt: r.occurred_at.toISOString(), hall, window: r.window_number, staff: r.staff, payload: r.payload });
    byCase.set(r.stream_id, list);
  }
  const { rows: published } = await db.query<{ body: unknown }>(
    `SELECT body FROM changes WHERE hall = $1 AND kind = 'case.backOfficeDecision' AND body->>'caseId' = ANY($2::text[]) ORDER BY seq`,
    [hall, caseIds],
  );
  const pending = new Map<string, BackOfficeDecision[]>();
  for (const row of published) {
    const change = BackOfficeDecisionSchema.parse(row.body);
    pending.set(change.caseId, [...(pending.get(change.caseId) ?? []), change]);
  }
  for (const [caseId, events] of byCase) {
    try {
      let state = foldCase(caseId, events.map(toCaseEvent));
      const echoed = new Set(events.filter((e) => e.type === 'case.backOfficeDecided').map((e) => String(e.payload['changeId'])));
      const notRecorded = events.filter((e) => e.type === 'case.backOfficeDecisionNotRecorded').flatMap((e) => notRecordedOf(e) ?? []);
      for (const n of notRecorded) echoed.add(n.changeId);
      let awaitingWindow = 0;
      for (const change of pending.get(caseId) ?? []) {
        if (echoed.has(change.id)) continue;
        awaitingWindow++;
        // The window moved on before it pulled this step (its events came up first): the step
        // waits for the window's answer, which will be that it could not record it.
        const event = asBackOfficeEvent(state, change);
        if (transitionProblem(state, event) === null) state = applyCaseEvent(state, event);
      }
      out.set(caseId, { state, awaitingWindow, notRecorded });
    } catch {
      // A history the fold refuses is the window's to explain; the list shows what it can.
    }
  }
  return out;
}

function allowedSteps(state: CaseState): BackOfficeCase['allowedSteps'] {
  const steps: BackOfficeCase['allowedSteps'] = [];
  if (state.status === 'accepted') steps.push('reviewStarted');
  if (state.status === 'accepted' || state.status === 'in_review') steps.push('decided');
  if (state.status === 'decided' && !state.readyForPickup) steps.push('readyForPickup');
  return steps;
}

function view({ state, awaitingWindow, notRecorded }: Projected): BackOfficeCase {
  return {
    caseId: state.id,
    caseNumber: state.caseNumber,
    window: state.windowNumber,
    itemName: state.item.name,
    department: state.item.department,
    applicantName: state.applicant.name,
    status: state.status,
    statusLabel: CASE_STATUS_LABELS[state.status],
    receivedAt: state.receivedAt,
    promisedDueDate: state.promisedDueDate,
    decision: state.decision
      ? { outcome: state.decision.outcome, reason: state.decision.reason, legalBasis: state.decision.legalBasis, decidedBy: state.decision.decidedBy ?? null }
      : null,
    readyForPickup: Boolean(state.readyForPickup),
    awaitingWindow,
    notRecorded,
    allowedSteps: allowedSteps(state),
  };
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The hall's cases, newest first (by the server's order of their 收件), at most `limit`; with
 * `q`, only those whose case number, applicant name or item name contains it.
 */
export async function listHallCases(db: Queryable, hall: string, options: { q?: string; limit?: number } = {}): Promise<BackOfficeCase[]> {
  const q = (options.q ?? '').trim();
  const { rows } = await db.query<{ stream_id: string }>(
    `SELECT stream_id FROM events
      WHERE hall = $1 AND stream_type = 'case' AND type = 'case.received'
        AND ($2 = '' OR payload->>'caseNumber' ILIKE $3 OR payload->'applicant'->>'name' ILIKE $3 OR payload->'item'->>'name' ILIKE $3)
      ORDER BY seq DESC LIMIT $4`,
    [hall, q, likePattern(q), options.limit ?? 100],
  );
  const ids = rows.map((r) => r.stream_id);
  const projected = await project(db, hall, ids);
  return ids.flatMap((id) => {
    const p = projected.get(id);
    return p ? [view(p)] : [];
  });
}

/**
 * Records a back-office step on a case: checked against the case's state (the window's own rule
 * for back-office steps, after the decisions already published) and published as a
 * `case.backOfficeDecision` change to the case's window only. Serialised per case, so two
 * officers cannot both decide it. Throws BackOfficeCaseError (404 unknown case, 409 a step its
 * state does not allow, with the window's words).
 */
export async function recordBackOfficeStep(
  pool: Pool,
  user: BackOfficeUser,
  caseId: string,
  decision: WireBackOfficeStep,
  now: () => Date = () => new Date(),
): Promise<{ changeId: string; case: BackOfficeCase }> {
  return inTransaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('counter.backoffice'), hashtext($1))`, [caseId]);
    const projected = (await project(client, user.hall, [caseId])).get(caseId);
    if (!projected) throw new BackOfficeCaseError('本大厅没有这个办件', 404);
    const change = BackOfficeDecisionSchema.parse({
      kind: 'case.backOfficeDecision',
      id: uuidv7(),
      caseId,
      caseNumber: projected.state.caseNumber,
      decision,
      decidedAt: now().toISOString(),
      decidedBy: `${user.department} ${user.displayName}`,
    });
    const event = asBackOfficeEvent(projected.state, change);
    const problem = transitionProblem(projected.state, event);
    if (problem) throw new BackOfficeCaseError(problem.message, 409);
    await publishChange(client, user.hall, change, projected.state.windowNumber);
    const after: Projected = { ...projected, state: applyCaseEvent(projected.state, event), awaitingWindow: projected.awaitingWindow + 1 };
    return { changeId: change.id, case: view(after) };
  });
}
