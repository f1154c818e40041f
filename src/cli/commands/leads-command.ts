import Table from 'cli-table3';
import type { Directory } from '../../leads/directory-search.js';
import { confirmSuggestion, confirmTarget, emptyMapping, resolveTarget, unsetMapping, type TargetChoice } from '../../leads/lead-confirmation.js';
import { matchPlanLeads } from '../../leads/match-plan-leads.js';
import { planLeads, type PlanLead } from '../../leads/plan-leads.js';
import { PlanError } from '../../plan/errors.js';
import { normaliseLeadName, parseLeads } from '../../plan/lead.js';
import type { LeadMapping, LeadMappingStatus, LeadTarget } from '../../plan/lead-mapping.js';
import type { Plan } from '../../plan/plan.js';
import type { LeadMappingStore } from '../../store/lead-mapping-store.js';
import type { PlansAndActions } from '../../store/plans-and-actions.js';
import { GraphPlanStore } from '../../store/sharepoint/graph-plan-store.js';
import { leadsColumnNotes } from '../leads-column-notes.js';
import { resolvePlan } from '../resolve-plan.js';

export interface LeadsOptions {
  plan?: string;
  match?: boolean;
  confirm?: string;
  user?: string;
  group?: string;
  contact?: string;
  /** With --confirm: the lead has no account in the tenant, and is reminded by email at this address. */
  email?: string;
  confirmAllSuggested?: boolean;
  unset?: string;
  fillLeadsColumn?: boolean;
  by?: string;
  json?: boolean;
}

export interface LeadsContext {
  /** Opens the directory on first use; null when no tenant is configured. */
  directory: (() => Directory) | null;
  /** Who confirms, when --by does not say. */
  actor: string;
}

export const NO_TENANT =
  'matching leads to people searches the Entra ID directory, and no tenant is configured: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (or GRAPH_CERTIFICATE_PATH), with the application permissions User.Read.All and GroupMember.Read.All. Without a tenant, `plan leads` lists the leads and `plan leads --confirm "<lead>" --user <object id>` maps one by id.';

type RowStatus = LeadMappingStatus | 'not matched yet';

interface LeadRow {
  lead: string;
  writtenAs: string;
  kind: 'person' | 'group' | null;
  role: string | null;
  refs: string[];
  /** False for a mapping kept for a lead the plan no longer names. */
  inPlan: boolean;
  status: RowStatus;
  target: LeadTarget | null;
  candidates: LeadTarget[];
  confirmedBy: string | null;
  updatedAt: string | null;
}

/** The lead an owner typed: its key as typed, or as the plan would read it ("Louise West West" is Louise West). */
function leadKeysFor(typed: string): string[] {
  const keys = [normaliseLeadName(typed)];
  const read = parseLeads(typed)[0];
  if (read) keys.push(normaliseLeadName(read.name));
  return keys;
}

function findLead(typed: string, plan: Plan, leads: readonly PlanLead[], mappings: readonly LeadMapping[], at: string): LeadMapping {
  for (const key of leadKeysFor(typed)) {
    const stored = mappings.find((m) => m.lead === key);
    if (stored) return stored;
    const planLead = leads.find((l) => l.key === key);
    if (planLead) return emptyMapping(planLead.key, planLead.lead.name, at);
  }
  throw new PlanError('invalid_input', `plan ${plan.id} has no lead "${typed}"; \`plan leads --plan ${plan.id}\` lists them as written`);
}

function choiceOf(options: LeadsOptions): TargetChoice | null {
  const given = (['user', 'group', 'contact', 'email'] as const).filter((k) => options[k] !== undefined);
  if (given.length > 1) throw new PlanError('invalid_input', `give one of --user, --group and --contact (or --email), not ${given.map((g) => `--${g}`).join(' and ')}`);
  const kind = given[0];
  return kind === undefined ? null : { kind, value: options[kind] ?? '' };
}

function checkOptions(options: LeadsOptions): void {
  const actions = [options.match && '--match', options.confirm !== undefined && '--confirm', options.confirmAllSuggested && '--confirm-all-suggested', options.unset !== undefined && '--unset', options.fillLeadsColumn && '--fill-leads-column'].filter(
    (a): a is string => typeof a === 'string',
  );
  if (actions.length > 1) throw new PlanError('invalid_input', `${actions.join(' and ')} cannot be combined: run them one after the other`);
  if (options.confirm === undefined && choiceOf(options) !== null) throw new PlanError('invalid_input', '--user, --group, --contact and --email go with --confirm "<lead>"');
}

