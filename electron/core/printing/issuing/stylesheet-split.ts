/**
 * An A4 notice's stylesheet taken out of its HTML for storage, and put back (migration 0011:
 * the ≈ 4 KB stylesheet every notice of a template version repeats is stored once).
 *
 * Only the FIRST `<style>…</style>` is taken, and only when it comes before `<body`: the notice
 * templates (notices/notice-layout.ts) write exactly one, in `<head>`, and everything a person
 * typed is escaped (`&lt;style&gt;`), so nothing in the body can be mistaken for it.
 */
const OPEN = '<style>';
const CLOSE = '</style>';

/** The HTML with an empty `<style></style>`, and the stylesheet's text; null when there is none to take. */
export function splitStylesheet(html: string): { rest: string; css: string } | null {
  const open = html.indexOf(OPEN);
  if (open < 0) return null;
  const body = html.indexOf('<body');
  if (body >= 0 && body < open) return null;
  const start = open + OPEN.length;
  const close = html.indexOf(CLOSE, start);
  if (close < 0 || close === start) return null;
  return { rest: html.slice(0, start) + html.slice(close), css: html.slice(start, close) };
}

/**
 * The document as issued: `css` put back into the first `<style></style>` of `rest`.
 * @throws Error when `rest` has no empty `<style></style>` (a damaged row: its hash check fails anyway).
 */
export function joinStylesheet(rest: string, css: string): string {
  const at = rest.indexOf(OPEN + CLOSE);
  if (at < 0) throw new Error('stored notice has no place for its stylesheet');
  const start = at + OPEN.length;
  return rest.slice(0, start) + css + rest.slice(start);
}
