import { pinyin, polyphonic } from 'pinyin-pro';

// As-you-type search over the item catalog. It runs on every keystroke at the window, so all
// pinyin work happens once in buildSearchIndex. Names, initials and pinyin are each laid out as
// one long string with the items' keys separated by a newline, so a query is a few native
// indexOf scans rather than thousands of small string calls (at 3,000 items the per-item
// version took about 1 ms, this one about 0.1 ms); codes are found by binary search and each
// department is matched once.

export interface SearchableItem {
  readonly code: string;
  readonly name: string;
  readonly department: string;
}

export type MatchedBy = 'code' | 'name' | 'initials' | 'pinyin' | 'department';

export interface SearchHit {
  code: string;
  score: number;
  matchedBy: MatchedBy;
}

/** All items' keys of one kind, each preceded by SEPARATOR, in entry order. */
interface KeyColumn {
  readonly text: string;
  /** starts[i] is where entry i's key begins in text. */
  readonly starts: Int32Array;
}

/**
 * Plain data (strings and typed arrays), built once per catalog version. Callers should treat
 * it as opaque: its layout serves searchItems and may change.
 */
export interface ItemSearchIndex {
  /** Item codes in tie-break order (shorter name, then code), so ranking needs no sort per query. */
  readonly codes: readonly string[];
  /**
   * Lower-cased codes in ascending order with the entry each belongs to: a code prefix is a
   * contiguous run found by binary search. (indexOf with a long pattern re-prepares its search
   * tables on every call, which cost far more than the search itself.)
   */
  readonly sortedCodeKeys: readonly string[];
  readonly sortedCodeEntries: Int32Array;
  readonly name: KeyColumn;
  /** Initials of the contextual reading (银行 → yh), letters and digits only. */
  readonly initials: KeyColumn;
  /**
   * For each position of initials.text, a bit per letter (a = bit 0) that the character's
   * initial can be under any of its readings (行 → h | x). Kept per position instead of expanding
   * the combinations, so a name full of polyphonic characters costs no more than any other.
   */
  readonly initialsAlternatives: Uint32Array;
  /** Per entry, the union of its initialsAlternatives: every letter any reading starts with. */
  readonly alternativesUnion: Uint32Array;
  /**
   * Full toneless pinyin of the contextual reading, no separators between syllables; every ü is
   * v, also where pinyin writes it u (居 jv, 元 yvan), see uSpelledV.
   */
  readonly pinyin: KeyColumn;
  /**
   * For each position of initials.text, where that character's syllable begins in pinyin.text
   * (-1 at separators). Pinyin can only match from a syllable start, so a query is tried only at
   * the syllables whose initial is its first letter, instead of at every occurrence of it.
   */
  readonly syllableAt: Int32Array;
  /** A hall has a few dozen departments; each is matched once and its items looked up. */
  readonly departmentKeys: readonly string[];
  readonly departmentOf: Int32Array;
}

/** Never part of a key: whitespace is removed from names and queries, codes have none. */
const SEPARATOR = '\n';

/** Readings beyond this many initials per character are rare ones that only add noise. */
const MAX_INITIALS_PER_CHAR = 4;

// Tiers, best first. Readings other than the contextual one rank just below it: the clerk most
// likely typed what the name sounds like, and 不 (fǒu) or 会 (kuài) must not crowd out the
// obvious item.
const TIERS: ReadonlyArray<{ readonly score: number; readonly matchedBy: MatchedBy }> = [
  { score: 1000, matchedBy: 'code' }, // exact code
  { score: 900, matchedBy: 'code' }, // code prefix
  { score: 800, matchedBy: 'name' }, // name prefix
  { score: 700, matchedBy: 'name' }, // name contains
  { score: 600, matchedBy: 'initials' }, // initials prefix
  { score: 560, matchedBy: 'initials' }, // initials prefix, another reading
  { score: 500, matchedBy: 'initials' }, // initials contains
  { score: 460, matchedBy: 'initials' }, // initials contains, another reading
  { score: 400, matchedBy: 'pinyin' }, // full pinyin prefix
  { score: 300, matchedBy: 'pinyin' }, // full pinyin from a syllable inside the name
  { score: 200, matchedBy: 'department' }, // department contains
];
const TIER = {
  codeExact: 0,
  codePrefix: 1,
  namePrefix: 2,
  nameContains: 3,
  initialsPrefix: 4,
  altInitialsPrefix: 5,
  initialsContains: 6,
  altInitialsContains: 7,
  pinyinPrefix: 8,
  pinyinSyllable: 9,
  department: 10,
} as const;
const NO_MATCH = 255;

