import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Rating, RatingSession } from '../../../../electron/contract/ratings';
import { nextPanelState, NO_PANEL, THANKS_MS, type PanelState } from '../../../../renderer/src/components/rating-session/panel-state';
import { countdownText, secondsLeft } from '../../../../renderer/src/components/rating-session/countdown';
import { scaleStep } from '../../../../renderer/src/shared/rating-words';

const T0 = Date.parse('2026-11-30T08:00:00Z');

function session(id: string, over: Partial<RatingSession> = {}): RatingSession {
  return {
    id,
    deviceSessionId: 7,
    state: 'armed',
    caseId: '00000000-0000-4000-8000-0000000000c1',
    caseNumber: 'HX-7-20261130-0001',
    serviceLabel: 'HX-7-20261130-0001 已办结',
    staffId: '00000000-0000-4000-8000-0000000000a1',
    armedAt: new Date(T0).toISOString(),
    expiresAt: new Date(T0 + 60_000).toISOString(),
    deviceArmed: true,
    ratingId: null,
    ...over,
  };
}

function rating(sessionId: string | null, satisfaction: Rating['satisfaction'] = 'satisfied'): Rating {
  return {
    id: '00000000-0000-4000-8000-0000000000f1',
    satisfaction,
    receivedAt: new Date(T0 + 5_000).toISOString(),
    ratedAt: new Date(T0 + 5_000).toISOString(),
    attribution: sessionId ? 'session' : 'on_duty',
    sessionId,
    caseId: null,
    caseNumber: null,
    itemCode: null,
    itemName: null,
    staffId: null,
    staffName: null,
    hallCode: 'HX',
    windowNumber: 7,
    origin: { protocol: 'v1', deviceSerial: 'RD-1', deviceEventId: 1, address: 1, slot: 1, deviceTime: null },
    followUpId: null,
    excluded: false,
  };
}

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

describe('the 请评价 panel', () => {
  it('asks while a session is armed, and thanks with the level name when its coin comes', () => {
    let s: PanelState = nextPanelState(NO_PANEL, { type: 'session', session: session(A), nowMs: T0 });
    expect(s.kind).toBe('asking');
    s = nextPanelState(s, { type: 'received', rating: rating(A, 'very_satisfied'), nowMs: T0 + 5_000 });
    expect(s).toEqual({ kind: 'thanks', sessionId: A, satisfaction: 'very_satisfied', untilMs: T0 + 5_000 + THANKS_MS });
    // The session's end (rated, then none) does not cut the thank-you short.
    s = nextPanelState(s, { type: 'session', session: session(A, { state: 'rated' }), nowMs: T0 + 5_100 });
    s = nextPanelState(s, { type: 'session', session: null, nowMs: T0 + 5_200 });
    expect(s.kind).toBe('thanks');
    expect(nextPanelState(s, { type: 'thanksOver', nowMs: T0 + 6_000 }).kind).toBe('thanks');
    expect(nextPanelState(s, { type: 'thanksOver', nowMs: T0 + 5_000 + THANKS_MS }).kind).toBe('none');
  });

  it('thanks even when the session ended before its rating was heard', () => {
    let s = nextPanelState(NO_PANEL, { type: 'session', session: session(A), nowMs: T0 });
    s = nextPanelState(s, { type: 'session', session: null, nowMs: T0 + 4_000 });
    expect(s.kind).toBe('none');
    s = nextPanelState(s, { type: 'received', rating: rating(A, 'dissatisfied'), nowMs: T0 + 4_100 });
    expect(s).toMatchObject({ kind: 'thanks', satisfaction: 'dissatisfied' });
  });

  it('a rated session first shows thanks without a name, which its rating then fills for a full 3 s', () => {
    let s = nextPanelState(NO_PANEL, { type: 'session', session: session(A), nowMs: T0 });
    s = nextPanelState(s, { type: 'session', session: session(A, { state: 'rated' }), nowMs: T0 + 1_000 });
    expect(s).toMatchObject({ kind: 'thanks', satisfaction: null });
    s = nextPanelState(s, { type: 'received', rating: rating(A, 'basically_satisfied'), nowMs: T0 + 2_000 });
    expect(s).toMatchObject({ kind: 'thanks', satisfaction: 'basically_satisfied', untilMs: T0 + 2_000 + THANKS_MS });
  });

  it('does not thank for a coin of no session or of another session', () => {
    const asking = nextPanelState(NO_PANEL, { type: 'session', session: session(A), nowMs: T0 });
    expect(nextPanelState(asking, { type: 'received', rating: rating(null), nowMs: T0 })).toBe(asking);
    expect(nextPanelState(asking, { type: 'received', rating: rating(B), nowMs: T0 })).toBe(asking);
    expect(nextPanelState(NO_PANEL, { type: 'received', rating: rating(null), nowMs: T0 })).toBe(NO_PANEL);
  });

  it('Esc folds the panel for that session only; a new session asks in full again; expiry ends it', () => {
    let s = nextPanelState(NO_PANEL, { type: 'session', session: session(A, { deviceArmed: false }), nowMs: T0 });
    s = nextPanelState(s, { type: 'hide' });
    expect(s).toMatchObject({ kind: 'asking', hidden: true });
    // The device came back: same session, still folded, now armed.
    s = nextPanelState(s, { type: 'session', session: session(A, { deviceArmed: true }), nowMs: T0 + 1_000 });
    expect(s).toMatchObject({ kind: 'asking', hidden: true, session: { deviceArmed: true } });
    s = nextPanelState(s, { type: 'session', session: session(B), nowMs: T0 + 2_000 });
    expect(s).toMatchObject({ kind: 'asking', hidden: false, session: { id: B } });
    s = nextPanelState(s, { type: 'session', session: session(B, { state: 'expired' }), nowMs: T0 + 62_000 });
    expect(s.kind).toBe('none');
  });
});

describe('the countdown', () => {
  it('counts whole seconds up, never below zero', () => {
    const end = new Date(T0 + 60_000).toISOString();
    expect(secondsLeft(end, T0)).toBe(60);
    expect(secondsLeft(end, T0 + 1)).toBe(60);
    expect(secondsLeft(end, T0 + 59_001)).toBe(1);
    expect(secondsLeft(end, T0 + 60_000)).toBe(0);
    expect(secondsLeft(end, T0 + 90_000)).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 200_000 }), (dt) => {
        const left = secondsLeft(end, T0 + dt);
        return left >= 0 && left <= 161 && (dt >= 60_000 ? left === 0 : left * 1000 >= 60_000 - dt);
      }),
    );
  });

  it('reads as minutes and seconds', () => {
    expect(countdownText(60)).toBe('1:00');
    expect(countdownText(59)).toBe('0:59');
    expect(countdownText(5)).toBe('0:05');
    expect(countdownText(0)).toBe('0:00');
  });

  it('draws 非常满意 with five steps and 非常不满意 with one', () => {
    expect(scaleStep('very_satisfied')).toBe(5);
    expect(scaleStep('basically_satisfied')).toBe(3);
    expect(scaleStep('very_dissatisfied')).toBe(1);
  });
});
