import { describe, expect, it } from 'vitest';
import type { FollowUpStage, FollowUpStepKind } from '../../../electron/contract/ratings';
import { allowedActions, daysOverdue, type FollowUpFacts } from '../../../renderer/src/pages/ratings/follow-up-actions';
import { primaryAction } from '../../../renderer/src/pages/ratings/ratings-keys';

const RATED = '00000000-0000-4000-8000-000000000001';
const LEAD = { staffId: '00000000-0000-4000-8000-000000000002', role: 'lead' as const };
const CLERK = { staffId: '00000000-0000-4000-8000-000000000003', role: 'clerk' as const };

function followUp(stage: FollowUpStage, kinds: FollowUpStepKind[] = ['opened']): FollowUpFacts {
  return {
    stage,
    rating: { staffId: RATED },
    steps: kinds.map((kind) => ({ kind, at: '2026-11-30T01:00:00.000Z', staffId: null, staffName: null, note: '', verdict: null, upheld: null })),
  };
}

describe('the follow-up buttons a person is offered', () => {
  it('takes a 组长 through 核实 → 回访 → 整改 → 办结', () => {
    expect(allowedActions(followUp('verifying'), LEAD)).toEqual(['verify']);
    expect(allowedActions(followUp('revisiting', ['opened', 'verified']), LEAD)).toEqual(['revisit']);
    expect(allowedActions(followUp('rectifying', ['opened', 'verified', 'revisited']), LEAD)).toEqual(['rectify']);
    expect(allowedActions(followUp('rectifying', ['opened', 'verified', 'revisited', 'rectified']), LEAD)).toEqual(['rectify', 'close']);
    expect(allowedActions(followUp('closed'), LEAD)).toEqual([]);
    expect(allowedActions(followUp('appealing', ['opened', 'appealed']), LEAD)).toEqual(['decideAppeal']);
  });

  it('offers a clerk nothing on someone else’s 差评', () => {
    for (const stage of ['verifying', 'revisiting', 'rectifying', 'appealing', 'closed'] as const) {
      expect(allowedActions(followUp(stage), CLERK)).toEqual([]);
    }
  });

  it('lets the rated person appeal once while it is open, and never act on it', () => {
    const ratedClerk = { staffId: RATED, role: 'clerk' as const };
    const ratedLead = { staffId: RATED, role: 'lead' as const };
    expect(allowedActions(followUp('verifying'), ratedClerk)).toEqual(['appeal']);
    expect(allowedActions(followUp('verifying'), ratedLead)).toEqual(['appeal']);
    expect(allowedActions(followUp('revisiting', ['opened', 'appealed', 'appealDecided']), ratedClerk)).toEqual([]);
    expect(allowedActions(followUp('appealing', ['opened', 'appealed']), ratedLead)).toEqual([]);
    expect(allowedActions(followUp('closed'), ratedClerk)).toEqual([]);
  });

  it('puts Alt+U on the step that is left', () => {
    expect(primaryAction(['rectify', 'close'])).toBe('close');
    expect(primaryAction(['verify'])).toBe('verify');
    expect(primaryAction(['appeal'])).toBe('appeal');
    expect(primaryAction([])).toBeUndefined();
  });
});

describe('days overdue', () => {
  it('counts calendar days past the due date, 0 when not past', () => {
    expect(daysOverdue('2026-11-27', '2026-11-30')).toBe(3);
    expect(daysOverdue('2026-11-30', '2026-11-30')).toBe(0);
    expect(daysOverdue('2026-12-01', '2026-11-30')).toBe(0);
    // Over a month's end and a DST-free zone: whole days.
    expect(daysOverdue('2026-10-31', '2026-11-02')).toBe(2);
  });
});
