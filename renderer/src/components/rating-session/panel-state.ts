import type { Rating, RatingSession, Satisfaction } from '../../../../electron/contract/ratings';

/** How long the thank-you stays after a coin (ms). */
export const THANKS_MS = 3_000;

/**
 * What the 请评价 panel shows:
 * - `none`: nothing (no session, or it ended);
 * - `asking`: a session is armed — 请评价 with its countdown, or only a small reminder once the
 *   clerk pressed Esc (`hidden`; the session stays armed: staff cannot steer or cancel a rating);
 * - `thanks`: the coin came in; the level's name once its `ratings.received` is here (the
 *   session's `rated` change may come first), gone at `untilMs`.
 * `lastSessionId` remembers the session last asked for, so its rating is thanked for even when
 * the session's end was heard before the rating itself.
 */
export type PanelState =
  | { kind: 'none'; lastSessionId: string | null }
  | { kind: 'asking'; session: RatingSession; hidden: boolean }
  | { kind: 'thanks'; sessionId: string; satisfaction: Satisfaction | null; untilMs: number };

export type PanelEvent =
  /** `ratings.session` answered, or `ratings.sessionChanged` came. */
  | { type: 'session'; session: RatingSession | null; nowMs: number }
  /** `ratings.received` came. */
  | { type: 'received'; rating: Rating; nowMs: number }
  /** Esc, or the reminder clicked. */
  | { type: 'hide' }
  | { type: 'show' }
  /** The thank-you's time is up. */
  | { type: 'thanksOver'; nowMs: number };

export const NO_PANEL: PanelState = { kind: 'none', lastSessionId: null };

function sessionIdOf(state: PanelState): string | null {
  switch (state.kind) {
    case 'none':
      return state.lastSessionId;
    case 'asking':
      return state.session.id;
    case 'thanks':
      return state.sessionId;
  }
}

/** The panel's next state (pure: the component feeds it events and the time). */
export function nextPanelState(state: PanelState, event: PanelEvent): PanelState {
  switch (event.type) {
    case 'session': {
      const { session, nowMs } = event;
      if (session === null) {
        // Ended, expired or superseded without a newer one: a thank-you under way stays.
        return state.kind === 'thanks' ? state : { kind: 'none', lastSessionId: sessionIdOf(state) };
      }
      if (session.state === 'armed') {
        // A thank-you is not cut short by a late copy of the session it thanks for.
        if (state.kind === 'thanks' && state.sessionId === session.id) return state;
        const sameSession = state.kind === 'asking' && state.session.id === session.id;
        return { kind: 'asking', session, hidden: sameSession && state.hidden };
      }
      if (session.state === 'rated' && sessionIdOf(state) === session.id) {
        if (state.kind === 'thanks') return state;
        return { kind: 'thanks', sessionId: session.id, satisfaction: null, untilMs: nowMs + THANKS_MS };
      }
      if (state.kind === 'asking' && state.session.id === session.id) return { kind: 'none', lastSessionId: session.id };
      return state;
    }
    case 'received': {
      const { rating, nowMs } = event;
      if (rating.sessionId === null || rating.sessionId !== sessionIdOf(state)) return state;
      // The name is shown for the whole while, even when the session's `rated` came first.
      return { kind: 'thanks', sessionId: rating.sessionId, satisfaction: rating.satisfaction, untilMs: nowMs + THANKS_MS };
    }
    case 'hide':
      return state.kind === 'asking' ? { ...state, hidden: true } : state;
    case 'show':
      return state.kind === 'asking' ? { ...state, hidden: false } : state;
    case 'thanksOver':
      return state.kind === 'thanks' && event.nowMs >= state.untilMs ? { kind: 'none', lastSessionId: state.sessionId } : state;
  }
}
