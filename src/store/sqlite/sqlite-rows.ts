import { compareReduced } from '../../plan/calendar-date.js';
import type { Action, ActionWithUpdates, Plan, Section } from '../../plan/plan.js';
import type { Rag } from '../../plan/rag.js';
import type { Timescale } from '../../plan/timescale.js';
import type { Update } from '../../plan/update.js';
import type { StatementCache } from './statement-cache.js';

/** The embedded store's rows and how they read as the domain's shapes, shared by the store's parts. */

export interface PlanRow {
  id: string;
  title: string;
  description: string;
  owner: string | null;
  rag_legend: string;
  version_record: string;
  source: string | null;
  unplaced_text: string;
  reminder_lead_days: number;
  stale_after_days: number;
  time_zone: string;
}

export interface SectionRow {
  id: string;
  plan_id: string;
  number: string | null;
  label: string | null;
  title: string;
  description: string;
  ord: number;
}

export interface ActionRow {
  id: string;
  plan_id: string;
  section_id: string;
  ref: string;
  parent_ref: string | null;
  ord: number;
  title: string;
  text: string;
  outcome: string;
  leads: string;
  leads_text: string;
  timescale: string;
  rag: string;
  rag_note: string | null;
  sources: string;
  markers: string;
  duplicate_of: string | null;
  last_updated: string | null;
  latest_update_id: string | null;
  update_count: number;
  version: number;
}

export interface UpdateRow {
  id: string;
  action_id: string;
  sequence: number;
  date: string | null;
  date_source: string;
  author: string | null;
  author_id: string | null;
  text: string;
  origin: string;
  rag_after: string | null;
  timescale_after: string | null;
  key: string;
  recorded_at: string;
}

export type ActionViewRow = ActionRow & { [K in keyof UpdateRow as `u_${K}`]: UpdateRow[K] | null };

export const ACTION_COLUMNS = ['id', 'plan_id', 'section_id', 'ref', 'parent_ref', 'ord', 'title', 'text', 'outcome', 'leads', 'leads_text', 'timescale', 'rag', 'rag_note', 'sources', 'markers', 'duplicate_of', 'last_updated', 'latest_update_id', 'update_count', 'version'] as const;

export const ACTION_SELECT = ACTION_COLUMNS.join(', ');

export const UPDATE_COLUMNS = ['id', 'action_id', 'sequence', 'date', 'date_source', 'author', 'author_id', 'text', 'origin', 'rag_after', 'timescale_after', 'key', 'recorded_at'] as const;

export function laterDate(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareReduced(a, b) >= 0 ? a : b;
}

export function searchText(parts: readonly string[]): string {
  return parts.join('\n').toLowerCase();
}

export function toUpdate(row: UpdateRow): Update {
  return {
    id: row.id,
    actionId: row.action_id,
    sequence: row.sequence,
    date: row.date,
    dateSource: row.date_source as Update['dateSource'],
    author: row.author,
    authorId: row.author_id,
    text: row.text,
    origin: row.origin as Update['origin'],
    ragAfter: row.rag_after as Rag | null,
    timescaleAfter: row.timescale_after,
    key: row.key,
    recordedAt: row.recorded_at,
  };
}

export function toAction(row: ActionRow): Action {
  return {
    id: row.id,
    planId: row.plan_id,
    sectionId: row.section_id,
    ref: row.ref,
    parentRef: row.parent_ref,
    order: row.ord,
    title: row.title,
    text: row.text,
    outcome: row.outcome,
    leads: JSON.parse(row.leads) as Action['leads'],
    leadsText: row.leads_text,
    timescale: JSON.parse(row.timescale) as Timescale,
    rag: row.rag as Rag,
    ragNote: row.rag_note,
    sources: JSON.parse(row.sources) as string[],
    markers: JSON.parse(row.markers) as string[],
    duplicateOf: row.duplicate_of,
    lastUpdated: row.last_updated,
    version: String(row.version),
  };
}

export function toPlan(row: PlanRow): Plan {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    owner: row.owner,
    ragLegend: JSON.parse(row.rag_legend) as Plan['ragLegend'],
    versionRecord: JSON.parse(row.version_record) as Plan['versionRecord'],
    source: row.source === null ? null : (JSON.parse(row.source) as Plan['source']),
    unplacedText: JSON.parse(row.unplaced_text) as string[],
    reminderLeadDays: row.reminder_lead_days,
    staleAfterDays: row.stale_after_days,
    timeZone: row.time_zone,
  };
}

export function toSection(row: SectionRow): Section {
  return { id: row.id, planId: row.plan_id, number: row.number, label: row.label, title: row.title, description: row.description, order: row.ord };
}

export function actionRow(sql: StatementCache, actionId: string): ActionRow | undefined {
  return sql.get(`SELECT ${ACTION_SELECT} FROM actions WHERE id = ?`).get(actionId) as ActionRow | undefined;
}

export function withUpdates(sql: StatementCache, row: ActionRow): ActionWithUpdates {
  const updates = (sql.get('SELECT * FROM updates WHERE action_id = ? ORDER BY sequence').all(row.id) as UpdateRow[]).map(toUpdate);
  return { ...toAction(row), updates };
}