/** Errors from the directory as the command's own: a token or network failure names what failed, never a lead. */
async function fromDirectory<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PlanError) throw error;
    throw new PlanError('store_failure', `the directory could not be searched: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function describeTarget(t: LeadTarget, withId = false): string {
  if (t.kind === 'email') return `${t.mail ?? t.displayName} (no account: reminded by email)`;
  // A guest's sign-in name is their own address with #EXT# and the tenant's domain: they are a user, and get the card.
  const guest = t.userPrincipalName?.toUpperCase().includes('#EXT#') ? ' (guest)' : '';
  const what = t.kind === 'group' ? ' (group)' : t.kind === 'contact' ? ' (contact)' : '';
  const mail = t.mail && t.mail !== t.displayName ? ` <${t.mail}>` : '';
  // Confirmed by id with no directory to ask: the id is all there is to check it by.
  const id = t.id && (withId || !t.mail) ? ` [${t.id}]` : '';
  return `${t.displayName}${mail}${what}${guest}${t.jobTitle ? `, ${t.jobTitle}` : ''}${id}`;
}

function describeCandidate(t: LeadTarget): string {
  return describeTarget(t, true);
}

function rowsOf(leads: readonly PlanLead[], mappings: readonly LeadMapping[]): LeadRow[] {
  const byKey = new Map(mappings.map((m) => [m.lead, m]));
  const row = (m: LeadMapping | undefined): Pick<LeadRow, 'status' | 'target' | 'candidates' | 'confirmedBy' | 'updatedAt'> => ({
    status: m?.status ?? 'not matched yet',
    target: m?.target ?? null,
    candidates: m?.candidates ?? [],
    confirmedBy: m?.confirmedBy ?? null,
    updatedAt: m?.updatedAt ?? null,
  });
  const rows: LeadRow[] = leads.map((l) => ({ lead: l.key, writtenAs: l.lead.name, kind: l.lead.kind, role: l.lead.role, refs: l.refs, inPlan: true, ...row(byKey.get(l.key)) }));
  const inPlan = new Set(leads.map((l) => l.key));
  for (const m of mappings) {
    if (!inPlan.has(m.lead)) rows.push({ lead: m.lead, writtenAs: m.writtenAs, kind: null, role: null, refs: [], inPlan: false, ...row(m) });
  }
  return rows;
}

function counts(rows: readonly LeadRow[]): Record<RowStatus, number> {
  const out: Record<RowStatus, number> = { confirmed: 0, suggested: 0, ambiguous: 0, unmatched: 0, 'not matched yet': 0 };
  for (const r of rows) if (r.inPlan) out[r.status] += 1;
  return out;
}

function render(plan: Plan, rows: readonly LeadRow[], notes: readonly string[], context: LeadsContext): string {
  const c = counts(rows);
  const inPlan = rows.filter((r) => r.inPlan).length;
  const lines = [
    `${plan.title} (${plan.id}): ${inPlan} lead${inPlan === 1 ? '' : 's'}: ${c.confirmed} confirmed, ${c.suggested} suggested, ${c.ambiguous} ambiguous, ${c.unmatched} unmatched${c['not matched yet'] ? `, ${c['not matched yet']} not matched yet` : ''}`,
    ...notes,
  ];
  if (rows.length > 0) {
    const table = new Table({ head: ['Lead (as written)', 'Status', 'Who', 'Actions'], style: { head: [], border: [] }, wordWrap: true, colWidths: [30, 17, 46, 16] });
    for (const r of rows) {
      const lead = `${r.writtenAs}${r.kind === 'group' ? ' (group)' : ''}${r.role ? ` [${r.role}]` : ''}`;
      const who = r.target ? describeTarget(r.target) : r.status === 'ambiguous' ? `one of ${r.candidates.length}` : '—';
      const status = r.status === 'confirmed' && r.confirmedBy ? `confirmed by ${r.confirmedBy}` : r.status;
      const refs = r.refs.length > 5 ? `${r.refs.slice(0, 4).join(', ')} and ${r.refs.length - 4} more` : r.refs.join(', ');
      table.push([lead, status, who, r.inPlan ? refs : 'no longer in the plan']);
    }
    lines.push(table.toString());
  }
  const ambiguous = rows.filter((r) => r.inPlan && r.status === 'ambiguous');
  if (ambiguous.length > 0) {
    lines.push('Ambiguous, for you to choose (plan leads --confirm "<lead>" --user <id|mail>, or --group <id>):');
    for (const r of ambiguous) lines.push(`  ${r.writtenAs}: ${r.candidates.map(describeCandidate).join('; ')}`);
  }
  const unmatched = rows.filter((r) => r.inPlan && r.status === 'unmatched');
  if (unmatched.length > 0) {
    lines.push('Unmatched, never guessed (confirm by --user <object id>, --group <id>, name a contact with --contact <mail>, or for someone with no account in the tenant give their address with --email <mail>):');
    for (const r of unmatched) lines.push(`  ${r.writtenAs}${r.candidates.length > 0 ? `: the directory offered ${r.candidates.map(describeCandidate).join('; ')}` : ''}`);
  }
  if (c.suggested > 0) lines.push(`Check the ${c.suggested} suggested, then confirm them: plan leads --confirm-all-suggested (or one at a time with --confirm "<lead>").`);
  if (c['not matched yet'] > 0) lines.push(context.directory ? 'Search the directory for the leads not matched yet: plan leads --match' : `Not matched yet: ${NO_TENANT}`);
  return lines.join('\n');
}

/** `plan leads`: the plan's leads and who they are in Entra ID; matching, confirming and unsetting. */
export async function leadsCommand(store: PlansAndActions & LeadMappingStore, options: LeadsOptions, now: Date, context: LeadsContext): Promise<string> {
  checkOptions(options);
  const plan = await resolvePlan(store, options.plan);
  const at = now.toISOString();
  const by = options.by?.trim() || context.actor;
  const notes: string[] = [];
  const [actions, stored] = await Promise.all([store.findActions(plan.id), store.listLeadMappings(plan.id)]);
  const leads = planLeads(actions);

  if (options.match) {
    if (!context.directory) throw new PlanError('invalid_input', NO_TENANT);
    const directory = context.directory();
    const report = await fromDirectory(() => matchPlanLeads(store, plan.id, directory, at));
    notes.push(`Searched the directory for ${report.searched} lead${report.searched === 1 ? '' : 's'}; ${report.keptConfirmed} confirmed left as they were.`);
    for (const r of report.refused) notes.push(`Not searched, left as it was: ${r.lead}: ${r.reason}`);
  } else if (options.confirm !== undefined) {
    const mapping = findLead(options.confirm, plan, leads, stored, at);
    const choice = choiceOf(options);
    const next = choice
      ? confirmTarget(mapping, await fromDirectory(() => resolveTarget(choice, mapping, context.directory ? context.directory() : null)), by, at)
      : confirmSuggestion(mapping, by, at);
    await store.saveLeadMappings(plan.id, [next]);
    notes.push(`Confirmed "${next.writtenAs}" as ${describeTarget(next.target!)}.`);
  } else if (options.confirmAllSuggested) {
    const confirmed = stored.filter((m) => m.status === 'suggested').map((m) => confirmSuggestion(m, by, at));
    if (confirmed.length > 0) await store.saveLeadMappings(plan.id, confirmed);
    notes.push(`Confirmed ${confirmed.length} suggested lead${confirmed.length === 1 ? '' : 's'}.`);
  } else if (options.unset !== undefined) {
    const mapping = findLead(options.unset, plan, leads, stored, at);
    await store.saveLeadMappings(plan.id, [unsetMapping(mapping, at)]);
    notes.push(`Unset "${mapping.writtenAs}": nobody is reminded for it until someone is confirmed.`);
  }

  // Who is confirmed changed: SharePoint's Leads Person column follows, for its "My actions" view.
  const confirmedChanged = options.confirm !== undefined || options.confirmAllSuggested || options.unset !== undefined;
  if (confirmedChanged || options.fillLeadsColumn) {
    if (store instanceof GraphPlanStore) notes.push(...(await leadsColumnNotes(store, plan.id, `plan leads --plan ${plan.id} --fill-leads-column`)));
    else if (options.fillLeadsColumn) throw new PlanError('invalid_input', 'the Leads Person column is in SharePoint, and this plan is in the local store: nothing to fill');
  }

  const mappings = options.match || confirmedChanged ? await store.listLeadMappings(plan.id) : stored;
  const rows = rowsOf(leads, mappings);
  if (options.json) return JSON.stringify({ planId: plan.id, counts: counts(rows), notes, leads: rows }, null, 2);
  return render(plan, rows, notes, context);
}
