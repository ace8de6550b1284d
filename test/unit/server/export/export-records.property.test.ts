import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_TYPES } from '../../../../electron/contract/catalog';
import { ITEM_TYPES } from '../../../../electron/contract/item-types';
import { REMEDY_VERDICTS, SATISFACTIONS } from '../../../../electron/contract/ratings';
import { IDENTITY_DOCUMENT_TYPES } from '../../../../electron/contract/validation';
import { codeTables, loadCodeTableSet } from '../../../../server/export/code-tables';
import { ExportRecordSchema } from '../../../../server/export/export-record';
import { exportRecordOf } from '../../../../server/export/run-export';
import { ACCEPTED, COMPANY_CODE, FOOD_LICENCE_ITEM, caseStream, profile, ratingReceived, ratingStream, received, uuid } from './export-fixtures';

// Whatever path a case or a rating took, the record exported for it validates against its own
// output schema (in both satisfaction directions).

const national = loadCodeTableSet('national');
const contexts = [
  { tables: codeTables(national), profile },
  { tables: codeTables({ ...national, target: { ...national.target, satisfactionTable: 'satisfaction-feed' } }), profile },
];

const text = fc.string({ maxLength: 40 });
const at = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }).map((ms) => new Date(ms).toISOString());
const decision = fc.record({ outcome: fc.constantFrom('approved' as const, 'refused' as const), reason: text, legalBasis: text });
const byBackOffice = fc.boolean();

/** One case's path through its life, as steps to replay. */
const casePath = fc.record({
  caseType: fc.constantFrom(...CASE_TYPES),
  itemType: fc.constantFrom(...ITEM_TYPES),
  organisation: fc.boolean(),
  idType: fc.constantFrom(...IDENTITY_DOCUMENT_TYPES),
  agent: fc.boolean(),
  name: fc.string({ minLength: 1, maxLength: 20 }),
  corrections: fc.integer({ min: 0, max: 2 }),
  ending: fc.constantFrom('open', 'rejected', 'accepted', 'review', 'decided', 'ready', 'delivered', 'withdrawn', 'terminated'),
  recompute: fc.boolean(),
  byBackOffice,
  decision,
  post: fc.boolean(),
  note: text,
  when: at,
});

type CasePath = typeof casePath extends fc.Arbitrary<infer T> ? T : never;

function replayCase(p: CasePath) {
  const c = caseStream(p.when);
  c.event(
    'case.received',
    received({
      item: { ...FOOD_LICENCE_ITEM, caseType: p.caseType, itemType: p.itemType },
      applicant: p.organisation
        ? { kind: 'organisation', name: p.name, creditCode: COMPANY_CODE, legalRepresentative: '陈建国', contactName: '赵丽', mobile: '13700002222', address: p.note }
        : { kind: 'person', name: p.name, idType: p.idType, idNumber: 'X1234567', mobile: '+85291234567', address: '' },
      agent: p.agent ? { name: '李四', idType: p.idType, idNumber: 'Y7654321', mobile: '13800001111' } : null,
    }),
  );
  for (let i = 0; i < p.corrections; i++) {
    c.event('case.correctionRequested', { items: [{ materialId: 'M2', name: '从业人员健康证明', instruction: p.note }], note: p.note });
    c.event('case.materialsSupplemented', { receipts: [] });
  }
  if (p.ending === 'open') return c.events;
  if (p.ending === 'rejected') {
    c.event('case.rejected', { reasonId: null, reason: p.decision.reason, legalBasis: p.decision.legalBasis });
    return c.events;
  }
  c.event('case.accepted', ACCEPTED);
  if (p.recompute) {
    c.event('case.deadlineRecomputed', {
      promisedDueDate: '2026-12-01',
      legalDueDate: ACCEPTED.legalDueDate,
      promisedDueProvisional: false,
      legalDueProvisional: false,
      previous: { promisedDueDate: '2026-11-30', legalDueDate: '2026-12-21', promisedDueProvisional: true, legalDueProvisional: false },
      calendarYears: [2026],
    });
  }
  if (p.ending === 'withdrawn' || p.ending === 'terminated') {
    c.event(p.ending === 'withdrawn' ? 'case.withdrawn' : 'case.terminated', { reason: p.note });
    return c.events;
  }
  if (p.ending === 'accepted') return c.events;
  const office = { changeId: uuid(), decidedAt: p.when, decidedBy: '审批科' };
  if (p.byBackOffice) c.event('case.backOfficeDecided', { step: 'reviewStarted', ...office }, { staff: null });
  else c.event('case.reviewStarted', {});
  if (p.ending === 'review') return c.events;
  if (p.byBackOffice) c.event('case.backOfficeDecided', { step: 'decided', itemType: p.itemType, ...p.decision, ...office }, { staff: null });
  else c.event('case.decided', { itemType: p.itemType, ...p.decision });
  if (p.ending === 'decided') return c.events;
  c.event('case.backOfficeDecided', { step: 'readyForPickup', ...office }, { staff: null });
  if (p.ending === 'ready') return c.events;
  c.event('case.delivered', { method: p.post ? 'post' : 'window', recipientName: p.name, address: p.note, trackingNumber: p.post ? 'SF1' : '' });
  return c.events;
}

const ratingPath = fc.record({
  satisfaction: fc.constantFrom(...SATISFACTIONS),
  withCase: fc.boolean(),
  steps: fc.integer({ min: 0, max: 5 }),
  appealUpheld: fc.option(fc.boolean(), { nil: null }),
  verdict: fc.constantFrom(...REMEDY_VERDICTS),
  note: text,
});

type RatingPath = typeof ratingPath extends fc.Arbitrary<infer T> ? T : never;

function replayRating(p: RatingPath) {
  const r = ratingStream();
  r.event('rating.received', ratingReceived(p.satisfaction, p.withCase ? uuid() : null), { staff: null });
  if (p.satisfaction !== 'dissatisfied' && p.satisfaction !== 'very_dissatisfied') return r.events;
  const followUpId = uuid();
  r.event('rating.followUpOpened', { followUpId, dueDate: '2026-12-14', workingDays: 15, dueProvisional: false }, { staff: null });
  const acts = [
    () => r.event('rating.verified', { followUpId, finding: p.note }),
    () => r.event('rating.revisited', { followUpId, note: p.note, verdict: null }),
    () => r.event('rating.rectified', { followUpId, measures: p.note }),
    () => r.event('rating.followUpClosed', { followUpId, verdict: p.verdict, note: p.note }),
  ];
  if (p.appealUpheld !== null) {
    r.event('rating.appealed', { followUpId, reason: p.note, from: 'verifying' });
    r.event('rating.appealDecided', { followUpId, upheld: p.appealUpheld, note: p.note, stage: p.appealUpheld ? 'closed' : 'verifying' });
    if (p.appealUpheld) return r.events;
  }
  acts.slice(0, Math.min(p.steps, acts.length)).forEach((act) => act());
  return r.events;
}

describe('every exported record validates against its own output schema', () => {
  it('cases, whatever path they took', () => {
    fc.assert(
      fc.property(casePath, fc.constantFrom(...contexts), (path, ctx) => {
        const record = exportRecordOf(replayCase(path), ctx);
        expect(record?.recordType).toBe('case');
        expect(ExportRecordSchema.safeParse(record).error).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('ratings and their follow-ups, in both satisfaction directions', () => {
    fc.assert(
      fc.property(ratingPath, fc.constantFrom(...contexts), (path, ctx) => {
        const record = exportRecordOf(replayRating(path), ctx);
        expect(record?.recordType).toBe('rating');
        expect(ExportRecordSchema.safeParse(record).error).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
