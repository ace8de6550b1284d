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
  /** The date of issue as printed, `2026年11月30日` (the hall's date). */
  date: string;
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
@page { size: A4; margin: 25mm 24mm 22mm 26mm; }
* { box-sizing: border-box; }
html { font-family: ${FONT_STACK}; font-size: 12pt; line-height: 1.7; color: #000; background: #fff;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; }
.reprint-mark { font-family: ${HEADING_STACK}; font-size: 11pt; color: #000; border: 1.5pt solid #000;
  display: inline-block; padding: 0 3mm; margin-bottom: 2mm; }
.issuer { text-align: center; font-size: 16pt; letter-spacing: 0.15em; margin: 0; }
h1 { font-family: ${HEADING_STACK}; text-align: center; font-size: 22pt; font-weight: bold; letter-spacing: 0.25em;
  margin: 2mm 0 1mm; line-height: 1.4; }
.number { text-align: right; font-size: 12pt; margin: 0 0 4mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 0.6pt solid #000; padding: 1.2mm 2mm; vertical-align: top; text-align: left; font-weight: normal; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
table.facts { margin-bottom: 5mm; }
table.facts th { width: 26mm; white-space: nowrap; background: #f2f2f2; }
table.list { margin: 1mm 0 3mm; }
table.list th { background: #f2f2f2; text-align: center; font-family: ${HEADING_STACK}; }
table.list td.seq { text-align: center; width: 11mm; }
table.list td.nowrap { white-space: nowrap; }
.addressee { margin: 0 0 1mm; }
p { margin: 0 0 2mm; text-indent: 2em; text-align: justify; }
p.plain { text-indent: 0; }
h2 { font-family: ${HEADING_STACK}; font-size: 12pt; font-weight: bold; margin: 3mm 0 1mm; break-after: avoid; page-break-after: avoid; }
.note { font-size: 10.5pt; }
.closing { break-inside: avoid; page-break-inside: avoid; }
.signature { position: relative; width: 80mm; margin: 14mm 0 0 auto; padding: 8mm 0; text-align: center; }
.signature .who { font-size: 14pt; letter-spacing: 0.05em; }
.signature .seal-word { color: #555; }
.signature .date { margin-top: 2mm; }
/* Where the seal goes (42 mm, the size of an organ's round seal): it covers the issuer and the date, as GB/T 9704 has it. */
.seal-area { position: absolute; left: 50%; top: 50%; width: 42mm; height: 42mm; margin: -21mm 0 0 -21mm;
  border: 0.8pt dashed #9a9a9a; border-radius: 50%; }
.issued-by { margin-top: 4mm; font-size: 10pt; color: #333; text-align: right; }
.receipt-line { margin-top: 6mm; padding-top: 3mm; border-top: 0.6pt dashed #666; font-size: 11pt; }
.receipt-line span { display: inline-block; min-width: 60mm; }
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
<table class="facts"><tbody>${factRows(page.facts)}</tbody></table>
<p class="addressee plain">${page.addressee}：</p>
${page.body}
<div class="closing">
<div class="signature">
<div class="seal-area" aria-hidden="true"></div>
<div class="who">${page.issuer}</div>
<div class="seal-word">（盖章）</div>
<div class="date">${page.date}</div>
</div>
<div class="issued-by">${page.issuedBy}</div>
<div class="receipt-line"><span>申请人（代理人）签收：</span><span>签收日期：　　　　年　　月　　日</span></div>
</div>
</body>
</html>
`;
  return doc.value;
}
