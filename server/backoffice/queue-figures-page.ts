import { minutesOf, type QueueFiguresResponse, type WindowFigures } from '../../electron/contract/queue';
import { escapeHtml } from './page';

// The back office's table of the hall queue's figures for a day (issue 17, capability 6): per
// window 已办件数, 平均等候, 平均办理 (whole minutes) and 过号, and the hall's total, with a day
// picker (a GET form: the page's `day`).

/** A mean in ms as whole minutes (“3 分”), or “—” when nothing was served. */
export function minutesText(ms: number | null): string {
  return ms === null ? '—' : `${minutesOf(ms)} 分`;
}

function row(label: string, f: Omit<WindowFigures, 'window'>): string {
  return `<th scope="row">${label}</th><td>${f.served}</td><td>${minutesText(f.averageWaitMs)}</td><td>${minutesText(f.averageServiceMs)}</td><td>${f.noShows}</td><td>${f.recalls}</td>`;
}

/**
 * The figures section of the back-office page for `figures` (the hall's, of `figures.serviceDay`),
 * with a form choosing another day (`q`, the case search, kept). Chinese, HTML-escaped.
 */
export function queueFiguresSection(figures: QueueFiguresResponse, q: string): string {
  const rows = figures.windows.map((w) => `<tr data-window="${w.window}">${row(`${w.window} 号窗口`, w)}</tr>`).join('');
  const t = figures.total;
  const body = rows === '' ? `<tr><td colspan="6">当日尚无窗口叫号</td></tr>` : rows;
  return `<section id="queue-figures"><h2 style="font-size:16px">排队叫号统计（${escapeHtml(figures.serviceDay)}）</h2>
<form method="get" action="/backoffice"><input type="hidden" name="q" value="${escapeHtml(q)}"><label for="day">营业日</label><input id="day" name="day" type="date" value="${escapeHtml(figures.serviceDay)}"><button>查看</button></form>
<table><thead><tr><th>窗口</th><th>已办件数</th><th>平均等候</th><th>平均办理</th><th>过号</th><th>重呼</th></tr></thead>
<tbody>${body}</tbody><tfoot><tr data-window="total">${row('合计', t)}</tr></tfoot></table>
<p><small>取号 ${t.issued} 张，等候中 ${t.waiting} 张，窗口办理中 ${t.atCounter} 张。等候：取号至首次叫号；办理：最后一次叫号至办结；转移的号计入办结窗口，等候只计一次；过号：过号后未再办理。</small></p></section>`;
}
