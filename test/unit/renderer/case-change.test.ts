import { describe, expect, it } from 'vitest';
import { caseChangeNeedsFetch } from '../../../renderer/src/pages/cases/case-change';

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
