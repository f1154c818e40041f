import type { HistoryEntry } from '../../plan/action-history.js';
import { compareReduced } from '../../plan/calendar-date.js';
import { updateSinceDay } from '../../plan/changes-since.js';
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
  meetings: string;
  owner_approves: number;
  table_columns: string | null;
  channel_digest: string | null;
  lead_notice: string;
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

/** What an update is written with: its columns, its plan and the day it counts for since a meeting (updateSinceDay). */
const UPDATE_WRITE_COLUMNS = [...UPDATE_COLUMNS, 'plan_id', 'since_day'] as const;

export const INSERT_UPDATE = `INSERT INTO updates (${UPDATE_WRITE_COLUMNS.join(', ')}) VALUES (${UPDATE_WRITE_COLUMNS.map((c) => `@${c}`).join(', ')})`;

export function updateValues(u: Update, planId: string): Record<(typeof UPDATE_WRITE_COLUMNS)[number], string | number | null> {
  return {
    id: u.id,
    action_id: u.actionId,
    sequence: u.sequence,
    date: u.date,
    date_source: u.dateSource,
    author: u.author,
    author_id: u.authorId,
    text: u.text,
    origin: u.origin,
    rag_after: u.ragAfter,
    timescale_after: u.timescaleAfter,
    key: u.key,
    recorded_at: u.recordedAt,
    plan_id: planId,
    since_day: updateSinceDay(u),
  };
}

export interface HistoryRow {
  id: string;
  action_id: string;
  plan_id: string;
  sequence: number;
  kind: string;
  changes: string;
  note: string | null;
  author: string | null;
  author_id: string | null;
  origin: string;
  date: string;
  recorded_at: string;
  key: string;
}

const HISTORY_COLUMNS = ['id', 'action_id', 'plan_id', 'sequence', 'kind', 'changes', 'note', 'author', 'author_id', 'origin', 'date', 'recorded_at', 'key'] as const;

export const INSERT_HISTORY = `INSERT INTO history (${HISTORY_COLUMNS.join(', ')}) VALUES (${HISTORY_COLUMNS.map((c) => `@${c}`).join(', ')})`;

export function historyValues(entry: HistoryEntry, planId: string): HistoryRow {
  return {
    id: entry.id,
    action_id: entry.actionId,
    plan_id: planId,
    sequence: entry.sequence,
    kind: entry.kind,
    changes: JSON.stringify(entry.changes),
    note: entry.note,
    author: entry.author,
    author_id: entry.authorId,
    origin: entry.origin,
    date: entry.date,
    recorded_at: entry.recordedAt,
    key: entry.key,
  };
}

export function toHistoryEntry(row: HistoryRow): HistoryEntry {
  return {
    id: row.id,
    actionId: row.action_id,
    sequence: row.sequence,
    kind: row.kind as HistoryEntry['kind'],
    changes: JSON.parse(row.changes) as HistoryEntry['changes'],
    note: row.note,
    author: row.author,
    authorId: row.author_id,
    origin: row.origin as HistoryEntry['origin'],
    date: row.date,
    recordedAt: row.recorded_at,
    key: row.key,
  };
}

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
    meetings: JSON.parse(row.meetings) as Plan['meetings'],
    ownerApproves: row.owner_approves === 1,
    leadNotice: row.lead_notice as Plan['leadNotice'],
    ...(row.table_columns !== null && { columns: JSON.parse(row.table_columns) as NonNullable<Plan['columns']> }),
    ...(row.channel_digest !== null && { channelDigest: JSON.parse(row.channel_digest) as NonNullable<Plan['channelDigest']> }),
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
  const history = (sql.get('SELECT * FROM history WHERE action_id = ? ORDER BY sequence').all(row.id) as HistoryRow[]).map(toHistoryEntry);
  return { ...toAction(row), updates, history };
}

/** Rows of a plan grouped by their action, in the order read. */
export function byActionId<T extends { actionId: string }>(rows: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    const list = grouped.get(row.actionId);
    if (list) list.push(row);
    else grouped.set(row.actionId, [row]);
  }
  return grouped;
}
