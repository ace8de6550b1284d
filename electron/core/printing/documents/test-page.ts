import type { ThermalBlock, ThermalDocument } from '../thermal/thermal-document';
import type { TestPageInputs } from './document-inputs';
import { hallDateTime } from './hall-time';
import { windowLine } from './thermal-words';

/** Common characters of names, addresses and notices, all inside GB2312: a `gbk` printer prints them from its own font. */
export const COMMON_CHINESE_LINE = '政务服务中心受理回执：张王李赵刘陈杨黄吴周，壹贰叁肆伍';

/** The QR on the test page: ASCII, long enough to show the printer's QR is readable. */
export const TEST_PAGE_QR_PAYLOAD = 'COUNTER-PRINT-TEST-0123456789';

/**
 * The 测试打印 page of the 设置 page (issue 14): which printer, its endpoint, paper width and
 * character set, its state in words as last read, the column ruler, a line of common Chinese,
 * a line of the rare characters of the app's own fonts (printed as raster glyphs where the
 * printer's font lacks them, so the clerk sees that path work), a QR test and the time.
 */
export function buildTestPage(inputs: TestPageInputs): ThermalDocument {
  const columns = inputs.paperWidthMm === 58 ? 32 : 48;
  const blocks: ThermalBlock[] = [
    { kind: 'text', text: '打印测试页', align: 'center', bold: true, size: 2 },
    { kind: 'text', text: inputs.window.hallName, align: 'center' },
    { kind: 'text', text: windowLine(inputs.window), align: 'center' },
    { kind: 'rule', style: 'thick' },
    { kind: 'field', label: '打印机', value: inputs.printerLabel },
    { kind: 'field', label: '连接', value: inputs.endpoint },
    { kind: 'field', label: '纸宽', value: `${inputs.paperWidthMm} mm（${columns} 列）` },
    { kind: 'field', label: '字符集', value: inputs.encoding === 'gbk' ? 'GBK' : 'GB18030' },
    { kind: 'field', label: '状态', value: inputs.conditionWords, bold: true },
    { kind: 'rule', style: 'thin' },
    { kind: 'text', text: '列宽标尺（每行应恰好排满）' },
    { kind: 'ruler' },
    { kind: 'rule', style: 'thin' },
    { kind: 'field', label: '常用字', value: COMMON_CHINESE_LINE },
    { kind: 'field', label: '生僻字', value: inputs.rareCharacters.length > 0 ? inputs.rareCharacters.join(' ') : '（无）' },
    { kind: 'text', text: '加粗 / 倍宽倍高：', bold: true },
    { kind: 'text', text: '窗口 12', size: 2 },
    { kind: 'pair', left: '左对齐', right: '右对齐' },
    { kind: 'rule', style: 'thin' },
    // The payload printed under the code: the clerk's phone must read exactly that.
    { kind: 'text', text: '二维码测试：扫码结果应与下行一致' },
    { kind: 'qr', payload: TEST_PAGE_QR_PAYLOAD, caption: TEST_PAGE_QR_PAYLOAD },
    { kind: 'field', label: '打印时间', value: hallDateTime(inputs.issuedAt, inputs.timeZone) },
  ];
  if (inputs.staff) blocks.push({ kind: 'field', label: '操作人', value: `${inputs.staff.number} ${inputs.staff.name}` });
  return { kind: 'testPage', title: '测试页', blocks };
}
