import { html, trustedHtml, type SafeHtml } from './html';

/** One fact of the case in the table under the title; `wide` rows take the whole width. */
export interface NoticeFact {
  label: string;
  value: string;
  wide?: boolean;
}

/** What every notice page is made of (DOMAIN.md Notices: number, hall's name, date, seal). */
export interface NoticePage {
  /** The hall's name: the issuer, at the top and above the seal. */
  issuer: string;
  title: string;
  /** 文书编号. */
  documentNumber: string;
  /** The case's key facts (case number, item, applicant masked …). */
  facts: NoticeFact[];
  /** Whom it is addressed to (the applicant's name as stored), printed as `name：`. */
  addressee: string;
  body: SafeHtml;
  /** The body's last paragraph(s), kept on the page of the signature and seal. */
  closing: SafeHtml;
  /** The date of issue as printed, `2026年11月30日` (the hall's date). */
  date: string;
  /**
   * A line for the applicant's signature of receipt (签收): on the notices whose delivery may
   * have to be proven (一次性告知, 不予受理, 不予许可 — the remedy periods run from receipt).
   */
  receiptLine: boolean;
  /** Window and staff, in small print under the signature. */
  issuedBy: string;
}

/**
 * The font stack: Chinese system fonts by family name (Windows, macOS, Linux with Noto CJK),
 * then the app's own rare-character fonts (served at /fonts/ by both shells, the same files and
 * ranges as renderer/src/app/global.css) so a name with 𠮷 or an Extension B–H character prints
 * as stored, then any sans.
 */
const FONT_STACK = `'SimSun', 'Songti SC', 'Noto Serif CJK SC', 'Noto Sans CJK SC', 'Counter Rare Han', sans-serif`;
const HEADING_STACK = `'SimHei', 'Heiti SC', 'Noto Sans CJK SC', 'Noto Serif CJK SC', 'Counter Rare Han', sans-serif`;

const FONT_FACES = `
@font-face {
  font-family: 'Counter Rare Han';
  src: url('/fonts/CounterHanExtA.ttf') format('truetype');
  unicode-range: U+3400-4DBF, U+2F800-2FA1F;
  font-display: block;
}
@font-face {
  font-family: 'Counter Rare Han';
  src: url('/fonts/HanaMinB.ttf') format('truetype');
  unicode-range: U+20000-2F7FF;
  font-display: block;
}
@font-face {
  font-family: 'Counter Rare Han';
  src: url('/fonts/BabelStoneHan-ExtGH.ttf') format('truetype');
  unicode-range: U+30000-323AF;
  font-display: block;
}`;

