import { describe, expect, it } from 'vitest';
import { checkOrganisationName, checkPersonName } from '../../../../electron/contract/validation/person-name';

function personMessage(input: string): string {
  const result = checkPersonName(input);
  if (result.ok) throw new Error(`expected ${input} to be refused`);
  return result.message;
}

function organisationMessage(input: string): string {
  const result = checkOrganisationName(input);
  if (result.ok) throw new Error(`expected ${input} to be refused`);
  return result.message;
}

describe('checkPersonName', () => {
  it('returns rare characters exactly as typed', () => {
    const names = [
      '𠮷野家', // U+20BB7, outside the BMP
      '\u{20BB7}田',
      '刘䶮', // U+4DAE, CJK Extension A, outside GBK
      '王𡈼', // U+2123C
      '李\u{2A6D6}', // last of Extension B
      '张\u{30000}', // Extension G
      '陈\uF900', // U+F900 compatibility ideograph: NFC would turn it into U+8C48
      '林\uFA10',
      '葛\u{E0100}', // ideographic variation selector kept with its base
      '〇〇',
    ];
    for (const name of names) {
      const result = checkPersonName(name);
      expect(result, name).toEqual({ ok: true, value: name });
      if (result.ok) {
        expect([...result.value].map((c) => c.codePointAt(0))).toEqual([...name].map((c) => c.codePointAt(0)));
      }
    }
    // The compatibility ideograph really is one that normalisation would have changed.
    expect('陈\uF900'.normalize('NFC')).not.toBe('陈\uF900');
  });

  it('trims only surrounding whitespace', () => {
    expect(checkPersonName('  𠮷野家\u3000')).toEqual({ ok: true, value: '𠮷野家' });
  });

  it('accepts minority and foreign names with their separators', () => {
    for (const name of [
      '阿依古丽·买买提',
      '爱新觉罗·溥仪',
      '玉苏甫·艾买提·托合提',
      'JOHN SMITH',
      "O'BRIEN",
      'O\u2019Brien',
      'Mary-Jane Watson',
      'José García',
      'Jose\u0301 Garci\u0301a', // decomposed accents stay decomposed
      'Nguyễn Văn An',
      'Алексей',
      '김민준',
      'さくら',
    ]) {
      expect(checkPersonName(name), name).toEqual({ ok: true, value: name });
    }
  });

  it('refuses empty input', () => {
    expect(personMessage('')).toBe('请输入姓名');
    expect(personMessage(' \u3000 ')).toBe('请输入姓名');
  });

  it('counts length in code points', () => {
    const fifty = '𠮷'.repeat(50); // 100 UTF-16 units
    expect(fifty.length).toBe(100);
    expect(checkPersonName(fifty)).toEqual({ ok: true, value: fifty });
    expect(personMessage('𠮷'.repeat(51))).toBe('姓名最多50个字，当前为51个字');
    expect(checkPersonName('𠮷')).toEqual({ ok: true, value: '𠮷' });
  });

  it('refuses digits, including full-width ones', () => {
    expect(personMessage('张三1')).toBe('姓名中不能有数字');
    expect(personMessage('张三１')).toBe('姓名中不能有数字');
  });

  it('refuses leading, trailing and doubled dots', () => {
    expect(personMessage('·阿依古丽')).toBe('姓名首尾不能是间隔号');
    expect(personMessage('阿依古丽·')).toBe('姓名首尾不能是间隔号');
    expect(personMessage('阿依古丽··买买提')).toBe('姓名中不能有连续的间隔号');
  });

  it('stores every typed 间隔号 as U+00B7', () => {
    for (const dot of ['\u30FB', '\u2027', '\u2022', '\uFF65', '\u0387', '\u2219', '\u22C5', '\u2E31', '\uA78F', '.', '\uFF0E', '\u3002']) {
      expect(checkPersonName(`阿卜杜${dot}艾尼`), dot).toEqual({ ok: true, value: '阿卜杜·艾尼' });
    }
    expect(checkPersonName(' 玉苏甫・艾买提•托合提 ')).toEqual({ ok: true, value: '玉苏甫·艾买提·托合提' });
    // A folded dot is still a dot: not at either end, never two in a row.
    expect(personMessage('・阿依古丽')).toBe('姓名首尾不能是间隔号');
    expect(personMessage('阿依古丽•・买买提')).toBe('姓名中不能有连续的间隔号');
  });

  it('refuses a full stop that is not between Chinese characters, saying which dot to use', () => {
    expect(personMessage('JOHN F. KENNEDY')).toBe('姓名中的间隔号请使用“·”，不能用“.”');
    expect(personMessage('阿依古丽.')).toContain('请使用“·”');
    expect(personMessage('JOHN．SMITH')).toContain('请使用“·”');
  });

  it('allows spaces only between Latin words', () => {
    expect(personMessage('张 三')).toBe('姓名中只有外文名的单词之间可以有一个空格');
    expect(personMessage('JOHN  SMITH')).toBe('姓名中只有外文名的单词之间可以有一个空格');
    expect(personMessage('张\u3000三')).toBe('姓名中只有外文名的单词之间可以有一个空格');
    expect(personMessage('JOHN 张')).toBe('姓名中只有外文名的单词之间可以有一个空格');
  });

  it('refuses leading or trailing apostrophes and hyphens', () => {
    expect(personMessage('-Mary')).toBe('姓名首尾不能是“-”');
    expect(personMessage("Mary'")).toBe('姓名首尾不能是“\'”');
  });

  it('names the offending character', () => {
    expect(personMessage('张三@')).toBe('姓名中不能有“@”');
    expect(personMessage('张三😀')).toBe('姓名中不能有“😀”');
    expect(personMessage('张\u200B三')).toBe('姓名中含有不可见字符（U+200B），请删除后重新输入');
    expect(personMessage('张\uE000')).toContain('自造字（U+E000）');
  });
});

