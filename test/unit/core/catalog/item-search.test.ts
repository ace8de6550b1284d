import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pinyin, polyphonic } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { loadCatalogFile } from '../../../../electron/core/catalog/catalog-file-schema';
import type { SearchableItem, SearchHit } from '../../../../electron/core/catalog/item-search';
import { buildSearchIndex, searchItems } from '../../../../electron/core/catalog/item-search';

const catalogPath = fileURLToPath(new URL('../../../../resources/catalog/default-catalog.json', import.meta.url));
const catalog = loadCatalogFile(JSON.parse(readFileSync(catalogPath, 'utf8')) as unknown);
const index = buildSearchIndex(catalog.items);
const nameOf = new Map(catalog.items.map((item) => [item.code, item.name]));

function codeOf(name: string): string {
  const item = catalog.items.find((candidate) => candidate.name === name);
  if (item === undefined) throw new Error(`no item ${name}`);
  return item.code;
}

function names(hits: readonly SearchHit[]): string[] {
  return hits.map((hit) => nameOf.get(hit.code) ?? hit.code);
}

function item(code: string, name: string, department = '区政务服务管理办公室'): SearchableItem {
  return { code, name, department };
}

describe('searchItems on the shipped catalog', () => {
  it('finds 个体工商户设立登记 by initials, in any case and width, spaces ignored', () => {
    for (const query of ['gtgs', 'GTGS', 'ｇｔｇｓ', ' g t g s ', 'gtgshsldj']) {
      const hits = searchItems(index, query, 10);
      expect(names(hits)[0], query).toBe('个体工商户设立登记');
      expect(hits[0]?.matchedBy, query).toBe('initials');
    }
  });

  it('finds it by the start of its full pinyin', () => {
    const hits = searchItems(index, 'geti', 10);
    expect(names(hits)).toEqual(['个体工商户设立登记']);
    expect(hits[0]?.matchedBy).toBe('pinyin');
  });

  it('finds it by Chinese characters', () => {
    const hits = searchItems(index, '个体', 10);
    expect(names(hits)[0]).toBe('个体工商户设立登记');
    expect(hits[0]?.matchedBy).toBe('name');
  });

  it('finds items by a code prefix, and the exact code first', () => {
    const code = codeOf('不动产登记资料查询');
    const prefix = code.slice(0, 18); // the department's part of the code
    const byPrefix = searchItems(index, prefix.toLowerCase(), 10);
    expect(byPrefix.length).toBe(4);
    expect(byPrefix.every((hit) => hit.matchedBy === 'code' && hit.code.startsWith(prefix))).toBe(true);

    const exact = searchItems(index, code, 10);
    expect(exact[0]).toEqual({ code, score: 1000, matchedBy: 'code' });
    expect(exact.slice(1).every((hit) => hit.score < 1000)).toBe(true);
  });

  it('finds items by department, below name matches', () => {
    const hits = searchItems(index, '民政', 10);
    expect(new Set(names(hits))).toEqual(new Set(['社会团体成立登记', '最低生活保障申请']));
    expect(hits.every((hit) => hit.matchedBy === 'department')).toBe(true);
  });

  it('finds a polyphonic name under its contextual reading first and another reading below it', () => {
    // 会 is hui in 社会, kuai in 会计; a clerk may type either.
    const contextual = searchItems(index, 'shtt', 10);
    const other = searchItems(index, 'sktt', 10);
    expect(names(contextual)).toEqual(['社会团体成立登记']);
    expect(names(other)).toEqual(['社会团体成立登记']);
    expect(contextual[0]?.matchedBy).toBe('initials');
    expect(other[0]?.matchedBy).toBe('initials');
    expect(other[0]?.score ?? 0).toBeLessThan(contextual[0]?.score ?? 0);
  });

  it('finds a syllable inside the name by full pinyin', () => {
    const hits = searchItems(index, 'yanglao', 10);
    expect(names(hits)).toEqual(['城乡居民基本养老保险参保登记']);
    expect(hits[0]?.matchedBy).toBe('pinyin');
    // Not from the middle of a syllable.
    expect(searchItems(index, 'anglao', 10)).toEqual([]);
  });

  it('accepts v, u and ü for the ü of 居 (written ju in pinyin)', () => {
    for (const query of ['juzhuzheng', 'jvzhuzheng', 'jüzhuzheng', 'JÜZHUZHENG', 'ju:zhuzheng', 'jv', 'jvzhu']) {
      const hits = searchItems(index, query, 10);
      expect(names(hits)[0], query).toBe('居住证申领');
      expect(hits[0]?.matchedBy, query).toBe('pinyin');
    }
  });

  it('accepts v, u and ü for the ü of 许 inside a name, after x', () => {
    const licences = catalog.items.filter((i) => i.name.includes('许可')).map((i) => i.name).sort();
    expect(licences.length).toBeGreaterThan(1);
    for (const query of ['xuke', 'xvke', 'xüke']) expect(names(searchItems(index, query, 50)).sort(), query).toEqual(licences);
  });

  it('does not take a typed v for a plain u', () => {
    // 道路 is dao lu: no ü in it.
    expect(names(searchItems(index, 'daolu', 10))).toContain('道路货物运输经营许可');
    expect(names(searchItems(index, 'daolv', 10))).toEqual([]);
  });

  it('returns nothing for an empty or blank query, or a limit below 1', () => {
    expect(searchItems(index, '', 10)).toEqual([]);
    expect(searchItems(index, '   　', 10)).toEqual([]);
    expect(searchItems(index, '登记', 0)).toEqual([]);
    expect(searchItems(buildSearchIndex([]), 'gtgs', 10)).toEqual([]);
  });

  it('honours the limit', () => {
    expect(searchItems(index, '登记', 3)).toHaveLength(3);
    expect(searchItems(index, '登记', 2.9)).toHaveLength(2);
  });
});

