import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { thermalHtml } from '../../../electron/core/printing/transport/thermal-html';
import type { ThermalDocument } from '../../../electron/core/printing/thermal/thermal-document';
import { thermalPageSize } from '../../../electron/main/system-print-options';
import { ARTIFACTS_DIR, launchChromium } from '../../support/chromium';
import { makeTempDir } from '../../support/temp-dirs';

// The page a Windows-driver receipt printer gets (OS print queue), printed by Chromium as
// Electron's webContents.print would: the page size main computes from the page, no margins.
// The PDF's text is read back with pdftotext and its page drawn with pdftoppm for a look.

const RECEIPT: ThermalDocument = {
  kind: 'acceptanceReceipt',
  title: 'HX-7-20261130-0001',
  blocks: [
    { kind: 'text', text: '某某区政务服务中心', align: 'center', bold: true },
    { kind: 'text', text: '受理回执', align: 'center', bold: true, size: 2 },
    { kind: 'rule', style: 'thick' },
    { kind: 'field', label: '受理编号', value: 'HX-7-20261130-0001' },
    { kind: 'field', label: '申请人', value: '吉𠮷祥 <b>&</b>' },
    { kind: 'field', label: '事项', value: '个体工商户设立登记（含名称自主申报、经营范围规范表述，材料一次性提交）' },
    { kind: 'pair', left: '营业执照复印件', right: '已收' },
    { kind: 'pair', left: '租赁合同', right: '后补 12-07' },
    { kind: 'rule' },
    { kind: 'qr', payload: 'https://zwfw.example.gov.cn/progress?case=HX-7-20261130-0001', caption: '扫码查询办理进度' },
    { kind: 'pair', left: '窗口 7 张三', right: '2026-11-30 10:05' },
    { kind: 'feed', lines: 2 },
  ],
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function printed(widthMm: 58 | 80, name: string): Promise<{ text: string; pageWidthPt: number; pageHeightPt: number; heightMm: number }> {
  const html = thermalHtml(RECEIPT, { widthMm, reprint: { at: '2026-11-30 14:05' } });
  const size = thermalPageSize(html, widthMm);
  const page = await browser.newPage({ javaScriptEnabled: false });
  await page.setContent(html);
  const dir = makeTempDir('thermal-page');
  const pdf = path.join(dir, `${name}.pdf`);
  await page.pdf({ path: pdf, width: `${size.width / 1000}mm`, height: `${size.height / 1000}mm`, margin: { top: '0', right: '0', bottom: '0', left: '0' }, printBackground: true });
  await page.close();
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info) ?? [];
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  expect(pages).toBe(1);
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '203', '-singlefile', pdf, path.join(ARTIFACTS_DIR, name)]);
  return { text: execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }), pageWidthPt: Number(w), pageHeightPt: Number(h), heightMm: size.height / 1000 };
}

describe('a receipt as the OS print queue gets it', () => {
  for (const widthMm of [80, 58] as const) {
    it(`prints on one ${widthMm} mm page as long as its content, every line there, text as stored`, async () => {
      const { text, pageWidthPt, pageHeightPt, heightMm } = await printed(widthMm, `thermal-system-queue-${widthMm}mm`);
      // Chromium rounds a page's size to whole CSS pixels: within 2 pt (0.7 mm).
      expect(Math.abs(pageWidthPt - (widthMm / 25.4) * 72)).toBeLessThan(2);
      expect(Math.abs(pageHeightPt - (heightMm / 25.4) * 72)).toBeLessThan(2);
      for (const words of ['【补打】', '受理回执', 'HX-7-20261130-0001', '吉𠮷祥 <b>&</b>', '营业执照复印件', '扫码查询办理进度', '2026-11-30 10:05']) {
        expect(text).toContain(words);
      }
    });
  }
});
