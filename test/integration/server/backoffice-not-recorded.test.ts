import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_PATHS, type SyncEvent } from '../../../electron/contract/sync';
import type { BackOfficeUser } from '../../../server/backoffice/accounts';
import { listHallCases, recordBackOfficeStep } from '../../../server/backoffice/hall-cases';
import { backOfficePage } from '../../../server/backoffice/page';
import { ACCEPTED, caseStream, received } from '../../unit/server/export/export-fixtures';
import { enrolledToken, post, startLiveApp, type LiveApp } from './server-fixtures';

// An officer decides a case on the upstream's copy while the window, offline, has withdrawn it
// (issue 16 review, finding 7). The window cannot record the decision; it says so on the case
// (case.backOfficeDecisionNotRecorded, with its reason) and that comes up with its next push. The
// back office then shows 窗口未能记录：<reason> instead of waiting for the window forever.

let live: LiveApp;
let token: string;
const officer: BackOfficeUser = { hall: 'JQ', username: 'zhang.wei', displayName: '张伟', department: '区市场监督管理局审批科' };

async function push(events: SyncEvent[]): Promise<void> {
  const answer = await post(`${live.url}${SYNC_PATHS.push}`, { events }, token);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

beforeAll(async () => {
  live = await startLiveApp('pglite', null);
  token = await enrolledToken(live, 'JQ', 12);
}, 180_000);

afterAll(async () => {
  await live?.close();
});

describe('a back-office decision the window could not record', () => {
  it('is shown with the window’s reason, and no longer waits for the window', async () => {
    const c = caseStream('2026-11-23T01:00:00.000Z');
    c.event('case.received', received());
    c.event('case.accepted', ACCEPTED);
    await push(c.events);

    const { changeId } = await recordBackOfficeStep(live.db.pool, officer, c.id, { step: 'decided', outcome: 'approved', reason: '', legalBasis: '' });
    // Meanwhile the applicant withdrew at the window, offline; that comes up first.
    c.event('case.withdrawn', { reason: '申请人主动撤回' });
    await push(c.events.slice(2));
    let [listed] = await listHallCases(live.db.pool, 'JQ');
    // The case stays in the list, as the window has it, with the decision still on its way.
    expect(listed).toMatchObject({ caseId: c.id, status: 'withdrawn', awaitingWindow: 1, notRecorded: [], allowedSteps: [] });

    // The window pulls the decision, cannot record it, and says so on the case.
    const reason = '办件当前状态为“已撤回”，不能记录后台决定';
    c.event('case.backOfficeDecisionNotRecorded', { changeId, step: 'decided', decidedAt: '2026-11-23T05:00:00.000Z', decidedBy: '区市场监督管理局审批科 张伟', reason }, { staff: null });
    await push(c.events.slice(3));
    [listed] = await listHallCases(live.db.pool, 'JQ');
    expect(listed).toMatchObject({
      status: 'withdrawn',
      awaitingWindow: 0,
      decision: null,
      notRecorded: [{ changeId, step: 'decided', decidedBy: '区市场监督管理局审批科 张伟', reason }],
      allowedSteps: [],
    });
    const page = backOfficePage(officer, '', listed ? [listed] : []);
    expect(page).toContain('窗口未能记录：办件当前状态为“已撤回”，不能记录后台决定');
    expect(page).not.toContain('项待窗口同步');
  });
});
