import { v7 as uuidv7 } from 'uuid';
import { DECISION_OUTCOMES } from '../../electron/contract/cases';
import type { BackOfficeUser } from './accounts';
import type { BackOfficeCase } from './hall-cases';

// The back office's page: plain server-rendered HTML (no build step), Chinese, usable from the
// keyboard (real forms and buttons, labels on every field), a message beside each bad field. A
// small script posts the forms as JSON to the API and reloads the list.

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const OUTCOME_WORDS: Record<(typeof DECISION_OUTCOMES)[number], string> = { approved: '准予', refused: '不予' };

const STYLE = `
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;background:#f4f6f8;color:#1d2733}
header{background:#0b5394;color:#fff;padding:12px 24px;display:flex;justify-content:space-between;align-items:center}
header h1{font-size:20px;margin:0}
main{padding:16px 24px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #d5dbe1;padding:6px 8px;text-align:left;font-size:14px;vertical-align:top}
th{background:#e8eef4}
.status{font-weight:bold}
.pending{color:#b45f06;font-size:12px}
.error{color:#c00;font-size:13px;min-height:1em;display:block}
form.inline{display:inline-block;margin:2px 4px 2px 0}
fieldset{border:1px solid #d5dbe1;background:#fff;margin:16px 0;padding:8px 12px}
input,select,textarea,button{font:inherit}
button{padding:3px 10px}
label{margin-right:8px}
`;

const SCRIPT = `
async function send(form, url, body) {
  const out = form.querySelector('.error');
  out.textContent = '';
  let response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (err) {
    // The publish may have been stored: a retry sends the same idempotency id and publishes nothing twice.
    out.textContent = '网络中断，不能确认是否已完成；可再次提交（同一内容不会重复发布）';
    return;
  }
  if (response.ok) { location.reload(); return; }
  const answer = await response.json().catch(() => ({ reason: '服务器无应答' }));
  out.textContent = answer.reason || '操作失败';
  const first = form.querySelector('input,select,textarea');
  if (first) first.focus();
}
document.addEventListener('submit', (e) => {
  const form = e.target;
  const kind = form.dataset.kind;
  if (!kind) return;
  e.preventDefault();
  const f = Object.fromEntries(new FormData(form));
  if (kind === 'sign-in') return send(form, '/backoffice/api/sign-in', f);
  if (kind === 'sign-out') return send(form, '/backoffice/api/sign-out', {});
  if (kind === 'step') {
    const decision = f.step === 'decided'
      ? { step: 'decided', outcome: f.outcome, reason: f.reason || '', legalBasis: f.legalBasis || '' }
      : { step: f.step };
    return send(form, '/backoffice/api/cases/' + form.dataset.case + '/decision', { decision });
  }
  let parsed;
  try { parsed = JSON.parse(f.json || 'null'); } catch (err) { form.querySelector('.error').textContent = '内容不是有效的 JSON：' + err.message; return; }
  if (kind === 'catalog') return send(form, '/backoffice/api/catalog/items', { catalogVersion: f.catalogVersion, item: parsed, idempotencyId: f.idempotencyId });
  if (kind === 'calendar') return send(form, '/backoffice/api/calendar/years', { year: Number(f.year), schedule: parsed, idempotencyId: f.idempotencyId });
});
`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}<script>${SCRIPT}</script></body></html>`;
}

/** The sign-in page: hall code, username, password. */
export function signInPage(): string {
  return layout(
    '后台办理 登录',
    `<header><h1>政务服务后台办理</h1></header><main>
<form data-kind="sign-in" style="background:#fff;padding:16px;max-width:360px">
<p><label for="hall">大厅代码</label><input id="hall" name="hall" required autofocus autocomplete="organization" style="text-transform:uppercase"></p>
<p><label for="username">用户名</label><input id="username" name="username" required autocomplete="username"></p>
<p><label for="password">密码</label><input id="password" name="password" type="password" required autocomplete="current-password"></p>
<button type="submit">登录</button><span class="error" role="alert"></span>
</form></main>`,
  );
}

function stepForms(c: BackOfficeCase): string {
  const forms: string[] = [];
  const id = escapeHtml(c.caseId);
  if (c.allowedSteps.includes('reviewStarted')) {
    forms.push(`<form class="inline" data-kind="step" data-case="${id}"><input type="hidden" name="step" value="reviewStarted"><button>开始审查</button><span class="error" role="alert"></span></form>`);
  }
  if (c.allowedSteps.includes('decided')) {
    forms.push(`<form class="inline" data-kind="step" data-case="${id}"><input type="hidden" name="step" value="decided">
