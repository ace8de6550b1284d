import { describe, expect, it } from 'vitest';
import { withTicket } from '../../../../electron/core/cases/case-commands';
import type { CaseEvent } from '../../../../electron/core/cases/case-events';
import { acceptedTicketOf, caseAcceptedForTicket } from '../../../../electron/core/cases/ticket-link';
import type { Db } from '../../../../electron/core/storage/database';
import { MIGRATIONS } from '../../../../electron/core/storage/migrations';
import { queueServiceArm } from '../../../../electron/core/ratings/ratings-module';
import { databaseAt } from '../storage/migrations/migrate-to';

// Issue 17 §3: the ticket at the counter on the case accepted for it, and the rating it arms.

const TICKET = { ticketId: '0193a1b2-0000-7000-8000-000000000001', serviceDay: '2026-12-01', number: 'A005' };
const ACCEPTED = {
  acceptanceDate: '2026-12-01',
  promisedDueDate: '2026-12-08',
  legalDueDate: '2026-12-15',
  promisedDueProvisional: false,
  legalDueProvisional: false,
  deferrals: [],
};

function event(type: 'case.accepted', payload: object): CaseEvent {
  return { type, id: 'e', occurredAt: '2026-12-01T01:00:00.000Z', staffId: null, hallCode: 'JQ', windowNumber: 12, payload } as CaseEvent;
}

describe('withTicket', () => {
  it('puts the ticket on an acceptance only', () => {
    expect(withTicket({ type: 'case.accepted' as const, payload: ACCEPTED }, TICKET).payload).toEqual({ ...ACCEPTED, ticket: TICKET });
    const correction = { type: 'case.correctionRequested' as const, payload: { items: [], note: '' } };
    expect(withTicket(correction, TICKET)).toBe(correction);
  });

  it('leaves the acceptance as it was with no ticket at the counter', () => {
    const body = { type: 'case.accepted' as const, payload: ACCEPTED };
    expect(withTicket(body, null)).toBe(body);
    expect('ticket' in withTicket(body, null).payload).toBe(false);
  });
});

describe('acceptedTicketOf', () => {
  it('reads the latest acceptance, and null for events stored before the link (or none at the counter)', () => {
    expect(acceptedTicketOf([event('case.accepted', ACCEPTED)])).toBeNull();
    expect(acceptedTicketOf([event('case.accepted', { ...ACCEPTED, ticket: TICKET })])).toEqual(TICKET);
    const later = { ...TICKET, number: 'A009', ticketId: '0193a1b2-0000-7000-8000-000000000009' };
    expect(acceptedTicketOf([event('case.accepted', { ...ACCEPTED, ticket: TICKET }), event('case.accepted', { ...ACCEPTED, ticket: later })])).toEqual(later);
    expect(acceptedTicketOf([])).toBeNull();
  });
});

describe('queueServiceArm', () => {
  it('names the case accepted for the ticket, else the ticket alone', () => {
    expect(queueServiceArm({ ticketNumber: 'A005', acceptedCase: { caseId: 'c1', caseNumber: 'JQ-12-20261201-0001' } }, 's1')).toEqual({
      caseId: 'c1',
      staffId: 's1',
      serviceLabel: 'A005 号 办结 · JQ-12-20261201-0001 已受理',
    });
    expect(queueServiceArm({ ticketNumber: 'A005', acceptedCase: null }, 's1')).toEqual({ caseId: null, staffId: 's1', serviceLabel: 'A005 号 办结' });
    expect(queueServiceArm({ ticketNumber: 'A005' }, 's1').caseId).toBeNull();
  });
});

