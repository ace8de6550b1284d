import { describe, expect, it } from 'vitest';
import { checkOrganisationName } from '../../../../electron/contract/validation/person-name';
import { foldNameDots, nameSearchKey, nameTails } from '../../../../electron/contract/validation/name-dots';

describe('foldNameDots', () => {
  it('folds each way of typing the 间隔号 to U+00B7 and says which were replaced', () => {
    expect(foldNameDots('阿卜杜\u30FB艾尼')).toEqual({ value: '阿卜杜·艾尼', replaced: ['\u30FB'] });
    expect(foldNameDots('阿卜杜•艾尼')).toEqual({ value: '阿卜杜·艾尼', replaced: ['•'] });
    expect(foldNameDots('玉苏甫‧艾买提\uFF65托合提‧买买提')).toEqual({ value: '玉苏甫·艾买提·托合提·买买提', replaced: ['‧', '\uFF65'] });
    // Greek ano teleia looks identical and is canonically U+00B7.
    expect(foldNameDots('迪丽热巴\u0387迪力木拉提').value).toBe('迪丽热巴·迪力木拉提');
  });

  it('leaves a name already written with U+00B7, and everything else, exactly as given', () => {
    expect(foldNameDots('阿依古丽·买买提')).toEqual({ value: '阿依古丽·买买提', replaced: [] });
    // No normalisation: a compatibility ideograph and a character beyond the BMP survive.
    expect(foldNameDots('陈\uF900•𠮷')).toEqual({ value: '陈\uF900·𠮷', replaced: ['•'] });
    expect(foldNameDots(' JOHN SMITH ')).toEqual({ value: ' JOHN SMITH ', replaced: [] });
  });

  it('takes a full stop for the dot only between two Chinese characters', () => {
    expect(foldNameDots('买买提.艾力').value).toBe('买买提·艾力');
    expect(foldNameDots('买买提。艾力').value).toBe('买买提·艾力');
    expect(foldNameDots('买买提．艾力').value).toBe('买买提·艾力');
    expect(foldNameDots('JOHN F. KENNEDY').value).toBe('JOHN F. KENNEDY');
    expect(foldNameDots('买买提.').value).toBe('买买提.');
    expect(foldNameDots('某某.某某', { fullStops: false }).value).toBe('某某.某某');
  });

  it('folds the dot in an organisation name but keeps its full stops', () => {
    expect(checkOrganisationName('迈克尔•乔丹体育用品有限公司')).toEqual({ ok: true, value: '迈克尔·乔丹体育用品有限公司' });
    expect(checkOrganisationName('ABC Co., Ltd.')).toEqual({ ok: true, value: 'ABC Co., Ltd.' });
  });
});

describe('name search keys', () => {
  it('meet whichever dot the name and the search were typed with', () => {
    expect(nameSearchKey(' 阿卜杜・艾尼')).toBe(nameSearchKey('阿卜杜‧艾尼'));
    expect(nameSearchKey('阿卜杜•艾尼')).toBe('阿卜杜·艾尼');
  });

  it('lists the name from each part after a dot on', () => {
    expect(nameTails('阿卜杜·艾尼')).toEqual(['艾尼']);
    expect(nameTails('阿卜杜・热合曼‧艾尼')).toEqual(['热合曼·艾尼', '艾尼']);
    expect(nameTails('张三')).toEqual([]);
    expect(nameTails('阿卜杜·')).toEqual([]);
  });
});
