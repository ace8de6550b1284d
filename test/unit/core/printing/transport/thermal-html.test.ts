import { describe, expect, it } from 'vitest';
import { escapeHtml, PAPER_META_NAME, thermalHtml } from '../../../../../electron/core/printing/transport/thermal-html';
import type { ThermalDocument } from '../../../../../electron/core/printing/thermal/thermal-document';

const RECEIPT: ThermalDocument = {
  kind: 'acceptanceReceipt',
  title: 'HX-7-20261130-0001',
  blocks: [
    { kind: 'text', text: '受理回执', align: 'center', bold: true, size: 2 },
    { kind: 'field', label: '申请人', value: '吉𠮷 <script>alert(1)</script> & "Co"' },
    { kind: 'pair', left: '窗口 7', right: '2026-11-30 10:05' },
    { kind: 'rule' },
    { kind: 'qr', payload: 'https://example.gov.cn/progress?case=HX-7-20261130-0001', caption: '扫码查询办理进度' },
    { kind: 'feed', lines: 1 },
  ],
};

function divTexts(html: string): string[] {
  return [...html.matchAll(/<div class="[^"]*">([^<]*)<\/div>/g)].map((m) => m[1] ?? '');
}

describe('a thermal document as an HTML page for the OS print queue', () => {
  it('escapes every text, so a name cannot become markup', () => {
    const html = thermalHtml(RECEIPT, { widthMm: 80 });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('keeps a rare character as itself (the OS font draws it), never a marker', () => {
    const html = thermalHtml(RECEIPT, { widthMm: 58 });
    expect(html).toContain('吉𠮷');
    expect(html).not.toContain('[U+20BB7]');
  });

  it('lays the lines out at the paper’s columns: 48 at 80 mm, 32 at 58 mm', () => {
    const wide = divTexts(thermalHtml(RECEIPT, { widthMm: 80 }));
    const narrow = divTexts(thermalHtml(RECEIPT, { widthMm: 58 }));
    expect(wide).toContain('-'.repeat(48));
    expect(narrow).toContain('-'.repeat(32));
    // The pair: left flush left, right flush right, on the full width.
    const pair = narrow.find((t) => t.startsWith('窗口 7'));
    expect(pair).toBe(`窗口 7${' '.repeat(32 - 6 - 16)}2026-11-30 10:05`);
  });

  it('draws the QR as an inline SVG and gives its size to the host', () => {
    const html = thermalHtml(RECEIPT, { widthMm: 80 });
    expect(html).toMatch(/<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
    expect(html).toMatch(/<path d="(M\d+ \d+h1v1h-1z)+" fill="#000"\/>/);
    const meta = new RegExp(`<meta name="${PAPER_META_NAME}" content="80x(\\d+)">`).exec(html);
    expect(meta).not.toBeNull();
    const heightMm = Number(meta![1]);
    expect(heightMm).toBeGreaterThan(40);
    expect(heightMm).toBeLessThan(200);
    expect(html).toContain(`@page { size: 80mm ${heightMm}mm; margin: 0; }`);
    // Self-contained: nothing fetched, nothing run.
    expect(html).not.toMatch(/<script|src=|href=|url\(/i);
  });

  it('marks a reprint 补打 at the top', () => {
    const html = thermalHtml(RECEIPT, { widthMm: 80, reprint: { at: '2026-11-30 14:05' } });
    expect(divTexts(html)[0]).toBe('【补打】 2026-11-30 14:05');
    expect(divTexts(thermalHtml(RECEIPT, { widthMm: 80 }))[0]).toBe('受理回执');
  });
});
