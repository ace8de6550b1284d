import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkAgentPassport, bulkCreditCode, bulkHasAgent, bulkIsOrganisation, generateCases } from '../../../bench/support/bulk-cases';
import { buildWorkCalendar, loadCalendarFile } from '../../../electron/core/calendar';
import { buildSearchQuery, chooseIndex, searchCases, searchTerms, SPARSE_MATCHES, toCriteria, type IndexName } from '../../../electron/core/cases/case-search';
import type { CaseState } from '../../../electron/core/cases/case-state';
import { loadCatalogFile } from '../../../electron/core/catalog/catalog-file-schema';
import { toSnapshot } from '../../../electron/core/catalog/catalog-service';
import { importCatalog, loadInForceItems } from '../../../electron/core/catalog/catalog-store';
import { CaseSearchArgs } from '../../../electron/contract';
import type { Db } from '../../../electron/core/storage/database';
import { openDatabase } from '../../../electron/core/storage/open-database';
import { insertStaff } from '../../../electron/core/staff/staff-repository';
import { makeTempDir } from '../../support/browser-shell-process';
import { RESOURCES_DIR } from '../../support/core-fixture';

let db: Db;

beforeAll(async () => {
  const dir = makeTempDir('search-plans');
  db = (await openDatabase({ path: path.join(dir, 'counter.sqlite'), backupDir: dir })).db;
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(RESOURCES_DIR, f), 'utf8')) as unknown;
  db.transaction(() => importCatalog(db, loadCatalogFile(read('catalog/default-catalog.json')), 'test', 't'))();
  insertStaff(db, { id: 's1', staffNumber: '1001', name: '王芳', pinHash: 'x' }, 't');
  generateCases(db, {
    count: 30_000,
    items: loadInForceItems(db).map(toSnapshot),
    staffId: 's1',
    hallCode: 'JQ',
    windowNumber: 12,
    calendar: buildWorkCalendar(loadCalendarFile(read('calendar/cn-calendar.json')).years),
    firstDay: '2025-01-02',
    lastDay: '2026-11-20',
    seed: 7,
  });
  db.pragma('optimize=0x10002');
}, 120_000);
afterAll(() => db.close());

/** A search's plan, and its answer on every index that could serve it and with no index at all. */
function everyWay(args: Record<string, unknown>, sparseMatches = SPARSE_MATCHES): { chosen: IndexName | null; answers: Map<string, number[]> } {
  const criteria = toCriteria(CaseSearchArgs.parse(args));
  const terms = searchTerms(criteria);
  const run = (index: IndexName | null, notIndexed = false) => {
    const { sql, params } = buildSearchQuery(criteria, index);
    const text = notIndexed ? sql.replace('FROM cases', 'FROM cases NOT INDEXED') : sql;
    return (db.prepare(text).all(...params) as Array<{ seq: number }>).map((r) => r.seq);
  };
  const answers = new Map<string, number[]>([['table scan', run(null, true)]]);
  for (const t of terms) if (t.index) answers.set(t.index, run(t.index));
  // Every walk in list order, whatever the counts say: the alternatives are then checked per row.
  if (criteria.itemCode) answers.set('cases_by_item', run('cases_by_item'));
  if (criteria.statuses.length === 1) answers.set('cases_by_status', run('cases_by_status'));
  answers.set('cases_by_received_date', run('cases_by_received_date'));
  if (criteria.itemCode && criteria.statuses.length === 1) answers.set('cases_by_item_status', run('cases_by_item_status'));
  return { chosen: chooseIndex(db, criteria, terms, sparseMatches), answers };
}

