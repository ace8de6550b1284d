import { describe, expect, it } from 'vitest';
import {
  ENROLMENT_TOKEN_HEADER,
  MAX_PUSH_EVENTS,
  PullRequestSchema,
  PullResponseSchema,
  PushAckSchema,
  PushBatchSchema,
  SYNC_PATHS,
  SYNC_WIRE_VERSION,
  type SyncEvent,
} from '../../../electron/contract/sync';

const CASE_A = '01937f6e-8a1b-7c3d-9e4f-0a1b2c3d4e5f';
const CASE_B = '01937f6e-8a1b-7c3d-9e4f-0a1b2c3d4e60';
const STAFF = '01937f6e-0000-7000-8000-000000000001';

let nextId = 0x100;
function event(overrides: Partial<SyncEvent> = {}): SyncEvent {
  nextId += 1;
  return {
    id: `01937f70-0000-7000-8000-${nextId.toString(16).padStart(12, '0')}`,
    stream: { type: 'case', id: CASE_A },
    version: 1,
    type: 'case.received',
    occurredAt: '2026-11-23T01:02:03.456Z',
    hall: 'JQ',
    window: 12,
    staff: STAFF,
    payload: { caseNumber: 'JQ-12-20261123-0007' },
    ...overrides,
  };
}

/** A window's morning: two cases interleaved, each in order, and a sign-in on the staff stream. */
function goodBatch(): { events: SyncEvent[] } {
  return {
    events: [
      event({ stream: { type: 'staff', id: STAFF }, type: 'staff.signedIn', payload: {} }),
      event({ version: 1 }),
      event({ stream: { type: 'case', id: CASE_B }, version: 1 }),
      event({ version: 2, type: 'case.accepted' }),
      event({ stream: { type: 'case', id: CASE_B }, version: 2, type: 'case.rejected', staff: null }),
    ],
  };
}

function messages(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }): string[] {
  return (result.error?.issues ?? []).map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
}

describe('the sync wire: a push', () => {
  it('takes a good batch as it is, in its order', () => {
    const batch = goodBatch();
    const parsed = PushBatchSchema.parse(batch);
    expect(parsed).toEqual(batch);
    expect(parsed.events.map((e) => e.id)).toEqual(batch.events.map((e) => e.id));
  });

  it("refuses a batch with a stream's versions out of order", () => {
    const batch = goodBatch();
    const [signIn, a1, b1, a2, b2] = batch.events;
    const result = PushBatchSchema.safeParse({ events: [signIn, a2, b1, a1, b2] });
    expect(result.success).toBe(false);
    expect(messages(result)).toEqual([`events.3.version: case:${CASE_A} version 1 comes after version 2: events must be in order`]);
    // The same version twice is no order either.
    const twice = PushBatchSchema.safeParse({ events: [a1, event({ version: 1 })] });
    expect(messages(twice)).toEqual([`events.1.version: case:${CASE_A} version 1 comes after version 1: events must be in order`]);
  });

  it('refuses an event id twice, and events of another window', () => {
    const batch = goodBatch();
    const copy = { ...batch.events[1]!, version: 3 };
    expect(messages(PushBatchSchema.safeParse({ events: [...batch.events, copy] }))).toEqual([`events.5.id: event ${copy.id} is in the batch twice`]);
    const foreign = event({ stream: { type: 'case', id: CASE_B }, version: 3, window: 13 });
    expect(messages(PushBatchSchema.safeParse({ events: [...batch.events, foreign] }))).toEqual(['events.5.window: a batch holds the events of one window only']);
  });

  it('refuses malformed events field by field', () => {
    const bad = [
      [{ id: 'not-a-uuid' }, 'events.0.id'],
      [{ version: 0 }, 'events.0.version'],
      [{ occurredAt: '2026-11-23 09:02' }, 'events.0.occurredAt'],
      [{ hall: 'jq' }, 'events.0.hall'],
      [{ window: 1000 }, 'events.0.window'],
      [{ type: 'staff.signedIn' }, 'events.0.type'],
      [{ payload: [] as unknown as Record<string, unknown> }, 'events.0.payload'],
    ] as const;
    for (const [override, path] of bad) {
      const result = PushBatchSchema.safeParse({ events: [event(override)] });
      expect(result.success, path).toBe(false);
      expect(messages(result).map((m) => m.split(':')[0]), path).toContain(path);
    }
    expect(PushBatchSchema.safeParse({ events: [] }).success).toBe(false);
    expect(PushBatchSchema.safeParse({ events: [event()], extra: 1 }).success).toBe(false);
    expect(PushBatchSchema.safeParse({ events: [{ ...event(), seq: 7 }] }).success).toBe(false);
    const tooMany = Array.from({ length: MAX_PUSH_EVENTS + 1 }, (_, i) => event({ version: i + 1 }));
    expect(PushBatchSchema.safeParse({ events: tooMany }).success).toBe(false);
    expect(PushBatchSchema.safeParse({ events: tooMany.slice(0, MAX_PUSH_EVENTS) }).success).toBe(true);
  });

  it("reads the server's ack as the list of event ids it now holds, each once", () => {
    const ids = goodBatch().events.map((e) => e.id);
    const serverTime = '2026-11-30T02:00:00.000Z';
    expect(PushAckSchema.parse({ held: ids, serverTime })).toEqual({ held: ids, serverTime });
    expect(PushAckSchema.parse({ held: [], serverTime })).toEqual({ held: [], serverTime });
    expect(PushAckSchema.safeParse({ held: [ids[0], ids[0]], serverTime }).success).toBe(false);
    expect(PushAckSchema.safeParse({ held: ['7'], serverTime }).success).toBe(false);
    expect(PushAckSchema.safeParse({ held: ids, serverTime, ok: true }).success).toBe(false);
    // The server's clock comes with every ack: a window far off is told so.
    expect(PushAckSchema.safeParse({ held: ids }).success).toBe(false);
    expect(PushAckSchema.safeParse({}).success).toBe(false);
  });

  it('names the header that carries the window’s enrolment token', () => {
    expect(ENROLMENT_TOKEN_HEADER).toMatch(/^x-[a-z-]+$/);
  });
});

