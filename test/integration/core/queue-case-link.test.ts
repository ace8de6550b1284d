import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../electron/core/clock';
import { loadCaseEvents } from '../../../electron/core/cases/case-repository';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs } from '../../support/intake-args';

// Issue 17 §3 through the real core on a real SQLite file: the ticket being served links to the
// case accepted for it (the case's `case.accepted` and its view carry the ticket), and finishing
// the ticket arms 一次一评 for that case.

function movableClock(start: string): Clock & { set(iso: string): void } {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    set(iso) {
      now = Date.parse(iso);
    },
  };
}

const QUEUE = {
  resetHour: 4,
  policy: { kind: 'strict' },
  categories: [{ letter: 'A', name: '企业开办', windows: [12] }],
  fallbackSlot: 1,
};

const open: TestCore[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

describe('the ticket at the counter and the case accepted for it', () => {
  it('records the ticket on the accepted case, shows it, and arms the rating for that case when the ticket is finished', async () => {
    const clock = movableClock('2026-12-01T01:00:00.000Z');
    const t = await createTestCore({
      clock,
      config: { ...JQ_WINDOW_12, queue: QUEUE, devices: { ratingDevice: { type: 'serial', path: '/dev/null-rating-device-absent' } } },
    });
    open.push(t);
    await t.signIn();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const complete = () => intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' });

    const issued = await t.call('queue.issue', { letter: 'A' });
    await t.call('queue.press', { action: { kind: 'callNext' } });
    clock.set('2026-12-01T01:05:00.000Z');
    const accepted = await t.call('intake.submit', complete());
    const ticket = { ticketId: issued.ticket.id, serviceDay: '2026-12-01', number: 'A5000' };
    expect(accepted.acceptedTicket).toEqual(ticket);
    expect((await t.call('cases.get', { caseId: accepted.id })).acceptedTicket).toEqual(ticket);
    expect(accepted.timeline.find((entry) => entry.title === '受理')?.lines).toContain('号票 A5000');

    // The event is the record (and what goes upstream): the ticket is in the accepted event's payload.
    const db = new Database(path.join(t.dataDir, 'counter.sqlite'), { readonly: true });
    try {
      const events = loadCaseEvents(db, accepted.id);
      const acceptance = events.find((e) => e.type === 'case.accepted');
      expect(acceptance?.payload).toMatchObject({ ticket });
    } finally {
      db.close();
    }

    // 办结 of the ticket arms 一次一评 for the case accepted for it.
    clock.set('2026-12-01T01:10:00.000Z');
    await t.call('queue.press', { action: { kind: 'finish' } });
    const session = await t.call('ratings.session', {});
    expect(session).toMatchObject({ caseId: accepted.id, serviceLabel: `A5000 号 办结 · ${accepted.caseNumber} 已受理`, state: 'armed' });

    // With no ticket at the counter, a case is accepted all the same, with no ticket.
    clock.set('2026-12-01T01:15:00.000Z');
    const walkIn = await t.call('intake.submit', complete());
    expect(walkIn.acceptedTicket).toBeNull();

    // The next ticket served with no case accepted: its rating is for the ticket alone.
    await t.call('queue.issue', { letter: 'A' });
    clock.set('2026-12-01T01:20:00.000Z');
    await t.call('queue.press', { action: { kind: 'callNext' } });
    clock.set('2026-12-01T01:25:00.000Z');
    await t.call('queue.press', { action: { kind: 'finish' } });
    expect(await t.call('ratings.session', {})).toMatchObject({ caseId: null, serviceLabel: 'A5001 号 办结' });
  });
});
