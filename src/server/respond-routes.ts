import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { dateIn, type Clock } from '../config/today.js';
import { isClosed } from '../plan/action-closed.js';
import { describeReducedDate } from '../plan/calendar-date.js';
import { PlanError } from '../plan/errors.js';
import { normaliseLeadName } from '../plan/lead.js';
import type { ActionView, Plan } from '../plan/plan.js';
import { isRag, type Rag } from '../plan/rag.js';
import { checkImpactEvidence, checkUpdateText } from '../plan/update-rules.js';
import { ownerStanding } from '../service/owner-standing.js';
import { recordUpdate } from '../service/record-update.js';
import type { LeadMappingStore } from '../store/lead-mapping-store.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';
import type { Reminder, ReminderLog } from '../store/reminder-log.js';
import type { UpdateLog } from '../store/update-log.js';
import { linkDigest, type RespondLinkClaims, type RespondLinks } from './respond-link.js';
import { RESPOND_CSP, respondClosed, respondDone, respondForbidden, respondForm, type ClosedReason, type RespondItem, type RespondValues } from './respond-page.js';

/*
 * GET and POST /respond/<token>: the page a lead outside the tenant answers their reminders on,
 * reached from the reminder email (issue 18, item 3). Outside /api, so no Teams sign-in: the
 * signed link is the only credential (respond-link.ts), and it is checked before anything is read.
 *
 * - A link that is not ours, or a form naming anything the link does not (another lead's action,
 *   a RAG that is not one, a field of our own making changed) is refused with 403 and logged with
 *   ids only.
 * - An expired link, or one whose reminders are answered, gets a page saying so and records nothing.
 * - Single use holds across servers through the reminder log every server shares: the link's
 *   reminders are marked answered once its updates are recorded, and a link any of whose reminders
 *   is answered opens nothing again. Two submissions racing each other record each action's update
 *   once, since its key is the link's nonce and the action (the store refuses a key twice).
 * - The server's request log never sees the token (this router is mounted before it and logs
 *   "/respond/…" with the outcome and ids).
 */

export type RespondStore = PlansAndActions & UpdateLog & ReminderLog & LeadMappingStore;

export interface RespondOptions {
  links: RespondLinks;
}

export interface RespondDeps {
  store: RespondStore;
  clock: Clock;
  log: (line: string) => void;
  links: RespondLinks;
}

type Loaded =
  | { kind: 'open'; plan: Plan; reminders: Reminder[]; actions: ActionView[]; claims: RespondLinkClaims }
  | { kind: 'closed'; reason: ClosedReason; planId: string }
  | { kind: 'forged'; why: string; planId: string | null };

const FIELD = /^(update|rag|evidence)\.(.+)$/;
const bodySchema = z.record(z.string(), z.string().max(20_000));

function send(res: Response, status: number, html: string): void {
  res.status(status);
  res.set({
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': RESPOND_CSP,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // The page and its link are a credential: kept by no cache, sent to no other site. Not
    // no-referrer: with it browsers send the form's POST with "Origin: null", which the server's
    // same-origin guard rightly refuses (request-guards.ts).
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'same-origin',
  });
  res.send(html);
}

/** An id fit for the log: one the store could have made, else a mark that it was not. */
function loggable(id: string): string {
  return /^[A-Za-z0-9_.:-]{1,100}$/.test(id) ? id : '?';
}

function longDate(day: string): string {
  return describeReducedDate(day);
}

