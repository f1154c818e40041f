import { z } from 'zod';
import { batchStepError, isSuccess, type BatchStep } from '../../graph/graph-batch.js';
import { normaliseLeadName, type Lead } from '../../plan/lead.js';
import type { LeadMapping } from '../../plan/lead-mapping.js';
import { ensureSiteUser } from './site-users.js';
import type { SiteLists } from './site-lists.js';

/**
 * The Actions list's Leads Person column, filled from the confirmed lead mappings so that
 * SharePoint's own people features work on the plan: the "My actions" view ([Me] in Leads), the
 * people filter of a column, and the person card on hover. The plan as written stays in LeadsText;
 * this column only ever holds confirmed people, never a guess.
 */
export interface LeadsColumnReport {
  /** The plan's actions, and those whose column was written. */
  actions: number;
  changed: number;
  /** Confirmed leads now in the column, by the name the plan writes. */
  placed: string[];
  /** Confirmed leads the site would not take, and why: their actions keep whoever the column held. */
  notPlaced: { lead: string; why: string }[];
  /** Actions whose write failed (running again is safe), with the first failure. */
  notWritten: { count: number; why: string } | null;
}

export interface ActionLeads {
  id: string;
  leads: readonly Lead[];
  /** The column's site user ids now. */
  current: readonly string[];
}

/**
 * Graph reads a multi-value Person column as [{ LookupId, LookupValue, Email }] (the shape
 * microsoftgraph/microsoft-graph-docs#2991 shows for a multi-value lookup); a single value, or none,
 * is read leniently too.
 */
const personValueSchema = z.union([
  z.array(z.object({ LookupId: z.union([z.number(), z.string()]) }).loose()),
  z.object({ LookupId: z.union([z.number(), z.string()]) }).loose(),
  z.null(),
  z.undefined(),
]);

export function personIdsOf(value: unknown): string[] {
  const parsed = personValueSchema.safeParse(value);
  if (!parsed.success || !parsed.data) return [];
  const values = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  return values.map((v) => String(v.LookupId));
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

function sortedIds(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort((a, b) => Number(a) - Number(b));
}

/**
 * Writing a multi-value Person column through Graph: the ids as strings, typed as a collection
 * (an untyped array is refused: "A value without a type name was found"), PATCH .../fields.
 */
export function leadsColumnFields(ids: readonly string[]): Record<string, unknown> {
  return { 'LeadsLookupId@odata.type': 'Collection(Edm.String)', LeadsLookupId: [...ids] };
}

export interface FillLeadsColumnInput {
  lists: SiteLists;
  siteUrl: string;
  mappings: readonly LeadMapping[];
  actions: readonly ActionLeads[];
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Finds the site user of each confirmed lead the plan names (ensureUser adds them to the site, so
 * nobody else), then writes the column of the actions whose people changed, 20 to a $batch.
 */
export async function fillLeadsColumn(input: FillLeadsColumnInput): Promise<LeadsColumnReport> {
  const named = new Set(input.actions.flatMap((a) => a.leads.map((lead) => normaliseLeadName(lead.name))));
  const siteIds = new Map<string, string>();
  const refused = new Set<string>();
  const placed: string[] = [];
  const notPlaced: { lead: string; why: string }[] = [];
  for (const mapping of input.mappings) {
    if (mapping.status !== 'confirmed' || !mapping.target || !named.has(mapping.lead)) continue;
    const user = await ensureSiteUser(input.lists.http, input.siteUrl, mapping.target, input.signal);
    if (user.id === null) {
      refused.add(mapping.lead);
      notPlaced.push({ lead: mapping.writtenAs, why: user.why });
    } else {
      siteIds.set(mapping.lead, user.id);
      placed.push(mapping.writtenAs);
    }
  }

  const steps: BatchStep[] = [];
  for (const action of input.actions) {
    const keys = action.leads.map((lead) => normaliseLeadName(lead.name));
    const ids = keys.flatMap((key) => siteIds.get(key) ?? []);
    // Which of the column's people a refused lead was cannot be told, so nobody is taken out of such an action.
    const wanted = sortedIds(keys.some((key) => refused.has(key)) ? [...ids, ...action.current] : ids);
    if (sameIds(wanted, sortedIds(action.current))) continue;
    steps.push({ id: action.id, method: 'PATCH', url: `${input.lists.listPath('actions')}/items/${action.id}/fields`, body: leadsColumnFields(wanted) });
  }
  const outcomes = await input.lists.batch(steps, { ...(input.signal && { signal: input.signal }), ...(input.onProgress && { onProgress: input.onProgress }) });
  let changed = 0;
  const failures: string[] = [];
  for (const step of steps) {
    const outcome = outcomes.get(step.id);
    if (outcome && isSuccess(outcome)) changed += 1;
    // An action deleted meanwhile has no column to fill.
    else if (outcome?.status !== 404) failures.push(outcome ? batchStepError(step, outcome).message : 'no answer in the batch');
  }
  const notWritten = failures.length > 0 ? { count: failures.length, why: failures[0] as string } : null;
  return { actions: input.actions.length, changed, placed, notPlaced, notWritten };
}
