import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { printerProfile } from '../../../../../electron/core/printing/printer-profile';
import { renderThermal } from '../../../../../electron/core/printing/thermal/render-thermal';
import type { ThermalDocument } from '../../../../../electron/core/printing/thermal/thermal-document';
import { escposTokens, fromHexLines, toHexLines } from './escpos-tokens';
import { fixedGlyphs } from './fixed-glyphs';

/**
 * One fixed receipt-like document, rendered for a 58 mm GBK printer with native QR and the 补打
 * mark, against bytes committed beside this test. A change of bytes is a change every printer
 * and the virtual printer's decoder see: when it is meant, regenerate the fixture with
 * `UPDATE_GOLDEN=1 npx vitest run --project unit test/unit/core/printing/thermal/golden-receipt.test.ts`
 * and read the diff of the .hex file in review.
 */
const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden-receipt-58-gbk.hex');

const RECEIPT: ThermalDocument = {
  kind: 'acceptanceReceipt',
  title: 'SWB-2026-000123',
  blocks: [
    { kind: 'text', text: '某某市政务服务中心', align: 'center', bold: true },
    { kind: 'text', text: '受理回执', align: 'center', size: 2 },
    { kind: 'rule', style: 'thick' },
    { kind: 'field', label: '受理编号', value: 'SWB-2026-000123' },
    { kind: 'field', label: '窗口', value: '3号窗口' },
    { kind: 'field', label: '申请人', value: '张𠮷\uF900\u{2EBF0}' },
    { kind: 'field', label: '身份证', value: '110101********1234' },
    { kind: 'field', label: '事项', value: '个体工商户设立登记（含名称自主申报）' },
    { kind: 'rule' },
    { kind: 'pair', left: '营业执照复印件', right: '已收', bold: true },
    { kind: 'pair', left: '法定代表人身份证明及其授权委托书', right: '12-07前补交' },
    { kind: 'rule' },
    { kind: 'field', label: '承诺办结', value: '2026-12-14（暂定）' },
    { kind: 'qr', payload: 'https://zwfw.example.gov.cn/q/SWB-2026-000123', caption: '扫码查询办理进度', moduleSize: 5 },
    { kind: 'feed', lines: 1 },
    { kind: 'pair', left: '受理人：李四', right: '2026-11-30 09:41' },
  ],
};

describe('golden receipt bytes', () => {
  it('renders the fixed receipt to exactly the committed bytes', () => {
    const actual = renderThermal(RECEIPT, printerProfile({ paperWidthMm: 58, encoding: 'gbk', qrMode: 'native' }), fixedGlyphs(), {
      reprint: { at: '2026-11-30 14:05' },
    });
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(FIXTURE, toHexLines(actual));
    const expected = fromHexLines(fs.readFileSync(FIXTURE, 'utf8'));
    // Commands and text lines first: a failure reads as a diff of `ESC a 1`, `text "…"`, `LF` lines.
    expect(escposTokens(actual)).toEqual(escposTokens(expected));
    expect(Buffer.from(actual).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
  });
});
