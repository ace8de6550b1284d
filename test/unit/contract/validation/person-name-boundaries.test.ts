/**
 * Person and organisation name boundaries (issue 11 §8: each case once let a changed rule
 * through mutation testing): which neighbour a dot or space is judged by, code points shown with
 * four hex digits, organisation names trimmed and their full stops kept.
 */
import { describe, expect, it } from 'vitest';
import { checkOrganisationName, checkPersonName } from '../../../../electron/contract/validation/person-name';

describe('checkPersonName', () => {
  it('two dots at the end are reported as consecutive dots', () => {
    expect(checkPersonName('阿··')).toEqual({ ok: false, message: '姓名中不能有连续的间隔号' });
    expect(checkPersonName('阿布··')).toEqual({ ok: false, message: '姓名中不能有连续的间隔号' });
  });

  it('a space needs a Latin letter on both sides', () => {
    const message = '姓名中只有外文名的单词之间可以有一个空格';
    expect(checkPersonName('张 John')).toEqual({ ok: false, message });
    expect(checkPersonName('John 张')).toEqual({ ok: false, message });
    expect(checkPersonName('John Smith')).toEqual({ ok: true, value: 'John Smith' });
  });

  it('an invisible character is named with four hex digits', () => {
    expect(checkPersonName('张\u00AD三')).toEqual({
      ok: false,
      message: '姓名中含有不可见字符（U+00AD），请删除后重新输入',
    });
  });

  it('a full stop after a Latin letter is not folded into a name dot', () => {
    expect(checkPersonName('John.张')).toEqual({ ok: false, message: '姓名中的间隔号请使用“·”，不能用“.”' });
  });
});

describe('checkOrganisationName', () => {
  it('stores the name without surrounding spaces', () => {
    expect(checkOrganisationName(' 某某科技有限公司 ')).toEqual({ ok: true, value: '某某科技有限公司' });
  });

  it('keeps a full stop between Chinese characters as registered', () => {
    expect(checkOrganisationName('迈克尔.乔丹体育用品公司')).toEqual({ ok: true, value: '迈克尔.乔丹体育用品公司' });
    expect(checkOrganisationName('迈克尔・乔丹体育用品公司')).toEqual({ ok: true, value: '迈克尔·乔丹体育用品公司' });
  });

  it('a closing bracket before any opening one is unmatched, even if one opens later', () => {
    expect(checkOrganisationName('某）某（公司')).toEqual({ ok: false, message: '单位名称中的括号不成对' });
  });

  it('only a full stop may end a name after a Latin letter', () => {
    expect(checkOrganisationName('Apple Inc.')).toEqual({ ok: true, value: 'Apple Inc.' });
    expect(checkOrganisationName('Apple&')).toEqual({ ok: false, message: '单位名称不能以“&”结尾' });
    expect(checkOrganisationName('Apple Inc,')).toEqual({ ok: false, message: '单位名称不能以“,”结尾' });
  });

  it('a special space is named with four hex digits', () => {
    expect(checkOrganisationName('某某\u00A0公司')).toEqual({
      ok: false,
      message: '单位名称中含有特殊空白（U+00A0），请改为普通空格',
    });
  });
});