const HAN = /\p{Script=Han}/u;
const ALNUM_CHAR = /^[a-z0-9]$/;
const LETTER = /^[a-z]$/;
const LETTERS_QUERY = /^[a-z]+$/;
const ALNUM_QUERY = /^[a-z0-9]+$/;
const CODE_QUERY = /^[a-z0-9-]+$/;
const WHITESPACE = /\s+/gu;

/**
 * Folds full-width letters and digits (an IME left in full-width mode types ｇｔｇｓ) and case,
 * and drops whitespace, so queries and keys compare the same way.
 */
function normalize(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(WHITESPACE, '');
}

/**
 * Writes every ü of a toneless syllable as v. pinyin-pro (v: true) already gives lv, nv, lve
 * for 旅, 女, 略, but after j, q, x and y pinyin spells ü as u (居 ju, 学 xue, 元 yuan); those
 * are ü all the same, and typed as jv or jü by many. The key holds v wherever the reading
 * has ü, so a query's v, ü or u can be matched against it (see pinyinMatchesAt).
 */
function uSpelledV(syllable: string): string {
  return syllable.replace(/^([jqxy])u/, '$1v');
}

/**
 * The ways ü is typed in a pinyin query, all as v: ü itself (also with a tone mark, ǖǘǚǜ, from
 * a pinyin keyboard) and u: (the CEDICT spelling). A plain u is left as it is: it matches both
 * u and ü in the key.
 */
function foldUmlaut(query: string): string {
  return query.replace(/u:/g, 'v').replace(/[üǖǘǚǜ]/gu, 'v');
}

const U = 'u'.charCodeAt(0);
const V = 'v'.charCodeAt(0);

/**
 * Whether query matches the key text from `at` on, where the key spells every ü as v: a v in
 * the query matches only ü (lv is 旅, never 路), a u matches u or ü (lu finds 路 and 旅, ju
 * finds 居), any other letter only itself.
 */
function pinyinMatchesAt(text: string, at: number, query: string): boolean {
  if (at + query.length > text.length) return false;
  for (let j = 0; j < query.length; j += 1) {
    const want = query.charCodeAt(j);
    const have = text.charCodeAt(at + j);
    if (want !== have && !(want === U && have === V)) return false;
  }
  return true;
}
function letterBit(letter: string): number {
  return 1 << (letter.charCodeAt(0) - 97);
}

interface PinyinKeys {
  initials: string;
  /** Letter masks per character of initials; 0 for a digit, which only matches itself. */
  alternatives: number[];
  pinyin: string;
  syllableOffsets: number[];
}

function pinyinKeys(nameKey: string): PinyinKeys {
  const chars = Array.from(nameKey);
  // Word-level conversion picks the contextual reading (银行 hang, 重庆 chong).
  const syllables = pinyin(nameKey, { toneType: 'none', type: 'array', v: true });
  const readings = polyphonic(nameKey, { toneType: 'none', type: 'array', pattern: 'first' });
  // Both return one entry per code point; should a future version group differently, fall back
  // to treating the name as plain text rather than misalign initials with characters.
  const aligned = syllables.length === chars.length && readings.length === chars.length;

  const keys: PinyinKeys = { initials: '', alternatives: [], pinyin: '', syllableOffsets: [] };
  chars.forEach((char, i) => {
    const syllable = aligned && HAN.test(char) ? uSpelledV((syllables[i] ?? '').toLowerCase()) : '';
    if (/^[a-z]+$/.test(syllable)) {
      const first = syllable.charAt(0);
      let mask = letterBit(first);
      let count = 1;
      for (const reading of readings[i] ?? []) {
        const letter = reading.charAt(0).toLowerCase();
        if (count < MAX_INITIALS_PER_CHAR && LETTER.test(letter) && (mask & letterBit(letter)) === 0) {
          mask |= letterBit(letter);
          count += 1;
        }
      }
      keys.initials += first;
      keys.alternatives.push(mask);
      keys.syllableOffsets.push(keys.pinyin.length);
      keys.pinyin += syllable;
    } else if (ALNUM_CHAR.test(char)) {
      // Latin letters and digits in a name (ETC, 12345) are typed as themselves.
      keys.initials += char;
      keys.alternatives.push(LETTER.test(char) ? letterBit(char) : 0);
      keys.syllableOffsets.push(keys.pinyin.length);
      keys.pinyin += char;
    }
    // Punctuation and unconvertible characters are skipped: nobody types （ in a pinyin query.
  });
  return keys;
}

