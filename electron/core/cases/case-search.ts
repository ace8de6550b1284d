import type { CaseSearchResult } from '../../contract/cases';
import { CounterError } from '../../contract/errors';
import type { ParsedArgs } from '../../contract/methods';
import { checkMobileNumber } from '../../contract/validation';
import type { Db } from '../storage/database';
import { staffNames } from '../staff/staff-repository';
import { loadCaseStatesBySeq } from './case-repository';
import { toCaseSummary } from './case-view';

type SearchArgs = ParsedArgs<'cases.search'>;

/** The highest code point: a name prefix range must include names with characters beyond the BMP (𠮷). */
const TOP = '\u{10FFFF}';

export interface SearchCriteria {
  caseNumberPrefix: string;
  namePrefix: string;
  idNumber: string;
  mobile: string;
  itemCode: string;
  statuses: readonly string[];
  fromDate: string | null;
  toDate: string | null;
  /** Keyset: only cases listed after this one (older date, or same date and smaller seq). */
  after: { receivedDate: string; seq: number } | null;
  limit: number;
}

/** The cursor of a page is the sort key of its last row: `2026-11-23|1042`. */
export function encodeCursor(receivedDate: string, seq: number): string {
  return `${receivedDate}|${seq}`;
}

export function decodeCursor(cursor: string | null): SearchCriteria['after'] {
  const m = cursor ? /^(\d{4}-\d{2}-\d{2})\|(\d{1,15})$/.exec(cursor) : null;
  return m?.[1] && m[2] ? { receivedDate: m[1], seq: Number(m[2]) } : null;
}

/**
 * Reads the free-text box the way a clerk uses it: a case number, an id number or credit code,
 * a mobile number, or else the start of a name.
 */
export function interpretSearchText(text: string): Partial<Pick<SearchCriteria, 'caseNumberPrefix' | 'idNumber' | 'mobile' | 'namePrefix'>> {
  const t = text.trim();
  if (t.length === 0) return {};
  if (/^[A-Za-z0-9]{1,8}-\d{1,3}(-\d{0,8}(-\d*)?)?$/.test(t)) return { caseNumberPrefix: t.toUpperCase() };
  if (/^[0-9A-Za-z]{17}[0-9Xx]$/.test(t) || /^[0-9A-Za-z]{15}$/.test(t)) return { idNumber: t.toUpperCase() };
  const mobile = checkMobileNumber(t);
  if (mobile.ok) return { mobile: mobile.value };
  if (/^[A-Za-z]{0,2}\d{6,}$/.test(t)) return { idNumber: t.toUpperCase() };
  return { namePrefix: t };
}

/** A cursor this search did not hand out would silently restart at page one; say so instead. */
function cursorOrRefuse(cursor: string | null): SearchCriteria['after'] {
  const after = decodeCursor(cursor);
  if (cursor !== null && after === null) {
    throw new CounterError('invalid_arguments', '翻页位置无效，请重新查询', { fieldErrors: [{ path: 'cursor', message: '翻页位置无效' }] });
  }
  return after;
}

export function toCriteria(args: SearchArgs): SearchCriteria {
  const fromText = interpretSearchText(args.text);
  const mobileField = args.mobile ? checkMobileNumber(args.mobile) : null;
  return {
    caseNumberPrefix: (args.caseNumber || fromText.caseNumberPrefix || '').toUpperCase(),
    namePrefix: args.applicantName || fromText.namePrefix || '',
    idNumber: (args.idNumber || fromText.idNumber || '').toUpperCase(),
    mobile: mobileField?.ok ? mobileField.value : args.mobile || fromText.mobile || '',
    itemCode: args.itemCode,
    statuses: args.statuses,
    fromDate: args.fromDate,
    toDate: args.toDate,
    after: cursorOrRefuse(args.cursor),
    limit: args.limit,
  };
}

/** Below this many matches a condition is "sparse": its index finds them all and they are sorted. */
export const SPARSE_MATCHES = 2000;

export type IndexName =
  | 'cases_by_received_date'
  | 'cases_by_item'
  | 'cases_by_status'
  | 'cases_by_item_status'
  | 'cases_by_applicant_name';

interface Term {
  sql: string;
  params: unknown[];
  /** The index that can find this term's rows, when its selectivity must be measured. */
  index: IndexName | null;
  /** Picks out a handful of cases on its own (case number, id, mobile). */
  selective?: true;
}