async function load(deps: RespondDeps, token: string): Promise<Loaded> {
  const checked = deps.links.check(token);
  if (checked.kind === 'forged') return { kind: 'forged', why: checked.why, planId: null };
  const { claims } = checked;
  const now = deps.clock();
  if (now.getTime() >= claims.expiresAt * 1000) return { kind: 'closed', reason: 'expired', planId: claims.planId };
  let plan: Plan | null;
  try {
    plan = await deps.store.getPlan(claims.planId);
  } catch (error) {
    if (error instanceof PlanError && error.code === 'plan_not_found') plan = null;
    else throw error;
  }
  if (!plan) return { kind: 'closed', reason: 'gone', planId: claims.planId };
  const wanted = new Set(claims.reminders);
  const reminders = (await deps.store.listReminders({ planId: plan.id })).filter((r) => wanted.has(linkDigest(r.key)));
  // Signed by us, but for someone else's reminders or ones never emailed: a link we did not make this way.
  if (reminders.some((r) => linkDigest(normaliseLeadName(r.lead)) !== claims.lead)) return { kind: 'forged', why: 'lead', planId: plan.id };
  if (reminders.some((r) => r.status === 'answered')) return { kind: 'closed', reason: 'answered', planId: plan.id };
  if (reminders.length !== wanted.size) return { kind: 'closed', reason: 'gone', planId: plan.id };
  if (reminders.some((r) => r.via !== 'email' || r.status !== 'sent')) return { kind: 'forged', why: 'not-emailed', planId: plan.id };
  const ids = new Set(reminders.map((r) => r.actionId));
  const actions = (await deps.store.findActions(plan.id)).filter((a) => ids.has(a.id));
  if (actions.length !== ids.size) return { kind: 'closed', reason: 'gone', planId: plan.id };
  return { kind: 'open', plan, reminders, actions, claims };
}

function itemsOf(actions: readonly ActionView[]): RespondItem[] {
  return actions.map((a) => ({ actionId: a.id, ref: a.ref, title: a.title, timescale: a.timescale.asWritten, rag: a.rag, latestUpdate: a.lastUpdated }));
}

function formOf(loaded: Extract<Loaded, { kind: 'open' }>, extra: Pick<Parameters<typeof respondForm>[0], 'values' | 'errors' | 'formError'> = {}): string {
  const { plan, reminders, actions, claims } = loaded;
  const expiresOn = longDate(dateIn(plan.timeZone, new Date(claims.expiresAt * 1000)));
  return respondForm({ planTitle: plan.title, lead: reminders[0]!.lead, items: itemsOf(actions), expiresOn, ...extra });
}

type Answer = { actionId: string; text: string; rag: Rag | null; evidence: string };
type Parsed = { kind: 'tampered'; why: string; action: string | null } | { kind: 'answers'; values: Map<string, RespondValues> };

/** The form's fields, each for one of the link's actions, else the whole form is refused. */
function parseForm(body: unknown, actionIds: ReadonlySet<string>): Parsed {
  const parsed = bodySchema.safeParse(body ?? {});
  if (!parsed.success) return { kind: 'tampered', why: 'fields', action: null };
  const values = new Map<string, RespondValues>([...actionIds].map((id) => [id, { text: '', rag: '', evidence: '' }]));
  for (const [name, value] of Object.entries(parsed.data)) {
    const match = FIELD.exec(name);
    if (!match) return { kind: 'tampered', why: 'field', action: null };
    const [, field, actionId] = match as unknown as [string, 'update' | 'rag' | 'evidence', string];
    const entry = values.get(actionId);
    if (!entry) return { kind: 'tampered', why: 'action-not-in-link', action: actionId };
    if (field === 'rag') {
      if (value !== '' && (!isRag(value) || value === 'Not set')) return { kind: 'tampered', why: 'rag', action: actionId };
      entry.rag = value;
    } else if (field === 'update') entry.text = value;
    else entry.evidence = value;
  }
  return { kind: 'answers', values };
}

function said(error: unknown): string {
  if (!(error instanceof PlanError)) throw error;
  const m = error.message.replace(/^.*?: (?=[a-z])/, '');
  return `${m.charAt(0).toUpperCase()}${m.slice(1)}.`;
}

/** What is wrong with the answers, by action and field; the answers to record when nothing is. */
function checkAnswers(actions: readonly ActionView[], values: ReadonlyMap<string, RespondValues>): { errors: Map<string, Partial<Record<'text' | 'rag' | 'evidence', string>>>; answers: Answer[] } {
  const errors = new Map<string, Partial<Record<'text' | 'rag' | 'evidence', string>>>();
  const answers: Answer[] = [];
  for (const action of actions) {
    const v = values.get(action.id)!;
    const text = v.text.trim();
    const rag = v.rag === '' ? null : (v.rag as Rag);
    const problems: Partial<Record<'text' | 'rag' | 'evidence', string>> = {};
    if (text === '') {
      if (rag !== null || v.evidence.trim() !== '') problems.text = `Write a few words on ${action.ref} to go with the change.`;
    } else {
      try {
        checkUpdateText(text);
      } catch (error) {
        problems.text = said(error);
      }
      if (rag === 'Complete' && !isClosed(action)) {
        try {
          checkImpactEvidence(v.evidence);
        } catch (error) {
          problems.evidence = said(error);
        }
      }
    }
    if (Object.keys(problems).length > 0) errors.set(action.id, problems);
    else if (text !== '') answers.push({ actionId: action.id, text, rag, evidence: v.evidence.trim() });
  }
  return { errors, answers };
}