describe('the sync wire: a pull', () => {
  const change = {
    catalog: { kind: 'catalog.itemChanged', id: '01937f71-0000-7000-8000-000000000001', catalogVersion: '2026.11', item: { code: '11330102MB17051257A', legalDays: 20 } },
    cancelled: { kind: 'catalog.itemCancelled', id: '01937f71-0000-7000-8000-000000000002', catalogVersion: '2026.11', code: '11330102MB17051257B', effectiveFrom: '2026-12-01' },
    calendar: { kind: 'calendar.yearPublished', id: '01937f71-0000-7000-8000-000000000003', year: 2027, schedule: { year: 2027, status: 'official' } },
    decision: {
      kind: 'case.backOfficeDecision',
      id: '01937f71-0000-7000-8000-000000000004',
      caseId: CASE_A,
      caseNumber: 'JQ-12-20261123-0007',
      decision: { step: 'decided', outcome: 'refused', reason: '不符合法定条件', legalBasis: '《中华人民共和国行政许可法》第三十八条' },
      decidedAt: '2026-11-25T06:00:00.000Z',
      decidedBy: '区市场监督管理局',
    },
  };

  it('asks from a cursor, or from the beginning, for at most a limit', () => {
    expect(PullRequestSchema.parse({ cursor: null })).toEqual({ cursor: null, limit: 100 });
    expect(PullRequestSchema.parse({ cursor: 'c-42', limit: 5 })).toEqual({ cursor: 'c-42', limit: 5 });
    expect(PullRequestSchema.safeParse({ cursor: '' }).success).toBe(false);
    expect(PullRequestSchema.safeParse({ cursor: null, limit: 0 }).success).toBe(false);
  });

  it('takes catalog changes, calendar updates and back-office decisions with the next cursor', () => {
    const answer = { changes: Object.values(change), cursor: 'c-43', more: false };
    expect(PullResponseSchema.parse(answer)).toEqual(answer);
    const ready = { ...change.decision, id: '01937f71-0000-7000-8000-000000000005', decision: { step: 'readyForPickup' } };
    expect(PullResponseSchema.safeParse({ changes: [ready], cursor: 'c-44', more: true }).success).toBe(true);
  });

  it('refuses a malformed change', () => {
    const refused = (c: unknown) => PullResponseSchema.safeParse({ changes: [c], cursor: 'c', more: false }).success === false;
    expect(refused({ ...change.catalog, kind: 'catalog.unknown' })).toBe(true);
    expect(refused({ ...change.catalog, item: { legalDays: 20 } })).toBe(true);
    expect(refused({ ...change.cancelled, effectiveFrom: '2026-13-01' })).toBe(true);
    expect(refused({ ...change.calendar, year: 1999 })).toBe(true);
    expect(refused({ ...change.decision, caseNumber: 'JQ-12' })).toBe(true);
    expect(refused({ ...change.decision, decision: { step: 'decided', outcome: 'refused', reason: ' ', legalBasis: '' } })).toBe(true);
    expect(refused({ ...change.decision, decision: { step: 'archived' } })).toBe(true);
    // A change sent twice in one answer would be applied twice by a careless window.
    expect(PullResponseSchema.safeParse({ changes: [change.calendar, change.calendar], cursor: 'c', more: false }).success).toBe(false);
    expect(PullResponseSchema.safeParse({ changes: [], cursor: 'c' }).success).toBe(false);
  });
});

describe('the sync wire: where requests go', () => {
  it('puts the wire version first in every path, one path per kind of request', () => {
    expect(SYNC_WIRE_VERSION).toBe('v1');
    expect(SYNC_PATHS).toEqual({ enrol: '/v1/enrol', push: '/v1/push', pull: '/v1/pull', health: '/health' });
    // Health is the load balancer's, unversioned; every request of the wire carries the version.
    for (const p of [SYNC_PATHS.enrol, SYNC_PATHS.push, SYNC_PATHS.pull]) expect(p.startsWith(`/${SYNC_WIRE_VERSION}/`)).toBe(true);
    expect(new Set(Object.values(SYNC_PATHS)).size).toBe(Object.keys(SYNC_PATHS).length);
  });
});
