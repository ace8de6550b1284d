import { describe, expect, it } from 'vitest';
import { thermalHtml } from '../../../electron/core/printing/transport/thermal-html';
import {
  a4PrintOptions,
  dataUrlOf,
  missingPrinterWords,
  NOTICE_PDF_OPTIONS,
  printFailureWords,
  thermalPageSize,
  thermalPrintOptions,
} from '../../../electron/main/system-print-options';

describe('options of printing through the OS', () => {
  it('a thermal page is printed silently on the roll’s width, as long as the page says, without margins', () => {
    const html = thermalHtml({ kind: 'testPage', title: '测试页', blocks: [{ kind: 'text', text: '打印测试' }, { kind: 'ruler' }] }, { widthMm: 58 });
    const heightMm = Number(/content="58x(\d+)"/.exec(html)?.[1]);
    expect(heightMm).toBeGreaterThan(10);
    expect(thermalPrintOptions(html, 'XP-58', 58)).toEqual({
      silent: true,
      printBackground: true,
      color: false,
      margins: { marginType: 'none' },
      pageSize: { width: 58_000, height: heightMm * 1000 },
      deviceName: 'XP-58',
    });
    // '' is the system's default printer: no deviceName at all.
    expect(thermalPrintOptions(html, '', 58)).not.toHaveProperty('deviceName');
  });

  it('a page without its size gets an A4 length of roll; absurd lengths are bounded', () => {
    expect(thermalPageSize('<html></html>', 80)).toEqual({ width: 80_000, height: 297_000 });
    expect(thermalPageSize('<meta name="counter-thermal-paper" content="80x99999">', 80).height).toBe(3_000_000);
  });

  it('A4 notices print silently on A4 and their PDFs honour the page’s own @page', () => {
    expect(a4PrintOptions('HP LaserJet')).toMatchObject({ silent: true, pageSize: 'A4', deviceName: 'HP LaserJet' });
    expect(a4PrintOptions('')).not.toHaveProperty('deviceName');
    expect(NOTICE_PDF_OPTIONS).toMatchObject({ pageSize: 'A4', preferCSSPageSize: true, printBackground: true });
  });

  it('a page travels as a base64 data URL, # and % intact', () => {
    const html = '<p>50% #1 受理</p>';
    const url = dataUrlOf(html);
    expect(url.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    expect(Buffer.from(url.split(',')[1]!, 'base64').toString('utf8')).toBe(html);
  });

  it('says which printer is missing and which there are', () => {
    expect(missingPrinterWords(['XP-80', 'HP LaserJet'], 'XP-80')).toBeNull();
    expect(missingPrinterWords(['XP-80'], '')).toBeNull();
    expect(missingPrinterWords([], '')).toBe('本机没有安装打印机，请先在系统中添加打印机');
    expect(missingPrinterWords(['XP-80', 'HP LaserJet'], 'XP-58')).toBe('找不到打印机“XP-58”，请在设置中改为本机已有的打印机：“XP-80”、“HP LaserJet”');
  });

  it('turns Chromium’s failure reasons into words', () => {
    expect(printFailureWords('cancelled')).toBe('打印已取消');
    expect(printFailureWords('failed')).toBe('打印失败，请检查打印机是否开机、有纸');
    expect(printFailureWords('Invalid deviceName provided')).toBe('打印失败：Invalid deviceName provided');
  });
});
