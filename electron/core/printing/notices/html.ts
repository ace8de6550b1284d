/**
 * HTML made by templates in which every interpolated value is escaped unless it is itself
 * HTML made here (a `SafeHtml`). Written by hand because it is twenty lines: a notice carries
 * names and reasons typed by people (`<script>` included), and a forgotten escape on paper with
 * legal force must not be possible by construction, which this makes so.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** A value a template takes: text (escaped), numbers, HTML made here, lists of them, or nothing. */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML: `&`, `<`, `>`, `"` and `'` escaped (safe in element content and quoted attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

/** The tag: html`<p>${name}</p>` escapes `name`; nested html`` values and arrays of them pass through. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Trusted markup written in this module (CSS, fixed fragments); never pass a value through it. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
