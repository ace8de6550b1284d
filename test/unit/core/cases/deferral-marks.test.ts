import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../../electron/core/cases/case-events';
import { foldCase } from '../../../../electron/core/cases/case-lifecycle';
import { caseEventMaker, foodLicenceSnapshot } from '../../../support/case-events';

const ITEM = foodLicenceSnapshot([{ id: 'P', name: '场所平面图', form: 'copy', copies: 1, required: true, key: false, note: null }]);

const event = caseEventMaker('2026-12-28');

const received = event('case.received', {
  caseNumber: 'JQ-12-20261228-0001',
  receivedDate: '2026-12-28',
  item: ITEM,
  applicant: { kind: 'person', name: '张三', idType: 'resident_id_card', idNumber: '11010519491231002X', mobile: '13812345678', address: '' },
  agent: null,
  receipts: [{ materialId: 'K', received: true, form: 'original', copies: 1, defective: false, defectNote: '' }],
} as Extract<CaseEvent, { type: 'case.received' }>['payload']);

const due = { acceptanceDate: '2026-12-28', promisedDueDate: '2027-01-05', legalDueDate: '2027-01-12', promisedDueProvisional: true, legalDueProvisional: true };

describe('the 暂定 mark of a 容缺 due date in the case state', () => {
  it('is read from the acceptance, and is false for an acceptance stored before the mark existed', () => {
    const marked = event('case.accepted', {
      ...due,
      deferrals: [
        { materialId: 'N', name: '健康证明', dueDate: '2026-12-30', dueProvisional: false },
        { materialId: 'P', name: '场所平面图', dueDate: '2027-01-04', dueProvisional: true },
      ],
    });
    expect(foldCase('c1', [received, marked]).deferrals.map((d) => [d.materialId, d.dueProvisional])).toEqual([
      ['N', false],
      ['P', true],
    ]);
    const old = event('case.accepted', { ...due, deferrals: [{ materialId: 'P', name: '场所平面图', dueDate: '2027-01-04' }] });
    expect(foldCase('c1', [received, old]).deferrals[0]?.dueProvisional).toBe(false);
  });

  it('follows a recompute that names it, and stays as it was when a recompute does not', () => {
    const accepted = event('case.accepted', {
      ...due,
      deferrals: [
        { materialId: 'N', name: '健康证明', dueDate: '2026-12-30', dueProvisional: false },
        { materialId: 'P', name: '场所平面图', dueDate: '2027-01-04', dueProvisional: true },
      ],
    });
    const recompute = (deferrals?: Array<{ materialId: string; dueProvisional: boolean }>) =>
      event('case.deadlineRecomputed', {
        promisedDueDate: '2027-01-05',
        legalDueDate: '2027-01-12',
        promisedDueProvisional: false,
        legalDueProvisional: false,
        previous: { promisedDueDate: '2027-01-05', legalDueDate: '2027-01-12', promisedDueProvisional: true, legalDueProvisional: true },
        calendarYears: [2026, 2027],
        ...(deferrals ? { deferrals } : {}),
      });
    const settled = foldCase('c1', [received, accepted, recompute([{ materialId: 'P', dueProvisional: false }])]);
    expect(settled.deferrals.map((d) => d.dueProvisional)).toEqual([false, false]);
    expect(settled.deferrals.map((d) => d.dueDate)).toEqual(['2026-12-30', '2027-01-04']);
    const silent = foldCase('c1', [received, accepted, recompute()]);
    expect(silent.deferrals.map((d) => d.dueProvisional)).toEqual([false, true]);
  });
});
