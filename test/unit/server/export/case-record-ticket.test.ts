import { describe, expect, it } from 'vitest';
import { SyncEventSchema } from '../../../../electron/contract/sync/sync-event';
import { caseElementsFromEvents } from '../../../../server/export/case-record';
import { ACCEPTED, caseStream, nationalContext, received } from './export-fixtures';

// Issue 17 §3: a window's `case.accepted` may carry the queue ticket served. The upstream takes
// the new optional field (the sync schema stores payloads as they are; the export reads loose
// objects), and an acceptance without it folds the same as before.

const TICKET = { ticketId: '0193a1b2-0000-7000-8000-000000000005', serviceDay: '2026-11-23', number: 'A005' };

describe('an acceptance carrying the ticket served, upstream', () => {
  it('passes the sync schema and folds into the same case elements as one without it', () => {
    const withTicket = caseStream();
    withTicket.event('case.received', received());
    const accepted = withTicket.event('case.accepted', { ...ACCEPTED, ticket: TICKET });
    expect(SyncEventSchema.safeParse(accepted).success).toBe(true);

    const without = caseStream();
    without.event('case.received', received());
    without.event('case.accepted', ACCEPTED);

    const a = caseElementsFromEvents(withTicket.events, nationalContext());
    const b = caseElementsFromEvents(without.events, nationalContext());
    expect(a.status).toBe('accepted');
    expect({ ...a, caseId: null, steps: a.steps.length }).toEqual({ ...b, caseId: null, steps: b.steps.length });
  });
});