function column(keys: readonly string[]): KeyColumn {
  const starts = new Int32Array(keys.length);
  let length = 0;
  keys.forEach((key, i) => {
    starts[i] = length + SEPARATOR.length;
    length += SEPARATOR.length + key.length;
  });
  // One join yields a flat string; concatenating pieces would leave a rope to flatten later.
  return { text: ['', ...keys].join(SEPARATOR), starts };
}

/** Precomputes every key a query is compared against; call once per catalog version. */
export function buildSearchIndex(items: ReadonlyArray<SearchableItem>): ItemSearchIndex {
  const ordered = items
    .map((item) => ({ item, nameLength: Array.from(item.name).length }))
    // Plain < comparison, not localeCompare: the order must not depend on the machine's locale.
    .sort((a, b) => {
      if (a.nameLength !== b.nameLength) return a.nameLength - b.nameLength;
      return a.item.code < b.item.code ? -1 : a.item.code > b.item.code ? 1 : 0;
    })
    .map(({ item }) => item);

  const nameKeys = ordered.map((item) => normalize(item.name));
  const pinyinOfNames = nameKeys.map(pinyinKeys);
  const initials = column(pinyinOfNames.map((keys) => keys.initials));
  const pinyinColumn = column(pinyinOfNames.map((keys) => keys.pinyin));

  const initialsAlternatives = new Uint32Array(initials.text.length);
  const alternativesUnion = new Uint32Array(ordered.length);
  const syllableAt = new Int32Array(initials.text.length).fill(-1);
  pinyinOfNames.forEach((keys, i) => {
    const initialsStart = initials.starts[i] ?? 0;
    keys.alternatives.forEach((mask, j) => {
      initialsAlternatives[initialsStart + j] = mask;
      alternativesUnion[i] = (alternativesUnion[i] ?? 0) | mask;
    });
    const pinyinStart = pinyinColumn.starts[i] ?? 0;
    keys.syllableOffsets.forEach((offset, j) => {
      syllableAt[initialsStart + j] = pinyinStart + offset;
    });
  });

  const codeOrder = ordered
    .map((item, entry) => ({ key: item.code.toLowerCase(), entry }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.entry - b.entry));

  const departmentKeys: string[] = [];
  const departmentIds = new Map<string, number>();
  const departmentOf = new Int32Array(ordered.length);
  ordered.forEach((item, entry) => {
    const key = normalize(item.department);
    let id = departmentIds.get(key);
    if (id === undefined) {
      id = departmentKeys.length;
      departmentIds.set(key, id);
      departmentKeys.push(key);
    }
    departmentOf[entry] = id;
  });

  return {
    codes: ordered.map((item) => item.code),
    sortedCodeKeys: codeOrder.map((c) => c.key),
    sortedCodeEntries: Int32Array.from(codeOrder, (c) => c.entry),
    name: column(nameKeys),
    initials,
    initialsAlternatives,
    alternativesUnion,
    pinyin: pinyinColumn,
    syllableAt,
    departmentKeys,
    departmentOf,
  };
}

function keyEnd(col: KeyColumn, entry: number): number {
  // The next key's start is one past its separator.
  return entry + 1 < col.starts.length ? (col.starts[entry + 1] ?? 0) - SEPARATOR.length : col.text.length;
}

/**
 * Gives each entry whose key contains query the prefix or the contains tier. Only the first
 * occurrence in a key is looked at: it is the leftmost, so if it is not a prefix none is.
 */
function scanKeys(col: KeyColumn, query: string, best: Uint8Array, prefixTier: number, containsTier: number): void {
  const { starts, text } = col;
  let entry = 0;
  let at = text.indexOf(query);
  while (at !== -1) {
    // Occurrences come in text order, so the owning entry only ever moves forward.
    while (entry + 1 < starts.length && (starts[entry + 1] ?? 0) <= at) entry += 1;
    improve(best, entry, at === starts[entry] ? prefixTier : containsTier);
    // A match never spans a separator, so the next entry's occurrences come next.
    at = text.indexOf(query, keyEnd(col, entry));
  }
}

/** First index whose key is not below value. */
function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? '') < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function improve(best: Uint8Array, entry: number, tier: number): void {
  if (tier < (best[entry] ?? NO_MATCH)) best[entry] = tier;
}

