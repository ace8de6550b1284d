import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_CODE_TABLES_DIR, loadExportCodeTables } from '../../../../server/export/code-tables';
import { RatingRecordSchema, ratingRecordFromEvents } from '../../../../server/export/rating-record';
import { makeTempDir } from '../../../support/temp-dirs';
import { HALL_CREDIT_CODE, STAFF_LEAD, STAFF_WANG, nationalContext, profile, ratingReceived, ratingStream, uuid } from './export-fixtures';

const ctx = nationalContext();

/** A province folder whose target reads the live 好差评 feed's direction (5 = 非常满意). */
function feedContext() {
  const dir = makeTempDir('export-tables');
  cpSync(EXPORT_CODE_TABLES_DIR, dir, { recursive: true });
  mkdirSync(join(dir, 'ZJ'));
  writeFileSync(join(dir, 'ZJ', 'target.json'), JSON.stringify({ format: 1, name: '浙江省好差评', satisfactionTable: 'satisfaction-feed' }));
  return { tables: loadExportCodeTables('ZJ', { exportDir: dir }), profile };
}

describe('a rating folded into a 好差评 record', () => {
  it('codes the level by the target’s direction: 非常满意 is 1 in the national table and 5 in the live feed', () => {
    const r = ratingStream();
    r.event('rating.received', ratingReceived('very_satisfied', uuid()), { staff: null });
    const national = ratingRecordFromEvents(r.events, ctx);
    const feed = ratingRecordFromEvents(r.events, feedContext());

    expect(national.satisfaction).toEqual({ code: '1', name: '非常满意' });
    expect(national.satisfactionTable).toBe('satisfaction-national');
    expect(feed.satisfaction).toEqual({ code: '5', name: '非常满意' });
    expect(feed.satisfactionTable).toBe('satisfaction-feed');
    for (const record of [national, feed]) {
      expect(RatingRecordSchema.parse(record)).toEqual(record);
      expect(record).toMatchObject({
        channel: { code: '4' },
        bad: false,
        followUp: null,
        excluded: false,
        caseNumber: 'JQ-12-20261123-0007',
        staffId: STAFF_WANG,
        acceptanceUnit: { creditCode: HALL_CREDIT_CODE },
      });
    }
  });

  it('the other levels follow each direction, 基本满意 being 3 in both', () => {
    const levels = ['satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'] as const;
    const codes = (c: ReturnType<typeof nationalContext>) =>
      levels.map((s) => {
        const r = ratingStream();
        r.event('rating.received', ratingReceived(s), { staff: null });
        return ratingRecordFromEvents(r.events, c).satisfaction.code;
      });
    expect(codes(ctx)).toEqual(['2', '3', '4', '5']);
    expect(codes(feedContext())).toEqual(['4', '3', '2', '1']);
  });

  it('a 差评 carries its follow-up: 核实, 回访, 整改, 办结 with the applicant’s verdict', () => {
    const r = ratingStream();
    const followUpId = uuid();
    r.event('rating.received', ratingReceived('very_dissatisfied', uuid()), { staff: null });
    const opened = r.event('rating.followUpOpened', { followUpId, dueDate: '2026-12-14', workingDays: 15, dueProvisional: false }, { staff: null });
    r.event('rating.verified', { followUpId, finding: '窗口人员未一次性告知所需材料' }, { staff: STAFF_LEAD });
    r.event('rating.revisited', { followUpId, note: '电话回访，申请人表示理解', verdict: 'basically_satisfied' }, { staff: STAFF_LEAD });
    r.event('rating.rectified', { followUpId, measures: '组织窗口人员学习一次性告知制度' }, { staff: STAFF_LEAD });
    const closed = r.event('rating.followUpClosed', { followUpId, verdict: 'satisfied', note: '申请人对整改满意' }, { staff: STAFF_LEAD });

    const record = ratingRecordFromEvents(r.events, ctx);

    expect(RatingRecordSchema.parse(record)).toEqual(record);
    expect(record.bad).toBe(true);
    expect(record.satisfaction).toEqual({ code: '5', name: '非常不满意' });
    expect(record.followUp).toMatchObject({
      id: followUpId,
      openedAt: opened.occurredAt,
      dueDate: '2026-12-14',
      stage: 'closed',
      closedAt: closed.occurredAt,
      verdict: '满意',
      appealUpheld: null,
    });
    expect(record.followUp?.steps.map((s) => [s.kind, s.note, s.verdict])).toEqual([
      ['opened', '', null],
      ['verified', '窗口人员未一次性告知所需材料', null],
      ['revisited', '电话回访，申请人表示理解', '基本满意'],
      ['rectified', '组织窗口人员学习一次性告知制度', null],
      ['closed', '申请人对整改满意', '满意'],
    ]);
  });

  it('an upheld appeal closes the follow-up and marks the rating excluded, still exported', () => {
    const r = ratingStream();
    const followUpId = uuid();
    r.event('rating.received', ratingReceived('dissatisfied'), { staff: null });
    r.event('rating.followUpOpened', { followUpId, dueDate: '2026-12-14', workingDays: 15, dueProvisional: true }, { staff: null });
    r.event('rating.appealed', { followUpId, reason: '评价时尚未办理业务，系误按', from: 'verifying' }, { staff: STAFF_WANG });
    r.event('rating.appealDecided', { followUpId, upheld: true, note: '监控核实为误按', stage: 'closed' }, { staff: STAFF_LEAD });

    const record = ratingRecordFromEvents(r.events, ctx);

    expect(record).toMatchObject({ excluded: true, bad: true, followUp: { stage: 'closed', appealUpheld: true, dueProvisional: true } });
    expect(record.followUp?.closedAt).not.toBeNull();
  });

  it('an open follow-up is exported at the stage it reached, its due date as recomputed', () => {
    const r = ratingStream();
    const followUpId = uuid();
    r.event('rating.received', ratingReceived('dissatisfied'), { staff: null });
    r.event('rating.followUpOpened', { followUpId, dueDate: '2026-12-14', workingDays: 15, dueProvisional: true }, { staff: null });
    r.event('rating.verified', { followUpId, finding: '属实' }, { staff: STAFF_LEAD });
    r.event(
      'rating.followUpDueRecomputed',
      { followUpId, dueDate: '2026-12-15', dueProvisional: false, previousDueDate: '2026-12-14', previousDueProvisional: true, workingDays: 15, calendarYears: [2026] },
      { staff: null },
    );

    const record = ratingRecordFromEvents(r.events, ctx);

    expect(record.followUp).toMatchObject({ stage: 'revisiting', dueDate: '2026-12-15', dueProvisional: false, closedAt: null, verdict: null });
    expect(record.followUp?.steps.at(-1)).toMatchObject({ kind: 'dueRecomputed', note: '办结期限改为 2026-12-15' });
  });

  it('a follow-up step before any follow-up opened is an unreadable history, named', () => {
    const r = ratingStream();
    r.event('rating.received', ratingReceived('dissatisfied'), { staff: null });
    const step = r.event('rating.verified', { followUpId: uuid(), finding: '属实' });
    expect(() => ratingRecordFromEvents(r.events, ctx)).toThrow(new RegExp(`回访步骤 ${step.id} 在回访开启之前`));
  });
});