describe('caseAcceptedForTicket', () => {
  const CALLED_AT = '2026-12-01T02:00:00.000Z';
  const NOW = new Date('2026-12-01T02:30:00.000Z');
  let n = 0;

  /** A database at the newest migration; the cases' staff and catalog rows are not what is tested. */
  function log(): Db {
    const db = databaseAt(Math.max(...MIGRATIONS.map((m) => m.version)));
    db.pragma('foreign_keys = OFF');
    return db;
  }
  /** Appends one event in this PC's order (seq), stamped `occurredAt` by its originating clock. */
  function append(db: Db, e: { caseId: string; type: string; occurredAt: string; windowNumber?: number; payload?: object }): void {
    n += 1;
    db.prepare(
      `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, staff_id, payload)
       VALUES (?, 'case', ?, ?, ?, ?, 'JQ', ?, NULL, ?)`,
    ).run(`e${n}`, e.caseId, n, e.type, e.occurredAt, e.windowNumber ?? 12, JSON.stringify(e.payload ?? {}));
  }
  function aCase(db: Db, id: string, caseNumber: string): void {
    db.prepare(
      `INSERT INTO cases (id, case_number, item_code, item_version, status, applicant_name, applicant_id_number, applicant_mobile, received_at, received_date, window_number, staff_id, version)
       VALUES (?, ?, 'X1', 1, 'accepted', '张三', '330106199001010011', '13800000000', ?, '2026-12-01', 12, 's1', 1)`,
    ).run(id, caseNumber, CALLED_AT);
  }

  it('finds the acceptance past a pulled back-office event with an old occurred_at after it (review 27 F7)', () => {
    const db = log();
    aCase(db, 'c-old', 'JQ-12-20261120-0001');
    aCase(db, 'c-new', 'JQ-12-20261201-0001');
    append(db, { caseId: 'c-old', type: 'case.accepted', occurredAt: '2026-11-20T01:00:00.000Z', payload: { ...ACCEPTED } });
    append(db, { caseId: 'c-new', type: 'case.accepted', occurredAt: '2026-12-01T02:05:00.000Z', payload: { ...ACCEPTED, ticket: TICKET } });
    // Decided in the back office a week ago, pulled only now: a new seq with an old time, between the acceptance and 办结.
    append(db, { caseId: 'c-old', type: 'case.backOfficeDecided', occurredAt: '2026-11-24T06:00:00.000Z' });
    append(db, { caseId: 'c-new', type: 'case.materialsReceived', occurredAt: '2026-12-01T02:10:00.000Z' });
    expect(caseAcceptedForTicket(db, 12, { ticketId: TICKET.ticketId, calledAt: CALLED_AT }, NOW)).toEqual({ caseId: 'c-new', caseNumber: 'JQ-12-20261201-0001' });
    // With no call time known, the same.
    expect(caseAcceptedForTicket(db, 12, { ticketId: TICKET.ticketId, calledAt: null }, NOW)?.caseId).toBe('c-new');
  });

  it("stops at this window's own acceptance from before the call, and takes no other window's", () => {
    const db = log();
    aCase(db, 'c-before', 'JQ-12-20261130-0001');
    aCase(db, 'c-other', 'JQ-14-20261201-0001');
    // The same ticket id on an acceptance recorded before this window's acceptance of yesterday
    // is out of reach: the search reads no further back than that one.
    append(db, { caseId: 'c-before', type: 'case.accepted', occurredAt: '2026-11-30T01:00:00.000Z', payload: { ...ACCEPTED, ticket: TICKET } });
    append(db, { caseId: 'c-before', type: 'case.accepted', occurredAt: '2026-11-30T03:00:00.000Z', payload: { ...ACCEPTED } });
    expect(caseAcceptedForTicket(db, 12, { ticketId: TICKET.ticketId, calledAt: CALLED_AT }, NOW)).toBeNull();
    // Window 14's acceptance of the same ticket is not this window's.
    append(db, { caseId: 'c-other', type: 'case.accepted', occurredAt: '2026-12-01T02:05:00.000Z', windowNumber: 14, payload: { ...ACCEPTED, ticket: TICKET } });
    expect(caseAcceptedForTicket(db, 12, { ticketId: TICKET.ticketId, calledAt: CALLED_AT }, NOW)).toBeNull();
    expect(caseAcceptedForTicket(db, 14, { ticketId: TICKET.ticketId, calledAt: CALLED_AT }, NOW)?.caseNumber).toBe('JQ-14-20261201-0001');
  });
});