export function respondRoutes(deps: RespondDeps): Router {
  const router = express.Router();
  // Three fields an action and at most 200 actions a link (respond-link.ts).
  router.use(express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 700 }));

  const outcome = (req: Request, res: Response, started: bigint, what: string, planId: string | null): void => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    deps.log(`${req.method} /respond/… ${res.statusCode} ${ms.toFixed(1)}ms ${what}${planId ? ` plan=${loggable(planId)}` : ''}`);
  };

  /** A forged link (403) or one that is closed (410): the same page and log line for the form and its answer. */
  const refuse = (req: Request, res: Response, started: bigint, loaded: Exclude<Loaded, { kind: 'open' }>): void => {
    if (loaded.kind === 'forged') send(res, 403, respondForbidden());
    else send(res, 410, respondClosed(loaded.reason));
    outcome(req, res, started, loaded.kind === 'forged' ? `refused=${loaded.why}` : loaded.reason, loaded.planId);
  };

  router.get('/:token', async (req, res, next) => {
    const started = process.hrtime.bigint();
    try {
      const loaded = await load(deps, req.params.token);
      if (loaded.kind !== 'open') return refuse(req, res, started, loaded);
      send(res, 200, formOf(loaded));
      outcome(req, res, started, `form actions=${loaded.actions.length}`, loaded.plan.id);
    } catch (error) {
      next(error);
    }
  });

  router.post('/:token', async (req, res, next) => {
    const started = process.hrtime.bigint();
    try {
      const loaded = await load(deps, req.params.token);
      if (loaded.kind !== 'open') return refuse(req, res, started, loaded);
      const { plan, actions, reminders, claims } = loaded;
      const parsed = parseForm(req.body, new Set(actions.map((a) => a.id)));
      if (parsed.kind === 'tampered') {
        send(res, 403, respondForbidden());
        return outcome(req, res, started, `refused=${parsed.why}${parsed.action !== null ? ` action=${loggable(parsed.action)}` : ''}`, plan.id);
      }
      const { errors, answers } = checkAnswers(actions, parsed.values);
      if (errors.size > 0 || answers.length === 0) {
        const formError = errors.size > 0 ? 'Nothing was recorded yet: please correct what is marked below, then send again.' : 'Nothing was recorded: write an update on at least one action, then send.';
        send(res, 400, formOf(loaded, { values: parsed.values, errors, formError }));
        return outcome(req, res, started, `invalid=${errors.size}`, plan.id);
      }

      const now = deps.clock();
      const today = dateIn(plan.timeZone, now);
      const lead = reminders[0]!.lead;
      // The lead has no account: where the plan has its owner approve, their completion is proposed, as anyone's.
      const { mayDecide } = await ownerStanding(deps.store, plan, { name: lead, userId: null });
      const refs: string[] = [];
      for (const answer of answers) {
        await recordUpdate(deps.store, {
          actionId: answer.actionId,
          text: answer.text,
          ...(answer.rag !== null && { rag: answer.rag }),
          ...(answer.evidence !== '' && { evidence: answer.evidence }),
          author: lead,
          authorId: null,
          origin: 'email',
          mayClose: mayDecide,
          key: `email|${claims.nonce}|${answer.actionId}`,
          now,
          today,
        });
        refs.push(actions.find((a) => a.id === answer.actionId)!.ref);
      }
      // After the updates: a server that stops between the two leaves the link usable, and sending again records nothing twice.
      for (const r of reminders) await deps.store.recordReminderOutcome(r.key, { status: 'answered', at: now.toISOString() });
      send(res, 200, respondDone({ planTitle: plan.title, refs, on: longDate(today) }));
      outcome(req, res, started, `recorded=${answers.length} answered=${reminders.length}`, plan.id);
    } catch (error) {
      next(error);
    }
  });

  return router;
}