describe('searchItems ranking', () => {
  it('ranks a name-prefix hit above an initials hit', () => {
    const ranked = buildSearchIndex([item('C2', '儿童出生证明补办'), item('C1', 'ETC卡办理')]);
    expect(searchItems(ranked, 'etc', 10)).toEqual([
      { code: 'C1', score: 800, matchedBy: 'name' },
      { code: 'C2', score: 600, matchedBy: 'initials' },
    ]);
  });

  it('orders exact code > code prefix > name prefix > name contains > initials prefix > initials contains > department', () => {
    const items = [
      item('Q7', '户籍事项', 'BZ服务站'),
      item('Q6', '全部证件'),
      item('Q5', '办证指南'),
      item('Q4', '社保BZ'),
      item('Q3', 'BZ窗口'),
      item('BZ-100', '乙'),
      item('BZ', '甲'),
    ];
    const hits = searchItems(buildSearchIndex(items), 'bz', 10);
    expect(hits.map((hit) => [hit.code, hit.matchedBy])).toEqual([
      ['BZ', 'code'],
      ['BZ-100', 'code'],
      ['Q3', 'name'],
      ['Q4', 'name'],
      ['Q5', 'initials'],
      ['Q6', 'initials'],
      ['Q7', 'department'],
    ]);
    const scores = hits.map((hit) => hit.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(new Set(scores).size).toBe(scores.length);
  });

  it('ranks a full-pinyin prefix above a syllable inside the name', () => {
    const items = [item('P3', '出生证明'), item('P2', '证明开具'), item('P1', '正面免冠照片')];
    const hits = searchItems(buildSearchIndex(items), 'zhengm', 10);
    expect(hits.map((hit) => [hit.code, hit.matchedBy])).toEqual([
      ['P2', 'pinyin'], // zhengming…: prefix, shorter name
      ['P1', 'pinyin'], // zhengmian…: prefix
      ['P3', 'pinyin'], // chusheng|zhengming: from a syllable inside
    ]);
    expect(hits[1]?.score).toBe(hits[0]?.score);
    expect(hits[2]?.score ?? 0).toBeLessThan(hits[1]?.score ?? 0);
  });

  it('breaks ties by shorter name, then code', () => {
    const items = [item('C', '个体工商户设立登记'), item('B', '公司注销登记'), item('A', '公司变更登记')];
    const hits = searchItems(buildSearchIndex(items), '登记', 10);
    expect(hits.map((hit) => hit.code)).toEqual(['A', 'B', 'C']);
  });

  it('uses the contextual reading of polyphonic characters and indexes the other initials', () => {
    const items = [item('B1', '重庆银行开户许可'), item('B2', '长江航运许可')];
    const search = buildSearchIndex(items);
    expect(searchItems(search, 'cqyh', 10)).toEqual([{ code: 'B1', score: 600, matchedBy: 'initials' }]);
    expect(searchItems(search, 'chongqingyinhang', 10)).toEqual([{ code: 'B1', score: 400, matchedBy: 'pinyin' }]);
    // 重 zhòng and 行 xíng are the other readings: found, ranked below the contextual reading.
    expect(searchItems(search, 'zqyx', 10)).toEqual([{ code: 'B1', score: 560, matchedBy: 'initials' }]);
    expect(searchItems(search, 'yxkh', 10)).toEqual([{ code: 'B1', score: 460, matchedBy: 'initials' }]);
    // 长江 is chang here; zhang is the other reading.
    expect(searchItems(search, 'cj', 10)[0]?.code).toBe('B2');
    expect(searchItems(search, 'zjhy', 10)).toEqual([{ code: 'B2', score: 560, matchedBy: 'initials' }]);
    // Full pinyin is indexed for the contextual reading only.
    expect(searchItems(search, 'yinxing', 10)).toEqual([]);
  });

  it('accepts v, u and ü wherever the reading has ü: after l and n, and after j, q, x, y', () => {
    const search = buildSearchIndex([
      item('L1', '旅行社设立许可'),
      item('N1', '妇女儿童维权'),
      item('Q1', '取水许可'),
      item('Y1', '预约登记'),
      item('R1', '道路运输许可'),
      item('E1', '律师执业'),
    ]);
    const codes = (query: string) => searchItems(search, query, 10).map((hit) => hit.code).sort();
    for (const query of ['lvxing', 'lüxing', 'luxing', 'LÜXING', 'lu:xing']) expect(codes(query), query).toEqual(['L1']);
    for (const query of ['funv', 'funü', 'funu']) expect(codes(query), query).toEqual(['N1']);
    for (const query of ['qushui', 'qvshui', 'qǚshui']) expect(codes(query), query).toEqual(['Q1']);
    for (const query of ['yuyue', 'yvyve', 'yüyüe']) expect(codes(query), query).toEqual(['Y1']);
    // u stands for u or ü; v only for ü (律 lü, 路 lu).
    expect(codes('lu')).toEqual(['E1', 'L1', 'R1']);
    expect(codes('lv')).toEqual(['E1', 'L1']);
    expect(codes('lüshi')).toEqual(['E1']);
  });

  it('types Latin letters and digits in a name as themselves and skips punctuation', () => {
    const search = buildSearchIndex([item('E1', 'ETC（电子不停车收费）卡办理'), item('E2', '12345热线工单办理')]);
    expect(searchItems(search, 'etcdzbtc', 10)[0]?.code).toBe('E1');
    expect(searchItems(search, '12345rx', 10)).toEqual([{ code: 'E2', score: 600, matchedBy: 'initials' }]);
    expect(searchItems(search, '12345rexian', 10)).toEqual([{ code: 'E2', score: 400, matchedBy: 'pinyin' }]);
  });
});

// The index lays keys out in long strings and bit masks for speed; this restates the ranking
// rules plainly, item by item, and checks the two agree on every query it can think of.
describe('searchItems agrees with a plain restatement of the ranking rules', () => {
  const normalize = (value: string): string => value.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');

  interface Plain {
    code: string;
    name: string;
    department: string;
    initials: string;
    readings: string[];
    pinyin: string;
    syllableStarts: Set<number>;
  }

  function plain(entry: SearchableItem): Plain {
    const key = normalize(entry.name);
    const chars = Array.from(key);
    const syllables = pinyin(key, { toneType: 'none', type: 'array', v: true });
    const others = polyphonic(key, { toneType: 'none', type: 'array', pattern: 'first' });
    const out: Plain = { ...entry, initials: '', readings: [], pinyin: '', syllableStarts: new Set() };
    chars.forEach((char, i) => {
      // ü is v in the key, also where pinyin writes it u (居 ju → jv).
      const syllable = /\p{Script=Han}/u.test(char) ? (syllables[i] ?? '').replace(/^([jqxy])u/, '$1v') : '';
      const text = /^[a-z]+$/.test(syllable) ? syllable : /^[a-z0-9]$/.test(char) ? char : '';
      if (text === '') return;
      let allowed = text.charAt(0);
      if (syllable !== '') {
        for (const letter of (others[i] ?? []).map((r) => r.charAt(0))) {
          if (allowed.length < 4 && !allowed.includes(letter)) allowed += letter;
        }
      }
      out.initials += text.charAt(0);
      out.readings.push(/^[0-9]$/.test(allowed) ? '' : allowed);
      out.syllableStarts.add(out.pinyin.length);
      out.pinyin += text;
    });
    return out;
  }

  function readingAt(p: Plain, q: string, at: number): boolean {
    return Array.from(q).every((letter, j) => (p.readings[at + j] ?? '').includes(letter));
  }

  /** q as a pattern over the key's pinyin: a typed u stands for u or ü (v in the key), a v only for ü. */
  const pinyinPattern = (q: string) => new RegExp(q.replace(/u/g, '[uv]'), 'y');

  function tier(p: Plain, q: string, pinyinQuery = pinyinPattern(q)): number | undefined {
    const code = p.code.toLowerCase();
    const name = normalize(p.name);
    if (/^[a-z0-9-]+$/.test(q) && code === q) return 1000;
    if (/^[a-z0-9-]+$/.test(q) && code.startsWith(q)) return 900;
    if (name.startsWith(q)) return 800;
    if (name.includes(q)) return 700;
    if (/^[a-z0-9]+$/.test(q)) {
      const letters = /^[a-z]+$/.test(q);
      if (p.initials.startsWith(q)) return 600;
      if (letters && readingAt(p, q, 0)) return 560;
      if (p.initials.includes(q)) return 500;
      if (letters && p.readings.some((_, at) => at > 0 && readingAt(p, q, at))) return 460;
      const matchesAt = (at: number) => {
        pinyinQuery.lastIndex = at;
        return pinyinQuery.test(p.pinyin);
      };
      if (matchesAt(0)) return 400;
      if ([...p.syllableStarts].some(matchesAt)) return 300;
    }
    if (normalize(p.department).includes(q)) return 200;
    return undefined;
  }

  // An item's keys depend on nothing but the item: worked out once, not once per query.
  const plains = new Map<SearchableItem, Plain>();
  const plainOf = (entry: SearchableItem): Plain => {
    let p = plains.get(entry);
    if (p === undefined) {
      p = plain(entry);
      plains.set(entry, p);
    }
    return p;
  };

  function reference(items: readonly SearchableItem[], query: string): Array<[string, number]> {
    const q = normalize(query).replace(/u:/g, 'v').replace(/[üǖǘǚǜ]/gu, 'v');
    if (q === '') return [];
    const pinyinQuery = pinyinPattern(q);
    return items
      .map(plainOf)
      .flatMap((p): Array<{ p: Plain; score: number }> => {
        const score = tier(p, q, pinyinQuery);
        return score === undefined ? [] : [{ p, score }];
      })
      .sort((a, b) => {
        if (a.score !== b.score) return b.score - a.score;
        const byLength = Array.from(a.p.name).length - Array.from(b.p.name).length;
        if (byLength !== 0) return byLength;
        return a.p.code < b.p.code ? -1 : a.p.code > b.p.code ? 1 : 0;
      })
      .map(({ p, score }) => [p.code, score]);
  }

  it('on queries drawn from the shipped catalog', () => {
    const plainItems = catalog.items.map(plainOf);
    const queries = new Set<string>(['g', 'x', 'sb', 'zz', 'qq', 'dj', 'dengji', 'zheng', '区', '登记', '许可', '11', '-', 'mb1', 'jvzhu', 'jüzhu', 'xvke', 'lu', 'lv', 'falu', 'falv']);
    for (const p of plainItems) {
      for (let length = 1; length <= 4; length += 1) {
        for (let at = 0; at + length <= p.initials.length; at += 3) queries.add(p.initials.slice(at, at + length));
      }
      for (const at of p.syllableStarts) {
        queries.add(p.pinyin.slice(at, at + 5));
        // The same with every ü typed as u, as most people type it.
        queries.add(p.pinyin.slice(at, at + 5).replace(/v/g, 'u'));
      }
      queries.add(p.pinyin.slice(0, 7));
      queries.add(p.name.slice(1, 3));
      queries.add(p.code.slice(0, 22));
      queries.add(p.department.slice(1, 3));
      queries.add(p.readings.map((r) => r.charAt(r.length - 1)).join('').slice(0, 4));
    }
    for (const query of queries) {
      const fast = searchItems(index, query, 1000).map((hit): [string, number] => [hit.code, hit.score]);
      expect(fast, query).toEqual(reference(catalog.items, query));
    }
  });
});
