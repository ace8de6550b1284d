import { describe, expect, it } from 'vitest';
import {
  actionAnswered,
  actionSent,
  caseChangeNeedsFetch,
  caseChanged,
  NO_OWN_ACTIONS,
  type OwnActions,
} from '../../../renderer/src/pages/cases/case-change';

const CASE = '0190a1b2-0000-7000-8000-000000000001';
const OTHER = '0190a1b2-0000-7000-8000-000000000002';

describe('a case page and case.changed', () => {
  it('does not read the case again for the version it already holds', () => {
    expect(caseChangeNeedsFetch({ caseId: CASE, version: 4 }, CASE, { version: 4 })).toBe(false);
  });

  it('does not go back for an older version arriving late', () => {
    expect(caseChangeNeedsFetch({ caseId: CASE, version: 3 }, CASE, { version: 4 })).toBe(false);
  });

  it('reads the case again for a newer version', () => {
    expect(caseChangeNeedsFetch({ caseId: CASE, version: 5 }, CASE, { version: 4 })).toBe(true);
  });

  it('reads it when nothing is on screen yet, and ignores other cases', () => {
    expect(caseChangeNeedsFetch({ caseId: CASE, version: 1 }, CASE, null)).toBe(true);
    expect(caseChangeNeedsFetch({ caseId: OTHER, version: 9 }, CASE, { version: 4 })).toBe(false);
    expect(caseChangeNeedsFetch({ caseId: OTHER, version: 9 }, CASE, null)).toBe(false);
  });
});

/**
 * The page's own action: the core announces the change before the call returns, so its event can
 * come before or after the answer. Each step is what the page does: `held` is the case on screen.
 */
describe('a case page, its own action and case.changed', () => {
  const v = (version: number) => ({ version });
  const changed = (own: OwnActions, version: number, held: { version: number } | null, caseId = CASE) =>
    caseChanged(own, { caseId, version }, CASE, held);

  it('event before the answer: holds it, and once the answer (that version) is shown reads nothing', () => {
    const sent = actionSent(NO_OWN_ACTIONS);
    const event = changed(sent, 5, v(4));
    expect(event.fetch).toBe(false);
    const answered = actionAnswered(event.next, v(5));
    expect(answered).toEqual({ next: NO_OWN_ACTIONS, fetch: false });
  });

  it('answer before the event: the event names the version on screen and reads nothing', () => {
    const answered = actionAnswered(actionSent(NO_OWN_ACTIONS), v(5));
    expect(answered).toEqual({ next: NO_OWN_ACTIONS, fetch: false });
    expect(changed(answered.next, 5, v(5)).fetch).toBe(false);
  });

  it('a newer version from elsewhere during the action is read once the answer is shown, never missed', () => {
    const sent = actionSent(NO_OWN_ACTIONS);
    // Ours (5) and, just after it, another window's (6); in either order.
    for (const order of [
      [5, 6],
      [6, 5],
    ]) {
      let own = sent;
      for (const version of order) {
        const d = changed(own, version, v(4));
        expect(d.fetch).toBe(false);
        own = d.next;
      }
      expect(actionAnswered(own, v(5)).fetch).toBe(true);
    }
    // Arriving after the answer, it is read at once.
    const answered = actionAnswered(actionSent(NO_OWN_ACTIONS), v(5));
    expect(changed(answered.next, 6, v(5)).fetch).toBe(true);
  });

  it('a failed action: a change announced meanwhile is read, since the screen still holds the old version', () => {
    const held = changed(actionSent(NO_OWN_ACTIONS), 5, v(4));
    expect(held.fetch).toBe(false);
    expect(actionAnswered(held.next, v(4))).toEqual({ next: NO_OWN_ACTIONS, fetch: true });
    // Nothing announced: nothing to read.
    expect(actionAnswered(actionSent(NO_OWN_ACTIONS), v(4))).toEqual({ next: NO_OWN_ACTIONS, fetch: false });
  });

  it('decides only when the last of overlapping actions has ended, and ignores other cases throughout', () => {
    let own = actionSent(actionSent(NO_OWN_ACTIONS));
    own = changed(own, 7, v(4), OTHER).next;
    expect(own.announced).toBeNull();
    own = changed(own, 6, v(4)).next;
    const first = actionAnswered(own, v(5));
    expect(first.fetch).toBe(false);
    expect(first.next.pending).toBe(1);
    expect(actionAnswered(first.next, v(5)).fetch).toBe(true);
    expect(actionAnswered(first.next, v(6)).fetch).toBe(false);
  });

  it('without an action under way, decides as caseChangeNeedsFetch', () => {
    expect(changed(NO_OWN_ACTIONS, 5, v(4))).toEqual({ next: NO_OWN_ACTIONS, fetch: true });
    expect(changed(NO_OWN_ACTIONS, 4, v(4)).fetch).toBe(false);
    expect(changed(NO_OWN_ACTIONS, 1, null).fetch).toBe(true);
    expect(changed(NO_OWN_ACTIONS, 9, null, OTHER).fetch).toBe(false);
  });
});
