import { z } from 'zod';
import { batchStepError, isSuccess, type BatchStep } from '../../graph/graph-batch.js';
import type { GraphHttp } from '../../graph/graph-http.js';
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
  /** Confirmed leads the site would not take, and why: their actions keep the others. */
  notPlaced: { lead: string; why: string }[];
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
  http: GraphHttp;
  lists: SiteLists;
  siteUrl: string;
  mappings: readonly LeadMapping[];
  actions: readonly ActionLeads[];
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Finds each confirmed lead's site user, then writes the column of the actions whose people changed, 20 to a $batch. */
export async function fillLeadsColumn(input: FillLeadsColumnInput): Promise<LeadsColumnReport> {
  const siteIds = new Map<string, string>();
  const placed: string[] = [];
  const notPlaced: { lead: string; why: string }[] = [];
  for (const mapping of input.mappings) {
    if (mapping.status !== 'confirmed' || !mapping.target) continue;
    const user = await ensureSiteUser(input.http, input.siteUrl, mapping.target, input.signal);
    if (user.id === null) notPlaced.push({ lead: mapping.writtenAs, why: user.why });
    else {
      siteIds.set(mapping.lead, user.id);
      placed.push(mapping.writtenAs);
    }
  }

  const steps: BatchStep[] = [];
  for (const action of input.actions) {
    const wanted = sortedIds(action.leads.flatMap((lead) => siteIds.get(normaliseLeadName(lead.name)) ?? []));
    if (sameIds(wanted, sortedIds(action.current))) continue;
    steps.push({ id: action.id, method: 'PATCH', url: `${input.lists.listPath('actions')}/items/${action.id}/fields`, body: leadsColumnFields(wanted) });
  }
  const outcomes = await input.lists.batch(steps, { ...(input.signal && { signal: input.signal }), ...(input.onProgress && { onProgress: input.onProgress }) });
  for (const step of steps) {
    const outcome = outcomes.get(step.id);
    // An action deleted meanwhile has no column to fill.
    if (outcome && !isSuccess(outcome) && outcome.status !== 404) throw batchStepError(step, outcome);
  }
  return { actions: input.actions.length, changed: steps.length, placed, notPlaced };
}
