import type { CaseSearchResult } from '../../contract/cases';
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
  beforeSeq: number | null;
  limit: number;
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
    beforeSeq: args.cursor && /^\d{1,15}$/.test(args.cursor) ? Number(args.cursor) : null,
    limit: args.limit,
  };
}

/** The SQL of a search: newest first, keyset-paged on seq, every condition an index can serve. */
export function buildSearchQuery(c: SearchCriteria): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (c.caseNumberPrefix) {
    where.push('case_number >= ? AND case_number < ?');
    params.push(c.caseNumberPrefix, c.caseNumberPrefix + TOP);
  }
  if (c.idNumber) {
    where.push('applicant_id_number = ?');
    params.push(c.idNumber);
  }
  if (c.mobile) {
    where.push('applicant_mobile = ?');
    params.push(c.mobile);
  }
  if (c.namePrefix) {
    where.push('applicant_name >= ? AND applicant_name < ?');
    params.push(c.namePrefix, c.namePrefix + TOP);
  }
  if (c.itemCode) {
    where.push('item_code = ?');
    params.push(c.itemCode);
  }
  if (c.statuses.length > 0) {
    where.push(`status IN (${c.statuses.map(() => '?').join(', ')})`);
    params.push(...c.statuses);
  }
  if (c.fromDate) {
    where.push('received_date >= ?');
    params.push(c.fromDate);
  }
  if (c.toDate) {
    where.push('received_date <= ?');
    params.push(c.toDate);
  }
  if (c.beforeSeq !== null) {
    where.push('seq < ?');
    params.push(c.beforeSeq);
  }
  // Only the seq of the matches is selected and sorted: the wide state of the 50 rows on the page
  // is read afterwards, so a search that sorts thousands of candidates moves integers, not JSON.
  const sql =
    `SELECT seq FROM cases` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY seq DESC LIMIT ?`;
  params.push(c.limit + 1);
  return { sql, params };
}

export function searchCases(db: Db, args: SearchArgs): CaseSearchResult {
  const criteria = toCriteria(args);
  const { sql, params } = buildSearchQuery(criteria);
  const seqs = db.prepare(sql).pluck().all(...params) as number[];
  const page = seqs.slice(0, criteria.limit);
  const states = loadCaseStatesBySeq(db, page);
  const staff = staffNames(db, states.map((s) => s.receivedBy));
  const last = page[page.length - 1];
  return {
    rows: states.map((s) => toCaseSummary(s, staff)),
    nextCursor: seqs.length > criteria.limit && last !== undefined ? String(last) : null,
  };
}
