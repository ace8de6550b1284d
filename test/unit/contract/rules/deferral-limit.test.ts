import { describe, expect, it } from 'vitest';
import { deferralDueDateProblem, deferralLimit } from '../../../../electron/contract/rules/deferral-limit';

const due = { promisedDueDate: '2026-11-30', legalDueDate: '2026-12-07' };

describe('the due date of a deferred (容缺) material', () => {
  it('may not lie beyond the promised date of a 承诺件', () => {
    const limit = deferralLimit('promised', due);
    expect(deferralDueDateProblem('2026-11-30', '2026-11-23', limit)).toBeNull();
    expect(deferralDueDateProblem('2026-12-01', '2026-11-23', limit)).toBe('补交期限不能晚于承诺办结日 2026-11-30');
  });

  it('is bounded by the legal date for a 即办件, which is itself due the same day', () => {
    const limit = deferralLimit('immediate', { promisedDueDate: '2026-11-23', legalDueDate: '2026-11-26' });
    expect(deferralDueDateProblem('2026-11-26', '2026-11-23', limit)).toBeNull();
    expect(deferralDueDateProblem('2099-12-31', '2026-11-23', limit)).toBe('补交期限不能晚于法定办结日 2026-11-26');
  });

  it('carries the 暂定 mark of the deadline it is bounded by into its message', () => {
    const provisional = { ...due, promisedDueDate: '2027-01-05', promisedDueProvisional: true, legalDueProvisional: true };
    const limit = deferralLimit('promised', provisional);
    expect(limit).toEqual({ date: '2027-01-05', label: '承诺办结日', provisional: true });
    expect(deferralDueDateProblem('2027-01-06', '2026-12-28', limit)).toBe('补交期限不能晚于承诺办结日 2027-01-05（暂定）');
    expect(deferralLimit('promised', due).provisional).toBe(false);
  });

  it('must come after the acceptance day, and cannot exist at all when the case is due that day', () => {
    expect(deferralDueDateProblem('2026-11-23', '2026-11-23', deferralLimit('joint', due))).toBe('补交期限应晚于受理日');
    const sameDay = deferralLimit('immediate', { promisedDueDate: '2026-11-23', legalDueDate: '2026-11-23' });
    expect(deferralDueDateProblem('2026-11-24', '2026-11-23', sameDay)).toContain('不能容缺受理');
  });

  it('before the case’s deadlines are known, is held only to coming after the acceptance day', () => {
    expect(deferralDueDateProblem('2026-11-23', '2026-11-23', null)).toBe('补交期限应晚于受理日');
    expect(deferralDueDateProblem('2026-11-22', '2026-11-23', null)).toBe('补交期限应晚于受理日');
    expect(deferralDueDateProblem('2099-12-31', '2026-11-23', null)).toBeNull();
  });
});