describe('the search plan over many cases', () => {
  it('walks the newest cases for a common surname and sorts the few of a rare one', () => {
    expect(everyWay({ text: '王' }).chosen).toBe('cases_by_received_date');
    expect(everyWay({ text: '欧阳' }).chosen).toBe('cases_by_applicant_name');
    expect(everyWay({ text: '王', statuses: ['in_review'] }).chosen).toBe('cases_by_status');
  });

  it('walks the index holding most conditions when all are common', () => {
    // 30,000 cases over 26 items: with "common" at 500 matches, an item is common too.
    const common = 500;
    const item = db.prepare('SELECT item_code FROM cases GROUP BY item_code ORDER BY count(*) DESC LIMIT 1').pluck().get() as string;
    expect(everyWay({ itemCode: item, statuses: ['delivered'] }, common).chosen).toBe('cases_by_item_status');
    expect(everyWay({ itemCode: item, text: '王' }, common).chosen).toBe('cases_by_item');
    expect(everyWay({ statuses: ['delivered'], text: '李' }, common).chosen).toBe('cases_by_status');
    expect(everyWay({ statuses: ['delivered', 'accepted'], text: '李' }, common).chosen).toBe('cases_by_received_date');
  });

  it('lets SQLite choose when a case number, id or mobile number picks out the case', () => {
    expect(everyWay({ text: 'JQ-12-2025' }).chosen).toBeNull();
    expect(everyWay({ mobile: '13900000000', text: '王' }).chosen).toBeNull();
  });

  it('finds the same cases in the same order whichever index it walks', () => {
    const item = db.prepare('SELECT item_code FROM cases WHERE seq = 100').pluck().get() as string;
    for (const args of [
      { text: '张' },
      { text: '王芳' },
      { text: '欧阳' },
      { applicantName: '李', statuses: ['accepted', 'in_review'] },
      { applicantName: '刘', fromDate: '2025-06-01', toDate: '2025-09-30' },
      { itemCode: item, statuses: ['in_review'] },
      { itemCode: item, applicantName: '王', fromDate: '2025-01-01', toDate: '2025-12-31' },
      { statuses: ['correction_requested'] },
      { statuses: ['delivered', 'withdrawn'], fromDate: '2026-03-01' },
    ]) {
      const { answers } = everyWay(args);
      const reference = answers.get('table scan') ?? [];
      expect(reference.length, JSON.stringify(args)).toBeGreaterThan(0);
      for (const [index, answer] of answers) expect(answer, `${JSON.stringify(args)} on ${index}`).toEqual(reference);
    }
  });

  it('pages through a common surname newest first without repeats', () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    const key = (cursor: string) => {
      const [date = '', seq = '0'] = cursor.split('|');
      return { date, seq: Number(seq) };
    };
    let last = { date: '9999-12-31', seq: Number.MAX_SAFE_INTEGER };
    for (let page = 0; page < 5; page++) {
      const result = searchCases(db, CaseSearchArgs.parse({ text: '张', limit: 50, cursor }));
      for (const row of result.rows) {
        expect(row.applicantName.startsWith('张')).toBe(true);
        seen.push(row.id);
      }
      expect(result.nextCursor).not.toBeNull();
      const next = key(result.nextCursor ?? '');
      expect(next.date < last.date || (next.date === last.date && next.seq < last.seq)).toBe(true);
      last = next;
      cursor = result.nextCursor;
    }
    expect(new Set(seen).size).toBe(250);
  });

  /** Newest first, from the recorded states themselves: what a search must find, by another road. */
  let states: Array<{ seq: number; received_date: string; state: CaseState }> | null = null;
  function expected(match: (s: CaseState) => boolean, limit = 50): number[] {
    states ??= (
      db.prepare('SELECT c.seq, c.received_date, s.state FROM cases c JOIN case_states s ON s.case_seq = c.seq').all() as Array<{
        seq: number;
        received_date: string;
        state: string;
      }>
    ).map((r) => ({ ...r, state: JSON.parse(r.state) as CaseState }));
    return states
      .filter((r) => match(r.state))
      .sort((a, b) => (a.received_date !== b.received_date ? (a.received_date < b.received_date ? 1 : -1) : b.seq - a.seq))
      .slice(0, limit + 1)
      .map((r) => r.seq);
  }
  const parts = (name: string) => name.split('·');

  it('finds a name by any of its parts after a 间隔号, the same on every plan, sparse or walked', () => {
    for (const [args, part] of [
      [{ text: '艾尼' }, '艾尼'],
      [{ text: '托合提' }, '托合提'],
      [{ text: '阿卜杜・艾' }, '阿卜杜·艾'],
      [{ applicantName: '热合曼', statuses: ['delivered'] }, '热合曼'],
    ] as const) {
      const reference = expected(
        (s) =>
          parts(s.applicant.name).some((_, k) => parts(s.applicant.name).slice(k).join('·').startsWith(part)) &&
          (!('statuses' in args) || (args.statuses as readonly string[]).includes(s.status)),
      );
      expect(reference.length, JSON.stringify(args)).toBeGreaterThan(0);
      // With "sparse" at 1 match every condition counts as common, so the cases are walked.
      for (const sparse of [SPARSE_MATCHES, 1]) {
        const { chosen, answers } = everyWay(args, sparse);
        expect(chosen, JSON.stringify(args)).toBe(sparse === 1 ? ('statuses' in args ? 'cases_by_status' : 'cases_by_received_date') : 'cases_by_applicant_name');
        for (const [index, answer] of answers) expect(answer, `${JSON.stringify(args)} on ${index}`).toEqual(reference);
      }
    }
  });

  it('pages through the cases found by a part of their name without repeats or gaps', () => {
    const reference = expected((s) => parts(s.applicant.name).some((p) => p.startsWith('艾尼')), 100_000).map(String);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const args = CaseSearchArgs.parse({ text: '艾尼', limit: 20, cursor });
      // The next page on every plan too: its position is checked on the tails' own table.
      if (cursor !== null) {
        const { answers } = everyWay({ text: '艾尼', limit: 20, cursor });
        const scan = answers.get('table scan');
        for (const [index, answer] of answers) expect(answer, `page ${page} on ${index}`).toEqual(scan);
      }
      const result = searchCases(db, args);
      seen.push(...result.rows.map((r) => String(db.prepare('SELECT seq FROM cases WHERE id = ?').pluck().get(r.id))));
      cursor = result.nextCursor;
      if (cursor === null) break;
    }
    expect(reference.length).toBeGreaterThan(40);
    expect(seen).toEqual(reference);
  });

  it("finds credit codes and agents' passports by the box, however typed, on every plan", () => {
    const seqOf = (i: number) => i + 1; // generateCases writes case i as the (i+1)-th row
    const org = Array.from({ length: 2000 }, (_, i) => i).filter(bulkIsOrganisation)[17] ?? 0;
    const agent = Array.from({ length: 2000 }, (_, i) => i).filter(bulkHasAgent)[23] ?? 0;
    const code = bulkCreditCode(org);
    const passport = bulkAgentPassport(agent);
    for (const [text, seq] of [
      [code, seqOf(org)],
      [code.toLowerCase().replace(/(.{4})/g, '$1 '), seqOf(org)],
      [passport.toLowerCase(), seqOf(agent)],
      [` ${passport.slice(0, 4)} ${passport.slice(4)} `, seqOf(agent)],
    ] as const) {
      const { chosen, answers } = everyWay({ text });
      expect(chosen, text).toBeNull();
      for (const [index, answer] of answers) expect(answer, `${text} on ${index}`).toEqual([seq]);
    }
    expect(expected((s) => s.applicant.kind === 'organisation' && s.applicant.creditCode === code)).toEqual([seqOf(org)]);
    expect(expected((s) => s.agent?.idNumber === passport)).toEqual([seqOf(agent)]);
  });
});
