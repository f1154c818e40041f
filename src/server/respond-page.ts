import { createHash } from 'node:crypto';
import { describeReducedDate, type ReducedDate } from '../plan/calendar-date.js';
import { RAG_VALUES, type Rag } from '../plan/rag.js';
import { MAX_EVIDENCE_LENGTH, MAX_UPDATE_TEXT_LENGTH } from '../plan/update-rules.js';

/*
 * The pages a lead outside the tenant sees from a reminder email's link. Built for a phone and for
 * no script at all: plain HTML forms, one column, large targets, every control labelled and every
 * error tied to its field (aria-describedby), in the lead's own words the plan's: ref, title,
 * timescale as written, RAG in words, the latest update's date. Nothing else of the plan is shown:
 * no other lead's action, no update's text. All text from the plan is escaped; the one stylesheet is
 * inline and allowed by its hash in the Content-Security-Policy, so the policy needs nothing else.
 */

export interface RespondItem {
  actionId: string;
  ref: string;
  title: string;
  timescale: string;
  rag: Rag;
  latestUpdate: ReducedDate | null;
}

export interface RespondValues {
  text: string;
  rag: string;
  evidence: string;
}

export interface RespondFormInput {
  planTitle: string;
  lead: string;
  items: readonly RespondItem[];
  /** The day the link stops working, for the lead to read. */
  expiresOn: string;
  values?: ReadonlyMap<string, RespondValues>;
  /** By action id, then field ('text', 'rag', 'evidence'); '' for the form as a whole. */
  errors?: ReadonlyMap<string, Partial<Record<'text' | 'rag' | 'evidence', string>>>;
  formError?: string;
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fff;--muted:#505050;--line:#8a8a8a;--accent:#0f5ea8;--bad:#a4262c}
@media (prefers-color-scheme:dark){:root{--fg:#f3f3f3;--bg:#1f1f1f;--muted:#c8c8c8;--line:#9a9a9a;--accent:#7cb7f0;--bad:#ff9a9f}}
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.375rem;line-height:1.3;margin:.5rem 0 1rem}
h2{font-size:1.125rem;margin:0 0 .25rem}
p{margin:.5rem 0}
.muted{color:var(--muted)}
fieldset{border:1px solid var(--line);border-radius:.5rem;margin:0 0 1.25rem;padding:.75rem 1rem 1rem}
legend{float:left;width:100%;padding:0;margin:0 0 .5rem;font-weight:600}
legend+*{clear:left}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.125rem .75rem;margin:.25rem 0 .75rem}
dt{color:var(--muted)}dd{margin:0}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
textarea{width:100%;min-height:6rem;font:inherit;padding:.5rem;border:1px solid var(--line);border-radius:.375rem;color:inherit;background:transparent}
textarea:focus,input:focus,button:focus{outline:3px solid var(--accent);outline-offset:2px}
.choices{border:0;padding:0;margin:.75rem 0 0}
.choices legend{margin:0 0 .25rem}
.choice{display:flex;align-items:center;gap:.5rem;min-height:2.75rem}
.choice label{display:inline;font-weight:400;margin:0}
input[type=radio]{width:1.25rem;height:1.25rem;margin:0}
.error{color:var(--bad);font-weight:600;margin:.25rem 0}
[aria-invalid=true]{border-color:var(--bad);border-width:2px}
button{font:inherit;font-weight:600;min-height:2.75rem;width:100%;padding:.625rem 1rem;border:0;border-radius:.375rem;color:#fff;background:var(--accent);cursor:pointer}
@media (prefers-color-scheme:dark){button{color:#111}}
@media (min-width:40rem){button{width:auto;min-width:12rem}}
`;

/** The Content-Security-Policy of every page here: nothing but this inline stylesheet, and forms posting back to this server. */
export const RESPOND_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="same-origin">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The ids in a field's name and the page's element ids: an action id may hold anything SharePoint or SQLite gave it. */
export function fieldName(field: 'update' | 'rag' | 'evidence', actionId: string): string {
  return `${field}.${actionId}`;
}

function elementId(field: string, index: number): string {
  return `${field}-${index}`;
}

const RAG_WORDS: Record<Rag, string> = { Red: 'Red', Amber: 'Amber', Green: 'Green', Complete: 'Complete', 'Not set': 'Not set' };
const CHOICES: readonly Rag[] = RAG_VALUES.filter((r) => r !== 'Not set');

function itemFieldset(item: RespondItem, index: number, values: RespondValues | undefined, errors: Partial<Record<'text' | 'rag' | 'evidence', string>> | undefined): string {
  const textId = elementId('update', index);
  const evidenceId = elementId('evidence', index);
  const errorOf = (field: 'text' | 'rag' | 'evidence', id: string): { attrs: string; note: string } => {
    const message = errors?.[field];
    return message ? { attrs: ` aria-invalid="true" aria-describedby="${id}-error"`, note: `<p class="error" id="${id}-error">${escapeHtml(message)}</p>` } : { attrs: '', note: '' };
  };
  const text = errorOf('text', textId);
  const evidence = errorOf('evidence', evidenceId);
  const ragError = errors?.rag ? `<p class="error" id="rag-${index}-error">${escapeHtml(errors.rag)}</p>` : '';
  const chosen = values?.rag ?? '';
  const radio = (value: string, label: string, n: number): string => {
    const id = `rag-${index}-${n}`;
    return `<div class="choice"><input type="radio" id="${id}" name="${escapeHtml(fieldName('rag', item.actionId))}" value="${escapeHtml(value)}"${chosen === value ? ' checked' : ''}><label for="${id}">${escapeHtml(label)}</label></div>`;
  };
  return `<fieldset>
<legend>${escapeHtml(item.ref)} ${escapeHtml(item.title)}</legend>
<dl>
<dt>Timescale</dt><dd>${escapeHtml(item.timescale || 'not given')}</dd>
<dt>RAG</dt><dd>${escapeHtml(RAG_WORDS[item.rag])}</dd>
<dt>Latest update</dt><dd>${item.latestUpdate ? escapeHtml(describeReducedDate(item.latestUpdate)) : 'none yet'}</dd>
</dl>
<label for="${textId}">Your update on ${escapeHtml(item.ref)}</label>
${text.note}<textarea id="${textId}" name="${escapeHtml(fieldName('update', item.actionId))}" rows="4" maxlength="${MAX_UPDATE_TEXT_LENGTH}"${text.attrs}>${escapeHtml(values?.text ?? '')}</textarea>
<fieldset class="choices"${ragError ? ` aria-describedby="rag-${index}-error"` : ''}>
<legend>RAG status after your update</legend>
${ragError}${radio('', `Leave as ${RAG_WORDS[item.rag]}`, 0)}
${CHOICES.map((r, n) => radio(r, RAG_WORDS[r], n + 1)).join('\n')}
</fieldset>
<label for="${evidenceId}">If it is complete: what difference has it made?</label>
${evidence.note}<textarea id="${evidenceId}" name="${escapeHtml(fieldName('evidence', item.actionId))}" rows="3" maxlength="${MAX_EVIDENCE_LENGTH}"${evidence.attrs}>${escapeHtml(values?.evidence ?? '')}</textarea>
</fieldset>`;
}

/** The form: each of the lead's reminded actions with a box for their update, a RAG choice, and one Send. */
export function respondForm(input: RespondFormInput): string {
  const n = input.items.length;
  const intro = `<h1>Your update for ${escapeHtml(input.planTitle)}</h1>
<p>Hello ${escapeHtml(input.lead)}. ${n === 1 ? 'This action needs' : `These ${n} actions need`} an update from you. Write what has happened since the last update; leave a box empty to say nothing on that action. Your answers are recorded with today's date, under your name.</p>
<p class="muted">This page works once: after you send, the link stops working. It expires on ${escapeHtml(input.expiresOn)}.</p>`;
  const formError = input.formError ? `<p class="error" role="alert">${escapeHtml(input.formError)}</p>` : '';
  const fields = input.items.map((item, i) => itemFieldset(item, i, input.values?.get(item.actionId), input.errors?.get(item.actionId))).join('\n');
  return page(`Update: ${input.planTitle}`, `${intro}
<form method="post" novalidate>
${formError}${fields}
<button type="submit">Send</button>
</form>`);
}

export function respondDone(input: { planTitle: string; refs: readonly string[]; on: string }): string {
  const n = input.refs.length;
  return page('Thank you', `<h1>Thank you</h1>
<p role="status">Your ${n === 1 ? 'update' : `${n} updates`} on ${escapeHtml(input.refs.join(', '))} ${n === 1 ? 'was' : 'were'} recorded in ${escapeHtml(input.planTitle)} on ${escapeHtml(input.on)}.</p>
<p>This link has now been used and will not open the form again. You will get a new email when your next update is due.</p>`);
}

export type ClosedReason = 'expired' | 'answered' | 'gone';

const CLOSED: Record<ClosedReason, { title: string; text: string }> = {
  expired: { title: 'This link has expired', text: 'Links in reminder emails work for 14 days. Nothing was recorded. You will get a new email with a new link when your next update is due; if it is urgent, reply to the plan owner.' },
  answered: { title: 'This link has already been used', text: 'The updates sent from it were recorded, and each link works only once. Nothing more was recorded. You will get a new email when your next update is due.' },
  gone: { title: 'This link no longer works', text: 'The plan or the actions it was about have changed since the email was sent. Nothing was recorded. You will get a new email when your next update is due.' },
};

/** A link that cannot be used any more, said plainly; nothing is recorded from it. */
export function respondClosed(reason: ClosedReason): string {
  const c = CLOSED[reason];
  return page(c.title, `<h1>${c.title}</h1>\n<p>${c.text}</p>`);
}

/** A link that is not one of ours, or a form that names what the link does not: nothing is said of any plan. */
export function respondForbidden(): string {
  return page('This link is not valid', `<h1>This link is not valid</h1>
<p>Nothing was recorded. Please open the link exactly as it came in your reminder email.</p>`);
}
