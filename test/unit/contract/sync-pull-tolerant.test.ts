import { describe, expect, it } from 'vitest';
import { isUnreadableChange, PullResponseSchema, SyncErrorBodySchema, TolerantPullResponseSchema } from '../../../electron/contract/sync';

// A server release ahead of the window (issue 16 review, finding 6): the window reads a pull
// answer with a change kind it does not know, or a field added to a kind it knows, without
// refusing the whole answer; only those changes are set aside, each with its reason.

const CASE_A = '01937f6e-8a1b-7c3d-9e4f-0a1b2c3d4e5f';
const decision = {
  kind: 'case.backOfficeDecision',
  id: '01937f71-0000-7000-8000-000000000004',
  caseId: CASE_A,
  caseNumber: 'JQ-12-20261123-0007',
  decision: { step: 'readyForPickup' },
  decidedAt: '2026-11-25T06:00:00.000Z',
  decidedBy: '区市场监督管理局',
};
const cancelled = { kind: 'catalog.itemCancelled', id: '01937f71-0000-7000-8000-000000000002', catalogVersion: '2026.11', code: '11330102MB17051257B', effectiveFrom: '2026-12-01' };
/** A kind a later server release publishes and this program has never heard of. */
const unknown = { kind: 'catalog.itemRenamed', id: '01937f71-0000-7000-8000-000000000009', code: '11330102MB17051257B', name: '食品经营许可（新）' };
/** A known kind with a field added upstream. */
const extended = { ...cancelled, id: '01937f71-0000-7000-8000-00000000000a', replacedBy: '11330102MB17051257C' };

describe('the pull answer as the window reads it', () => {
  it('sets aside a change of a kind it does not know, and one with a field it does not know, reading the rest', () => {
    const wire = { changes: [decision, unknown, extended, cancelled], cursor: 'a1b2c3d4e5f60718:44', more: true };
    // The server's own strict schema refuses such an answer whole: that was the old window's reading.
    expect(PullResponseSchema.safeParse(wire).success).toBe(false);

    const read = TolerantPullResponseSchema.parse(wire);
    expect(read.cursor).toBe('a1b2c3d4e5f60718:44');
    expect(read.more).toBe(true);
    expect(read.changes.map((c) => [c.id, isUnreadableChange(c)])).toEqual([
      [decision.id, false],
      [unknown.id, true],
      [extended.id, true],
      [cancelled.id, false],
    ]);
    expect(read.changes[0]).toEqual(decision);
    expect(read.changes[1]).toEqual({ unreadable: true, id: unknown.id, kind: 'catalog.itemRenamed', reason: '本程序不认识这种变更（catalog.itemRenamed），请升级窗口程序', raw: unknown });
    const second = read.changes[2];
    expect(second && isUnreadableChange(second) ? second.reason : null).toMatch(/^变更（catalog\.itemCancelled）的内容不符合本程序的同步协议：.*replacedBy.*可能需要升级窗口程序$/);
  });

  it('ignores a field added to the envelope', () => {
    const read = TolerantPullResponseSchema.parse({ changes: [cancelled], cursor: 'c', more: false, serverTime: '2026-11-30T00:00:00.000Z' });
    expect(read).toEqual({ changes: [cancelled], cursor: 'c', more: false });
  });

  it('still refuses an answer it cannot go on from: a change without an id or kind, an id twice, no cursor, too many changes', () => {
    const refused = (answer: unknown) => TolerantPullResponseSchema.safeParse(answer).success === false;
    expect(refused({ changes: [{ kind: 'catalog.itemRenamed' }], cursor: 'c', more: false })).toBe(true);
    expect(refused({ changes: [{ id: unknown.id }], cursor: 'c', more: false })).toBe(true);
    expect(refused({ changes: [unknown, unknown], cursor: 'c', more: false })).toBe(true);
    expect(refused({ changes: [], more: false })).toBe(true);
    expect(refused({ changes: [], cursor: 'c' })).toBe(true);
    const many = Array.from({ length: 201 }, (_, i) => ({ ...unknown, id: `01937f71-0000-7000-8000-${(0x1000 + i).toString(16).padStart(12, '0')}` }));
    expect(refused({ changes: many, cursor: 'c', more: true })).toBe(true);
  });

  it('knows the error a server sends for a cursor it did not write', () => {
    expect(SyncErrorBodySchema.parse({ error: 'bad_cursor', reason: '同步游标不是本服务给出的' })).toEqual({ error: 'bad_cursor', reason: '同步游标不是本服务给出的' });
  });
});
