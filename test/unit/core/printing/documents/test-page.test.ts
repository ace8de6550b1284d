import { describe, expect, it } from 'vitest';
import { buildTestPage, TEST_PAGE_QR_PAYLOAD } from '../../../../../electron/core/printing/documents/test-page';
import { testPageInputs } from './document-fixtures';
import { documentWords } from './thermal-text';

describe('测试页 (test page)', () => {
  it('title, printer, endpoint, paper width in columns, character set and state', () => {
    const doc = buildTestPage(testPageInputs());
    expect(doc).toMatchObject({ kind: 'testPage', title: '测试页' });
    const words = documentWords(doc);
    expect(words[0]).toBe('打印测试页');
    expect(words).toContain('打印机：回执打印机');
    expect(words).toContain('连接：串口 /dev/ttyUSB0（9600）');
    expect(words).toContain('纸宽：58 mm（32 列）');
    expect(words).toContain('字符集：GBK');
    expect(words).toContain('状态：正常');
    expect(words).toContain('打印时间：2026-11-30 09:31');
    const wide = documentWords(buildTestPage(testPageInputs({ paperWidthMm: 80, encoding: 'gb18030', conditionWords: '纸将尽' })));
    expect(wide).toContain('纸宽：80 mm（48 列）');
    expect(wide).toContain('字符集：GB18030');
    expect(wide).toContain('状态：纸将尽');
  });

  it('the ruler, a line of common Chinese, the rare characters as given, and an ASCII QR', () => {
    const doc = buildTestPage(testPageInputs());
    expect(doc.blocks).toContainEqual({ kind: 'ruler' });
    const words = documentWords(doc);
    expect(words.some((w) => w.startsWith('常用字：政务服务中心'))).toBe(true);
    expect(words).toContain('生僻字：㐀 𠮷 𰀀');
    expect(doc.blocks).toContainEqual(expect.objectContaining({ kind: 'qr', payload: TEST_PAGE_QR_PAYLOAD }));
    expect(/^[\x21-\x7e]+$/.test(TEST_PAGE_QR_PAYLOAD)).toBe(true);
  });
});
