import type { ReprintMark } from '../thermal/thermal-document';
import { html } from './html';
import { REPRINT_SLOT } from './notice-layout';

/**
 * A stored notice marked 补打 (DESIGN.md "Data rules": a reprint reproduces the document as
 * issued, marked): the banner `【补打】 2026-11-30 14:05` goes where the page keeps a slot for it
 * (the top), or right after `<body>` in a page stored without one. Nothing else is changed, so
 * the reprint says what the original said even if the templates have changed since.
 */
export function markNoticeReprint(issuedHtml: string, mark: ReprintMark): string {
  const banner = html`<div class="reprint-mark" style="display:inline-block;border:1.5pt solid #000;padding:0 3mm;margin-bottom:2mm;font-size:11pt">【补打】 ${mark.at}</div>`.value;
  if (issuedHtml.includes(REPRINT_SLOT)) return issuedHtml.replace(REPRINT_SLOT, () => banner);
  const body = /<body[^>]*>/i.exec(issuedHtml);
  if (!body) return banner + issuedHtml;
  const at = body.index + body[0].length;
  return issuedHtml.slice(0, at) + banner + issuedHtml.slice(at);
}
