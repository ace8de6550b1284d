import { describe, expect, it } from 'vitest';
import { documentNumberKey, readSearchText } from '../../../../electron/core/cases/case-search';

describe('readSearchText', () => {
  it('reads a case number or its start as nothing else', () => {
    expect(readSearchText(' jq-12-20261104 ')).toEqual([{ kind: 'caseNumber', prefix: 'JQ-12-20261104' }]);
  });

  it('reads any identity document number as one, in any case and with spaces', () => {
    for (const [text, number] of [
      ['91330102MA2H0T109Y', '91330102MA2H0T109Y'], // credit code ending in a letter other than X
      ['9133 0102 ma2h 0t10 9y', '91330102MA2H0T109Y'],
      ['ea1234567', 'EA1234567'], // passport
      ['h1234 5678', 'H12345678'], // Hong Kong / Macao permit
      ['87654321', '87654321'], // Taiwan permit
      ['usa330619800123', 'USA330619800123'], // foreign permanent residence, 2015 card
      ['３３０１０２１９８５０６１５００３x', '33010219850615003X'], // typed in full width
    ] as const) {
      expect(readSearchText(text), text).toEqual([{ kind: 'document', number }]);
    }
  });

  it('reads a mobile number both as a mobile and as a document number, either of which may match', () => {
    expect(readSearchText('138 0000 0004')).toEqual([
      { kind: 'mobile', number: '13800000004' },
      { kind: 'document', number: '13800000004' },
    ]);
    expect(readSearchText('+852 9123 4567')).toEqual([{ kind: 'mobile', number: '+85291234567' }]);
  });

  it('reads letters alone as a document number or the start of a Latin name', () => {
    expect(readSearchText('smith')).toEqual([
      { kind: 'document', number: 'SMITH' },
      { kind: 'name', prefix: 'smith' },
    ]);
    expect(readSearchText('JOHN')).toEqual([{ kind: 'name', prefix: 'JOHN' }]);
  });

  it('reads anything else as the start of a name, its 间隔号 folded', () => {
    expect(readSearchText('阿卜杜・艾')).toEqual([{ kind: 'name', prefix: '阿卜杜·艾' }]);
    expect(readSearchText('艾尼')).toEqual([{ kind: 'name', prefix: '艾尼' }]);
    expect(readSearchText('   ')).toEqual([]);
  });
});

describe('documentNumberKey', () => {
  it('drops every kind of space and folds width and case', () => {
    expect(documentNumberKey('\u3000e 1234\t5678 ')).toBe('E12345678');
    expect(documentNumberKey('ｇ２３４５６７８９')).toBe('G23456789');
  });
});
