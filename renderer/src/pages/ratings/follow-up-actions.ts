/**
 * Which follow-up actions the signed-in person is offered (DOMAIN.md, Ratings; COMMON rules of
 * issue 15): only a 组长 (FOLLOW_UP_CARE) takes a 差评 through 核实 → 回访 → 整改 → 办结 or
 * decides an appeal, never on a rating of their own; the rated staff member alone may appeal,
 * once per follow-up, while it is open. The core refuses anything else anyway; the page only
 * leaves out buttons that would be refused.
 */
import { FOLLOW_UP_CARE, type Role } from '../../../../electron/contract';
import {
  FOLLOW_UP_ACTION_STAGE,
  FOLLOW_UP_ACTIONS,
  type FollowUp,
  type FollowUpAction,
} from '../../../../electron/contract/ratings';

// The acts, their words and their stages are the contract's, the same table the core refuses by.
export { FOLLOW_UP_ACTION_LABELS, FOLLOW_UP_ACTIONS, type FollowUpAction } from '../../../../electron/contract/ratings';

/** Who is looking: the session's staff member. */
export interface Viewer {
  staffId: string;
  role: Role;
}

/** The part of a follow-up the choice depends on. */
export type FollowUpFacts = Pick<FollowUp, 'stage' | 'steps'> & { rating: Pick<FollowUp['rating'], 'staffId'> };

/**
 * The actions `viewer` may take on `followUp` now, in the order the buttons stand. At 整改中 the
 * 组长 first records the measures (整改); 办结 is offered once measures are on record, since
 * closing asks the applicant's verdict on the remedy.
 */
export function allowedActions(followUp: FollowUpFacts, viewer: Viewer): FollowUpAction[] {
  const actions: FollowUpAction[] = [];
  const own = followUp.rating.staffId !== null && followUp.rating.staffId === viewer.staffId;
  const lead = (FOLLOW_UP_CARE as readonly Role[]).includes(viewer.role);
  if (lead && !own) {
    const rectified = followUp.steps.some((s) => s.kind === 'rectified');
    for (const action of FOLLOW_UP_ACTIONS) {
      // `appeal` (stage null) is the rated staff member's own, below.
      if (FOLLOW_UP_ACTION_STAGE[action] !== followUp.stage) continue;
      if (action === 'close' && !rectified) continue;
      actions.push(action);
    }
  }
  const open = followUp.stage !== 'closed' && followUp.stage !== 'appealing';
  if (own && open && !followUp.steps.some((s) => s.kind === 'appealed')) actions.push('appeal');
  return actions;
}

/**
 * Whole days a follow-up is past its due date on `today` (both hall-calendar `YYYY-MM-DD`);
 * 0 when it is not. Calendar days, as the clerk counts them on the wall calendar (the due date
 * itself was counted in working days).
 */
export function daysOverdue(dueDate: string, today: string): number {
  const ms = Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`);
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms / 86_400_000) : 0;
}