/** Every condition of a search as SQL, each with the index able to serve it. */
export function searchTerms(c: SearchCriteria): Term[] {
  const terms: Term[] = [];
  const dateRange: Term[] = [];
  if (c.caseNumberPrefix) {
    terms.push({ sql: 'case_number >= ? AND case_number < ?', params: [c.caseNumberPrefix, c.caseNumberPrefix + TOP], index: null, selective: true });
  }
  if (c.idNumber) terms.push({ sql: 'applicant_id_number = ?', params: [c.idNumber], index: null, selective: true });
  if (c.mobile) terms.push({ sql: 'applicant_mobile = ?', params: [c.mobile], index: null, selective: true });
  if (c.namePrefix) {
    terms.push({ sql: 'applicant_name >= ? AND applicant_name < ?', params: [c.namePrefix, c.namePrefix + TOP], index: 'cases_by_applicant_name' });
  }
  if (c.itemCode) terms.push({ sql: 'item_code = ?', params: [c.itemCode], index: 'cases_by_item' });
  if (c.statuses.length > 0) {
    terms.push({ sql: `status IN (${c.statuses.map(() => '?').join(', ')})`, params: [...c.statuses], index: 'cases_by_status' });
  }
  if (c.fromDate) dateRange.push({ sql: 'received_date >= ?', params: [c.fromDate], index: 'cases_by_received_date' });
  if (c.toDate) dateRange.push({ sql: 'received_date <= ?', params: [c.toDate], index: 'cases_by_received_date' });
  if (dateRange.length > 0) {
    terms.push({ sql: dateRange.map((t) => t.sql).join(' AND '), params: dateRange.flatMap((t) => t.params), index: 'cases_by_received_date' });
  }
  if (c.after !== null) terms.push({ sql: '(received_date, seq) < (?, ?)', params: [c.after.receivedDate, c.after.seq], index: null });
  return terms;
}

/**
 * Which index a search walks. SQLite's planner judges conditions by averages, and a name
 * prefix (张 or 欧阳), one status or one item can match a handful of cases or a tenth of them;
 * guessing wrong at a million cases costs seconds. So each condition's matches are counted on
 * its own index, up to SPARSE_MATCHES (a few index pages):
 * - a case number, id or mobile number: SQLite's choice is right, nothing is forced;
 * - the condition with the fewest matches, if below the cap: its index finds them all, and
 *   the few are sorted;
 * - all of them common: walk the cases newest first on the index in list order that holds
 *   most of the conditions (item and status, item, status, else the date), checking the rest
 *   as it goes; common conditions are met within a few hundred rows.
 */
export function chooseIndex(
  db: Db,
  c: SearchCriteria,
  terms: readonly Term[],
  sparseMatches = SPARSE_MATCHES,
): IndexName | null {
  if (terms.some((t) => t.selective)) return null;
  let best: { index: IndexName; n: number } | null = null;
  for (const t of terms) {
    if (t.index === null) continue;
    const n = db
      .prepare(`SELECT count(*) FROM (SELECT 1 FROM cases INDEXED BY ${t.index} WHERE ${t.sql} LIMIT ${sparseMatches})`)
      .pluck()
      .get(...t.params) as number;
    if (best === null || n < best.n) best = { index: t.index, n };
  }
  if (best && best.n < sparseMatches) return best.index;
  // Several statuses would have to be merged and sorted, so only a single one is walked on.
  const oneStatus = c.statuses.length === 1;
  if (c.itemCode && oneStatus) return 'cases_by_item_status';
  if (c.itemCode) return 'cases_by_item';
  if (oneStatus) return 'cases_by_status';
  return 'cases_by_received_date';
}

/** The SQL of a search: newest first, keyset-paged on (received_date, seq), on the given index. */
export function buildSearchQuery(
  c: SearchCriteria,
  index: IndexName | null,
  terms: readonly Term[] = searchTerms(c),
): { sql: string; params: unknown[] } {
  // Only the sort key of the matches is selected: the wide state of the rows on the page is read
  // afterwards, so a search that must sort many candidates moves short keys, not JSON.
  const sql =
    `SELECT seq, received_date FROM cases${index ? ` INDEXED BY ${index}` : ''}` +
    (terms.length > 0 ? ` WHERE ${terms.map((t) => t.sql).join(' AND ')}` : '') +
    ` ORDER BY received_date DESC, seq DESC LIMIT ?`;
  return { sql, params: [...terms.flatMap((t) => t.params), c.limit + 1] };
}

export function searchCases(db: Db, args: SearchArgs): CaseSearchResult {
  const criteria = toCriteria(args);
  const terms = searchTerms(criteria);
  const { sql, params } = buildSearchQuery(criteria, chooseIndex(db, criteria, terms), terms);
  const keys = db.prepare(sql).all(...params) as Array<{ seq: number; received_date: string }>;
  const page = keys.slice(0, criteria.limit);
  const states = loadCaseStatesBySeq(db, page.map((k) => k.seq));
  const staff = staffNames(db, states.map((s) => s.receivedBy));
  const last = page[page.length - 1];
  return {
    rows: states.map((s) => toCaseSummary(s, staff)),
    nextCursor: keys.length > criteria.limit && last !== undefined ? encodeCursor(last.received_date, last.seq) : null,
  };
}