/** Matches of a letters-only query against every reading's initials, position by position. */
function scanAlternatives(index: ItemSearchIndex, query: string, best: Uint8Array): void {
  const masks = index.initialsAlternatives;
  const { starts } = index.initials;
  const queryBits = Array.from(query, letterBit);
  const queryMask = queryBits.reduce((all, bit) => all | bit, 0);
  const unions = index.alternativesUnion;
  for (let entry = 0; entry < unions.length; entry += 1) {
    // Most names lack one of the query's letters under every reading; skip them whole.
    if (((unions[entry] ?? 0) & queryMask) !== queryMask) continue;
    if ((best[entry] ?? NO_MATCH) <= TIER.altInitialsPrefix) continue;
    const start = starts[entry] ?? 0;
    const last = keyEnd(index.initials, entry) - queryBits.length;
    for (let at = start; at <= last; at += 1) {
      let j = 0;
      while (j < queryBits.length && ((masks[at + j] ?? 0) & (queryBits[j] ?? 0)) !== 0) j += 1;
      if (j === queryBits.length) {
        // The first match is the leftmost, so only it can be a prefix.
        improve(best, entry, at === start ? TIER.altInitialsPrefix : TIER.altInitialsContains);
        break;
      }
    }
  }
}

/** Full-pinyin matches: "geti" from the name's start, "dengji" from a syllable inside it. */
function scanPinyin(index: ItemSearchIndex, query: string, best: Uint8Array): void {
  const { text, starts } = index.initials;
  const pinyinText = index.pinyin.text;
  let entry = 0;
  let at = text.indexOf(query.charAt(0));
  while (at !== -1) {
    while (entry + 1 < starts.length && (starts[entry + 1] ?? 0) <= at) entry += 1;
    let next = at + 1;
    if ((best[entry] ?? NO_MATCH) <= TIER.pinyinPrefix) {
      next = keyEnd(index.initials, entry);
    } else {
      const syllable = index.syllableAt[at] ?? -1;
      if (syllable >= 0 && pinyinMatchesAt(pinyinText, syllable, query)) {
        // Syllables are tried left to right, so the first match is the entry's best.
        improve(best, entry, at === starts[entry] ? TIER.pinyinPrefix : TIER.pinyinSyllable);
        next = keyEnd(index.initials, entry);
      }
    }
    at = text.indexOf(query.charAt(0), next);
  }
}

/**
 * Items matching the query, best first: exact code > code prefix > name prefix > name contains >
 * initials prefix > initials contains > full-pinyin prefix (then from a syllable inside the
 * name) > department; ties by shorter name, then code. The query is trimmed, case-insensitive
 * and spaces are ignored; in full pinyin ü may be typed as v, u or ü (jvzhuzheng, juzhuzheng and
 * jüzhuzheng all find 居住证). An empty query finds nothing.
 */
export function searchItems(index: ItemSearchIndex, query: string, limit: number): SearchHit[] {
  const q = foldUmlaut(normalize(query));
  const max = Math.floor(limit);
  if (q === '' || !(max > 0) || index.codes.length === 0) return [];

  const best = new Uint8Array(index.codes.length).fill(NO_MATCH);

  if (CODE_QUERY.test(q)) {
    // Keys starting with q sort between q itself and q followed by the highest code unit.
    const keys = index.sortedCodeKeys;
    const from = lowerBound(keys, q);
    const to = lowerBound(keys, `${q}\uffff`);
    for (let i = from; i < to; i += 1) {
      improve(best, index.sortedCodeEntries[i] ?? 0, keys[i]?.length === q.length ? TIER.codeExact : TIER.codePrefix);
    }
  }

  scanKeys(index.name, q, best, TIER.namePrefix, TIER.nameContains);

  if (ALNUM_QUERY.test(q)) {
    scanKeys(index.initials, q, best, TIER.initialsPrefix, TIER.initialsContains);
    if (LETTERS_QUERY.test(q)) scanAlternatives(index, q, best);
    // A single letter at a syllable start is an initial, already matched above.
    if (q.length > 1) scanPinyin(index, q, best);
  }

  const departmentMatches = index.departmentKeys.map((key) => key.includes(q));
  if (departmentMatches.includes(true)) {
    for (let entry = 0; entry < best.length; entry += 1) {
      if (departmentMatches[index.departmentOf[entry] ?? 0] === true) improve(best, entry, TIER.department);
    }
  }

  // Entries are already in tie-break order, so grouping by tier yields the final ranking.
  const byTier: number[][] = TIERS.map(() => []);
  for (let entry = 0; entry < best.length; entry += 1) {
    const tier = best[entry] ?? NO_MATCH;
    if (tier !== NO_MATCH) byTier[tier]?.push(entry);
  }
  const hits: SearchHit[] = [];
  TIERS.forEach(({ score, matchedBy }, tier) => {
    for (const entry of byTier[tier] ?? []) {
      if (hits.length >= max) return;
      hits.push({ code: index.codes[entry] ?? '', score, matchedBy });
    }
  });
  return hits;
}
