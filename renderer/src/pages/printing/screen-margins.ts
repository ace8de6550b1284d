/**
 * A notice's page margins on screen. The stored HTML sets them for paper only (`@page { margin:
 * 22mm 24mm 20mm 26mm }`), so on screen its text would touch the sheet's edges and the preview
 * would not show where the words fall on the A4 sheet. This adds the same margins as padding for
 * the screen alone (`@media screen`): what is printed is the stored page, untouched. No `@page`
 * margin found: the HTML is returned as it is.
 */
export function withScreenMargins(html: string): string {
  const page = /@page\s*{[^}]*?\bmargin\s*:\s*([^;}]+)[;}]/i.exec(html);
  const margin = page?.[1]?.trim();
  // Only lengths (e.g. `22mm 24mm`): nothing from the page is copied into a rule unchecked.
  if (!margin || !/^(\d+(\.\d+)?(mm|cm|in|pt|px)?\s*){1,4}$/.test(margin)) return html;
  const style = `<style>@media screen { html { padding: ${margin}; } }</style>`;
  const head = /<\/head\s*>/i.exec(html);
  if (!head) return style + html;
  return html.slice(0, head.index) + style + html.slice(head.index);
}