describe('checkOrganisationName', () => {
  it('accepts real-world name shapes exactly as typed', () => {
    for (const name of [
      '华为技术有限公司',
      '深圳市腾讯计算机系统有限公司',
      '阿里巴巴（中国）有限公司',
      '某某(北京)科技有限公司',
      '北京某某投资中心（有限合伙）',
      '《求是》杂志社',
      'A&B咨询服务部',
      '张三、李四联合律师事务所',
      '某某国际·酒店管理有限公司',
      'Apple Inc.',
      'ABC Co., Ltd.',
      '北京第二〇一研究所',
      '𠮷野家餐饮有限公司',
      '陈\uF900记商行',
      '12345便利店',
      '某某-科技',
    ]) {
      expect(checkOrganisationName(name), name).toEqual({ ok: true, value: name });
    }
  });

  it('counts length in code points', () => {
    expect(organisationMessage('')).toBe('请输入单位名称');
    expect(organisationMessage('某')).toBe('单位名称至少2个字');
    expect(checkOrganisationName('𠮷𠮷').ok).toBe(true);
    const hundred = '𠮷'.repeat(100);
    expect(checkOrganisationName(hundred)).toEqual({ ok: true, value: hundred });
    expect(organisationMessage('𠮷'.repeat(101))).toBe('单位名称最多100个字，当前为101个字');
  });

  it('refuses leading and trailing punctuation', () => {
    expect(organisationMessage('、某某公司')).toBe('单位名称不能以“、”开头');
    expect(organisationMessage('某某公司、')).toBe('单位名称不能以“、”结尾');
    expect(organisationMessage('-某某公司')).toBe('单位名称不能以“-”开头');
    expect(organisationMessage('某某公司&')).toBe('单位名称不能以“&”结尾');
    expect(organisationMessage('某某公司.')).toBe('单位名称不能以“.”结尾');
    expect(organisationMessage('某某公司（')).toBe('单位名称不能以“（”结尾');
    expect(organisationMessage('）某某公司')).toBe('单位名称不能以“）”开头');
  });

  it('refuses unmatched brackets', () => {
    expect(organisationMessage('阿里巴巴（中国有限公司')).toBe('单位名称中的括号不成对');
    expect(organisationMessage('阿里巴巴中国）有限公司')).toBe('单位名称中的括号不成对');
  });

  it('refuses other characters and doubled spaces', () => {
    expect(organisationMessage('某某公司@')).toBe('单位名称中不能有“@”');
    expect(organisationMessage('某某公司。')).toContain('请使用“·”');
    expect(organisationMessage('ABC  Ltd')).toBe('单位名称中不能有连续的空格');
    expect(organisationMessage('某某\u3000公司')).toBe('单位名称中含有特殊空白（U+3000），请改为普通空格');
  });
});