<label>决定 <select name="outcome"><option value="approved">准予</option><option value="refused">不予</option></select></label>
<label>理由 <input name="reason" size="16"></label><label>法律依据 <input name="legalBasis" size="16"></label>
<button>记录决定</button><span class="error" role="alert"></span></form>`);
  }
  if (c.allowedSteps.includes('readyForPickup')) {
    forms.push(`<form class="inline" data-kind="step" data-case="${id}"><input type="hidden" name="step" value="readyForPickup"><button>通知待领取</button><span class="error" role="alert"></span></form>`);
  }
  return forms.join('') || '—';
}

function caseRow(c: BackOfficeCase): string {
  const decision = c.decision
    ? `${OUTCOME_WORDS[c.decision.outcome]}${c.decision.reason ? `：${escapeHtml(c.decision.reason)}` : ''}${c.decision.decidedBy ? `<br><small>${escapeHtml(c.decision.decidedBy)}</small>` : ''}`
    : '';
  const pending = c.awaitingWindow > 0 ? `<br><span class="pending">${c.awaitingWindow} 项待窗口同步</span>` : '';
  // A step the window refused (the case moved on there first), in the window's words, which name the step.
  const refused = c.notRecorded.map((n) => `<br><span class="pending">窗口未能记录：${escapeHtml(n.reason)}</span>`).join('');
  return `<tr data-case="${escapeHtml(c.caseId)}"><td>${escapeHtml(c.caseNumber)}</td><td>${c.window} 号</td><td>${escapeHtml(c.itemName)}<br><small>${escapeHtml(c.department)}</small></td>
<td>${escapeHtml(c.applicantName)}</td><td class="status">${escapeHtml(c.statusLabel)}${c.readyForPickup ? '（待领取）' : ''}${pending}${refused}</td>
<td>${escapeHtml(c.promisedDueDate ?? '—')}</td><td>${decision}</td><td>${stepForms(c)}</td></tr>`;
}

/**
 * A publishing form's idempotency id, made when the page shows the form: every submit of this
 * form (a double click, a retry after a lost answer) carries it, and the server publishes once
 * (routes.ts publishOnce). A published form reloads the page, which makes a new one.
 */
function idempotencyField(): string {
  return `<input type="hidden" name="idempotencyId" value="${uuidv7()}">`;
}

/**
 * The signed-in page: the hall's cases (searchable) with their back-office steps, the hall queue's
 * figures of a day when given (queue-figures-page.ts, its HTML), and the publishing forms.
 */
export function backOfficePage(user: BackOfficeUser, q: string, cases: readonly BackOfficeCase[], figuresHtml = ''): string {
  const rows = cases.length > 0 ? cases.map(caseRow).join('') : `<tr><td colspan="8">${q ? '没有符合条件的办件' : '本大厅尚无办件'}</td></tr>`;
  return layout(
    `${user.hall} 后台办理`,
    `<header><h1>${escapeHtml(user.hall)} 大厅 · 后台办理</h1><span>${escapeHtml(user.department)} ${escapeHtml(user.displayName)}
<form class="inline" data-kind="sign-out"><button>退出</button><span class="error"></span></form></span></header><main>
<form method="get" action="/backoffice"><label for="q">查找办件</label><input id="q" name="q" value="${escapeHtml(q)}" placeholder="办件编号、申请人或事项名称" size="30" autofocus><button>查找</button></form>
<h2 style="font-size:16px">办件（${cases.length} 件）</h2>
<table><thead><tr><th>办件编号</th><th>窗口</th><th>事项</th><th>申请人</th><th>状态</th><th>承诺办结</th><th>决定</th><th>后台操作</th></tr></thead><tbody>${rows}</tbody></table>
${figuresHtml}
<fieldset><legend>发布事项变更（各窗口下次同步时更新目录）</legend><form data-kind="catalog">${idempotencyField()}
<label>目录版本 <input name="catalogVersion" required size="12"></label><br><label>事项（JSON，格式同目录文件中的一项）<br><textarea name="json" rows="4" cols="80" required></textarea></label><br>
<button>发布事项</button><span class="error" role="alert"></span></form></fieldset>
<fieldset><legend>发布节假日安排（国务院办公厅通知）</legend><form data-kind="calendar">${idempotencyField()}
<label>年份 <input name="year" type="number" min="2000" max="2100" required></label><br><label>安排（JSON，格式同日历文件中的一年）<br><textarea name="json" rows="4" cols="80" required></textarea></label><br>
<button>发布安排</button><span class="error" role="alert"></span></form></fieldset>
</main>`,
  );
}
