import type { EventPayload } from '../../../../electron/contract';

type CaseChanged = Pick<EventPayload<'case.changed'>, 'caseId' | 'version'>;

/**
 * Whether a `case.changed` event should make a page read its case again. Not for another case;
 * not when the page already holds the version the event announces, or a later one.
 * `held` null: the page has no case on screen yet (loading, or the load failed), so it reads it.
 * While the page's own action on the case is under way, ask `ownActions` instead.
 */
export function caseChangeNeedsFetch(event: CaseChanged, caseId: string, held: { version: number } | null): boolean {
  if (event.caseId !== caseId) return false;
  return held === null || event.version > held.version;
}

/**
 * What a case page knows of its own actions on its case, to decide about `case.changed`.
 *
 * The core announces a change once it is committed, before the call that made it returns, so
 * the event of the page's own action usually arrives BEFORE the action's answer (over IPC in
 * order; over the WebSocket and HTTP in either order). Judged on arrival it names a version the
 * page does not hold yet, and the page would read the case it is about to be given. So while an
 * action is under way the events for the case are held (only the newest version counts), and
 * judged once the answer is on screen: the action's own version is then held already, and only
 * a change made elsewhere meanwhile (another window, a deadline recompute) is read.
 */
export interface OwnActions {
  /** Actions on this case sent and not yet answered. */
  readonly pending: number;
  /** The newest version announced for this case while an action was pending; null for none. */
  readonly announced: number | null;
}

export const NO_OWN_ACTIONS: OwnActions = { pending: 0, announced: null };

/** The next state, and whether the case should be read now. */
export interface OwnActionsDecision {
  next: OwnActions;
  fetch: boolean;
}

/** An action on the case has been sent. */
export function actionSent(own: OwnActions): OwnActions {
  return { pending: own.pending + 1, announced: own.announced };
}

/**
 * A `case.changed` event arrived. `held`: the case on screen (null when none). Without an
 * action under way, as caseChangeNeedsFetch; during one, the event is kept for actionAnswered.
 */
export function caseChanged(own: OwnActions, event: CaseChanged, caseId: string, held: { version: number } | null): OwnActionsDecision {
  if (event.caseId !== caseId) return { next: own, fetch: false };
  if (own.pending === 0) return { next: own, fetch: caseChangeNeedsFetch(event, caseId, held) };
  const announced = own.announced === null ? event.version : Math.max(own.announced, event.version);
  return { next: { pending: own.pending, announced }, fetch: false };
}

/**
 * An action's call has ended, answered or failed. `held`: the case on screen once its answer has
 * been shown (after a failure, what was there before). When no other action is still under way,
 * the case is read if a version newer than that was announced meanwhile.
 */
export function actionAnswered(own: OwnActions, held: { version: number } | null): OwnActionsDecision {
  const pending = Math.max(0, own.pending - 1);
  if (pending > 0) return { next: { pending, announced: own.announced }, fetch: false };
  const fetch = own.announced !== null && (held === null || own.announced > held.version);
  return { next: NO_OWN_ACTIONS, fetch };
}
