import type { CaseSearchResult } from '../../contract/cases';
import { CounterError } from '../../contract/errors';
import type { ParsedArgs } from '../../contract/methods';
import { checkMobileNumber, nameSearchKey } from '../../contract/validation';
import type { Db } from '../storage/database';
import { staffNames } from '../staff/staff-repository';
import { loadCaseStatesBySeq } from './case-repository';
import { toCaseSummary } from './case-view';

type SearchArgs = ParsedArgs<'cases.search'>;

/** The highest code point: a name prefix range must include names with characters beyond the BMP (𠮷). */
const TOP = '\u{10FFFF}';

/** One way of reading the search box. A case matches the box when it matches any of its readings. */
export type TextReading =
  | { kind: 'caseNumber'; prefix: string }
  | { kind: 'document'; number: string }
  | { kind: 'mobile'; number: string }
  | { kind: 'name'; prefix: string };

export interface SearchCriteria {
  /** The free-text box, read every way it can be (see readSearchText); empty: no condition. */
  text: readonly TextReading[];
  caseNumberPrefix: string;
  /** A name's start, 间隔号 folded (nameSearchKey): the whole name's or any part's after a dot. */
  namePrefix: string;
  /** A whole document number as stored (documentNumberKey): the applicant's or the agent's. */
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
 * A document number as the documents are stored (identity-document.ts and the credit-code
 * check store them trimmed, in upper case, with no inner spaces), from what a clerk may type
 * for it: any case, spaces anywhere (`9133 0102 ma2h…`, read off a licence in groups), letters
 * and digits in full width (an IME left in full-width mode). Empty for empty input.
 */
export function documentNumberKey(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

// Every number the app stores for a document is 5 to 18 letters and digits: passports 5-17,
// Taiwan permits 8 or 10, Hong Kong/Macao permits 9 or 11, foreign permanent residence 15 or
// 18, resident ID, residence permits and credit codes 18.
const DOCUMENT_NUMBER = /^[0-9A-Z]{5,18}$/;
const CASE_NUMBER = /^[A-Za-z0-9]{1,8}-\d{1,3}(-\d{0,8}(-\d*)?)?$/;

/**
 * Reads the free-text box the way a clerk uses it: a case number (or its start); otherwise
 * every reading the text allows, any of which may match:
 * - a mobile number, as the mobile rules accept it (spaces, +86, or another country's code);
 * - the number of any identity document, whatever its kind (5-18 letters and digits once
 *   spaces are dropped, any case) — a credit code ending in a letter or a passport number is
 *   found as surely as a resident ID;
 * - a name's start, unless the text holds a digit (a person's name never does) and reads as a
 *   document or mobile number; JOHNSMITH may be either.
 */
export function readSearchText(text: string): TextReading[] {
  const t = text.trim();
  if (t.length === 0) return [];
  if (CASE_NUMBER.test(t)) return [{ kind: 'caseNumber', prefix: t.toUpperCase() }];
  const readings: TextReading[] = [];
  // Any number a mobile field may hold: holders of 港澳台 and foreign documents may have an
  // international one (+852 9123 4567, stored as E.164).
  const mobile = checkMobileNumber(t, 'international');
  if (mobile.ok) readings.push({ kind: 'mobile', number: mobile.value });
  const document = documentNumberKey(t);
  if (DOCUMENT_NUMBER.test(document)) readings.push({ kind: 'document', number: document });
  if (readings.length === 0 || !/\d/.test(document)) readings.push({ kind: 'name', prefix: nameSearchKey(t) });
  return readings;
}

/** A cursor this search did not hand out would silently restart at page one; say so instead. */
function cursorOrRefuse(cursor: string | null): SearchCriteria['after'] {
  const after = decodeCursor(cursor);
  if (cursor !== null && after === null) {
    throw new CounterError('invalid_arguments', '翻页位置无效，请重新查询', { fieldErrors: [{ path: 'cursor', message: '翻页位置无效' }] });
  }
  return after;
}

/** The search's conditions from its arguments; the box and each field all have to match. */
export function toCriteria(args: SearchArgs): SearchCriteria {
  const mobileField = args.mobile ? checkMobileNumber(args.mobile, 'international') : null;
  return {
    text: readSearchText(args.text),
    caseNumberPrefix: args.caseNumber.toUpperCase(),
    namePrefix: args.applicantName ? nameSearchKey(args.applicantName) : '',
    idNumber: documentNumberKey(args.idNumber),
    mobile: mobileField?.ok ? mobileField.value : args.mobile,
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

interface Condition {
  sql: string;
  params: unknown[];
  /**
   * The same rows read from the condition's own search table as (seq, received_date), without
   * a lookup in `cases` per row: `table` and its `where` (its columns `received_date` and
   * `case_seq`). Used when no other condition needs a column of `cases`.
   */
  own?: { table: string; where: string; params: unknown[] };
  /**
   * The same condition checked on one row of `cases` at a time, where that is cheaper than
   * collecting all its rows first: while the cases are walked in list order.
   */
  check?: { sql: string; params: unknown[] };
}

interface Term extends Condition {
  /** The index that can find this term's rows, when its selectivity must be measured. */
  index: IndexName | null;
  /** Picks out a handful of cases on its own (case number, id, mobile). */
  selective?: true;
  /** The page's position (received_date, seq) < cursor, which a table of list-ordered keys can check itself. */
  keyset?: { receivedDate: string; seq: number };
  /**
   * Rows matching any of these match the term too. Each finds its few rows by itself (a rowid
   * list or another index), so when `index` is walked they are searched beside it (UNION) and
   * otherwise checked with OR.
   */
  alternatives?: Condition[];
}

function caseNumberCondition(prefix: string): Condition {
  return { sql: 'case_number >= ? AND case_number < ?', params: [prefix, prefix + TOP] };
}

/** The applicant's own document, or one of the case's other documents (the agent's). */
function documentCondition(number: string): Condition {
  return {
    sql: '(applicant_id_number = ? OR seq IN (SELECT case_seq FROM case_extra_documents WHERE number = ?))',
    params: [number, number],
  };
}

function mobileCondition(number: string): Condition {
  return { sql: 'applicant_mobile = ?', params: [number] };
}

function nameRange(prefix: string): Condition {
  return { sql: 'applicant_name >= ? AND applicant_name < ?', params: [prefix, prefix + TOP] };
}

/** A part after a 间隔号 starting with the prefix (`艾尼` in `阿卜杜·艾尼`). */
function nameTailCondition(prefix: string): Condition {
  const range = { where: 'tail >= ? AND tail < ?', params: [prefix, prefix + TOP] };
  return {
    sql: `seq IN (SELECT case_seq FROM case_name_tails WHERE ${range.where})`,
    params: range.params,
    own: { table: 'case_name_tails', ...range },
    // A walk checks a few hundred cases; a common part (艾 in a hall where most names have a
    // 间隔号) can have many thousands of tails, which the IN list would collect first.
    check: { sql: `EXISTS (SELECT 1 FROM case_name_tails WHERE case_seq = cases.seq AND ${range.where})`, params: range.params },
  };
}

function readingCondition(r: Exclude<TextReading, { kind: 'name' }>): Condition {
  switch (r.kind) {
    case 'caseNumber':
      return caseNumberCondition(r.prefix);
    case 'document':
      return documentCondition(r.number);
    case 'mobile':
      return mobileCondition(r.number);
  }
}

/** One term for the box: its readings joined by OR, the name reading (if any) leading. */
function textTerm(readings: readonly TextReading[]): Term | null {
  const name = readings.find((r) => r.kind === 'name');
  const others = readings.flatMap((r) => (r.kind === 'name' ? [] : [readingCondition(r)]));
  if (name) {
    return { ...nameRange(name.prefix), index: 'cases_by_applicant_name', alternatives: [nameTailCondition(name.prefix), ...others] };
  }
  if (others.length === 0) return null;
  return { ...anyOf(others), index: null, selective: true };
}

function anyOf(conditions: readonly Condition[]): Condition {
  if (conditions.length === 1 && conditions[0]) return conditions[0];
  return { sql: `(${conditions.map((c) => c.sql).join(' OR ')})`, params: conditions.flatMap((c) => c.params) };
}

/** A term as one condition checked row by row: with its alternatives joined by OR. */
function whole(t: Term): Condition {
  return t.alternatives ? anyOf([{ sql: `(${t.sql})`, params: t.params }, ...t.alternatives.map((a) => a.check ?? a)]) : t;
}

/** Every condition of a search as SQL, each with the index able to serve it. */
export function searchTerms(c: SearchCriteria): Term[] {
  const terms: Term[] = [];
  const dateRange: Term[] = [];
  const text = textTerm(c.text);
  if (text) terms.push(text);
  if (c.caseNumberPrefix) terms.push({ ...caseNumberCondition(c.caseNumberPrefix), index: null, selective: true });
  if (c.idNumber) terms.push({ ...documentCondition(c.idNumber), index: null, selective: true });
  if (c.mobile) terms.push({ ...mobileCondition(c.mobile), index: null, selective: true });
  if (c.namePrefix) {
    terms.push({ ...nameRange(c.namePrefix), index: 'cases_by_applicant_name', alternatives: [nameTailCondition(c.namePrefix)] });
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
  if (c.after !== null) {
    terms.push({ sql: '(received_date, seq) < (?, ?)', params: [c.after.receivedDate, c.after.seq], index: null, keyset: c.after });
  }
  return terms;
}

/**
 * Which index a search walks. SQLite's planner judges conditions by averages, and a name
 * prefix (张 or 欧阳), one status or one item can match a handful of cases or a tenth of them;
 * guessing wrong at a million cases costs seconds. So each condition's matches are counted on
 * its own index (a name's with those of its parts after a 间隔号 and any other reading of the
 * box), up to SPARSE_MATCHES (a few index pages):
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
  const count = (from: string, condition: Condition): number => {
    const [table, where, params] = condition.own ? [condition.own.table, condition.own.where, condition.own.params] : [from, condition.sql, condition.params];
    return db.prepare(`SELECT count(*) FROM (SELECT 1 FROM ${table} WHERE ${where} LIMIT ${sparseMatches})`).pluck().get(...params) as number;
  };
  let best: { index: IndexName; n: number } | null = null;
  for (const t of terms) {
    if (t.index === null) continue;
    let n = count(`cases INDEXED BY ${t.index}`, t);
    for (const alternative of t.alternatives ?? []) n += count('cases', alternative);
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

/**
 * The SQL of a search: newest first, keyset-paged on (received_date, seq), on the given index.
 * When that index serves a term with alternatives (a name, also found by its parts after a
 * 间隔号), each alternative is searched on its own beside it and the results are joined.
 */
export function buildSearchQuery(
  c: SearchCriteria,
  index: IndexName | null,
  terms: readonly Term[] = searchTerms(c),
): { sql: string; params: unknown[] } {
  // Only the sort key of the matches is selected: the wide state of the rows on the page is read
  // afterwards, so a search that must sort many candidates moves short keys, not JSON.
  const select = (from: string, conditions: readonly Condition[]) => ({
    sql: `SELECT seq, received_date FROM ${from}` + (conditions.length > 0 ? ` WHERE ${conditions.map((t) => t.sql).join(' AND ')}` : ''),
    params: conditions.flatMap((t) => t.params),
  });
  const order = ' ORDER BY received_date DESC, seq DESC LIMIT ?';
  const served = index === null ? undefined : terms.find((t) => t.index === index && t.alternatives);
  if (index !== null && served) {
    const others = terms.filter((t) => t !== served);
    const rest = others.map(whole);
    // With nothing but the page's position besides, an alternative with a table of its own
    // lists its cases from that table alone: no lookup in `cases` per match.
    const onlyKeyset = others.every((t) => t.keyset);
    const keyset = others.find((t) => t.keyset)?.keyset;
    const branchOf = (alternative: Condition) => {
      if (!alternative.own || !onlyKeyset) return select('cases', [alternative, ...rest]);
      const { table, where, params } = alternative.own;
      return {
        sql: `SELECT case_seq AS seq, received_date FROM ${table} WHERE ${where}` + (keyset ? ' AND (received_date, case_seq) < (?, ?)' : ''),
        params: [...params, ...(keyset ? [keyset.receivedDate, keyset.seq] : [])],
      };
    };
    const branches = [select(`cases INDEXED BY ${index}`, [served, ...rest]), ...(served.alternatives ?? []).map(branchOf)];
    return { sql: branches.map((b) => b.sql).join(' UNION ') + order, params: [...branches.flatMap((b) => b.params), c.limit + 1] };
  }
  const query = select(index ? `cases INDEXED BY ${index}` : 'cases', terms.map(whole));
  return { sql: query.sql + order, params: [...query.params, c.limit + 1] };
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