// Margins near GB/T 9704-2012's (top 37 mm, left 28 mm) but a little tighter, as halls' 格式文本
// are: a form, not a 红头 document. Sizes in pt as the standard gives them (三号 16 pt, 二号 22 pt).
const STYLE = `${FONT_FACES}
@page { size: A4; margin: 20mm 24mm 18mm 26mm; }
* { box-sizing: border-box; }
html { font-family: ${FONT_STACK}; font-size: 12pt; line-height: 1.5; color: #000; background: #fff;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; }
.reprint-mark { font-family: ${HEADING_STACK}; font-size: 11pt; border: 1.5pt solid #000;
  display: inline-block; padding: 0 3mm; margin-bottom: 2mm; }
.issuer { text-align: center; font-size: 15pt; letter-spacing: 0.15em; margin: 0; }
h1 { font-family: ${HEADING_STACK}; text-align: center; font-size: 20pt; font-weight: bold; letter-spacing: 0.25em;
  margin: 1mm 0 0; line-height: 1.4; }
.number { text-align: right; margin: 0 0 3mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 10.5pt; line-height: 1.45; }
th, td { border: 0.6pt solid #000; padding: 1mm 2mm; vertical-align: top; text-align: left; font-weight: normal; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
table.facts { margin-bottom: 4mm; }
table.facts th { background: #f2f2f2; white-space: nowrap; }
table.facts col.label { width: 24mm; }
table.facts col.value { width: 56mm; }
table.list { margin: 1mm 0 3mm; }
table.list th { background: #f2f2f2; text-align: center; white-space: nowrap; font-family: ${HEADING_STACK}; }
table.list col.seq { width: 12mm; }
table.list col.form { width: 30mm; }
table.list col.copies { width: 14mm; }
table.list col.due { width: 54mm; }
table.list col.what { width: 62mm; }
table.list td.seq { text-align: center; }
table.list col.term { width: 24mm; }
table.terms th { text-align: left; }
.addressee { margin: 0 0 1mm; }
p { margin: 0 0 1mm; text-indent: 2em; text-align: justify; }
p.plain { text-indent: 0; }
.url { overflow-wrap: anywhere; }
.code { white-space: nowrap; }
.lead { font-family: ${HEADING_STACK}; }
h2 { font-family: ${HEADING_STACK}; font-size: 12pt; font-weight: bold; margin: 2mm 0 0.5mm; break-after: avoid; page-break-after: avoid; }
.note { font-size: 10pt; color: #222; }
td .note { display: block; margin-top: 0.5mm; }
/* The last words of the body, the signature and the seal stay on one page: a seal on a page without text is worthless. */
.closing { break-inside: avoid; page-break-inside: avoid; }
.signature { position: relative; width: 80mm; height: 26mm; margin: 10mm 0 9mm auto; text-align: center;
  display: flex; flex-direction: column; justify-content: center; }
.signature .who { font-size: 14pt; letter-spacing: 0.05em; }
.signature .seal-word { color: #555; }
.signature .date { margin-top: 1mm; }
/* Where the seal goes (42 mm, an organ's round seal), over the issuer and the date as GB/T 9704 has it. */
.seal-area { position: absolute; left: 19mm; top: -8mm; width: 42mm; height: 42mm;
  border: 0.8pt dashed #9a9a9a; border-radius: 50%; }
.issued-by { font-size: 10pt; color: #333; text-align: right; }
.receipt-line { margin-top: 5mm; padding-top: 2.5mm; border-top: 0.6pt dashed #666; font-size: 11pt; }
.receipt-line span { display: inline-block; min-width: 70mm; }
`;

/** Pairs short facts two to a row; a wide fact (or one left alone) takes the whole row. */
function factRows(facts: NoticeFact[]): SafeHtml[] {
  const rows: SafeHtml[] = [];
  let pending: NoticeFact | null = null;
  const flush = (): void => {
    if (pending) rows.push(html`<tr><th>${pending.label}</th><td colspan="3">${pending.value}</td></tr>`);
    pending = null;
  };
  for (const f of facts) {
    if (f.wide) {
      flush();
      rows.push(html`<tr><th>${f.label}</th><td colspan="3">${f.value}</td></tr>`);
    } else if (pending) {
      rows.push(html`<tr><th>${pending.label}</th><td>${pending.value}</td><th>${f.label}</th><td>${f.value}</td></tr>`);
      pending = null;
    } else {
      pending = f;
    }
  }
  flush();
  return rows;
}

/** The marker a 补打 banner replaces (reprint-mark.ts); invisible in the issued page. */
export const REPRINT_SLOT = '<!--reprint-mark-->';

/**
 * A complete, self-contained HTML page (A4) of one notice: styles inside, fonts by family
 * name, nothing fetched but the app's own fonts at /fonts/. Every value is escaped (html.ts).
 */
export function noticePage(page: NoticePage): string {
  const doc = html`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${page.title} ${page.documentNumber}</title>
<style>${trustedHtml(STYLE)}</style>
</head>
<body>
${trustedHtml(REPRINT_SLOT)}
<p class="issuer plain">${page.issuer}</p>
<h1>${page.title}</h1>
<p class="number plain">${page.documentNumber}</p>
<table class="facts"><colgroup><col class="label"><col class="value"><col class="label"><col></colgroup><tbody>${factRows(page.facts)}</tbody></table>
<p class="addressee plain">${page.addressee}：</p>
${page.body}
<div class="closing">
${page.closing}
<div class="signature">
<div class="seal-area" aria-hidden="true"></div>
<div class="who">${page.issuer}</div>
<div class="seal-word">（盖章）</div>
<div class="date">${page.date}</div>
</div>
<div class="issued-by">${page.issuedBy}</div>
${page.receiptLine ? trustedHtml('<div class="receipt-line"><span>申请人（代理人）签收：</span><span>签收日期：　　　　年　　月　　日</span></div>') : ''}
</div>
</body>
</html>
`;
  return doc.value;
}
