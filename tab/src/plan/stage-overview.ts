import { addDays, type DateOnly } from '../../../src/plan/calendar-date.js';
import { DUE_SOON_DAYS, lateness } from '../../../src/plan/lateness.js';
import type { Section } from '../../../src/plan/plan.js';
import { nextMeeting, type PlanMeeting } from '../../../src/plan/plan-meetings.js';
import type { Rag } from '../../../src/plan/rag.js';
import { formatDate } from '../format/dates.js';
import type { PlanIndex } from './plan-index.js';
import { DUE_BY_PARAM, PICKING_PARAMS, readDueBy, readFilter } from './tab-filter.js';
import { isDueBy, ONLY_CHANGED_PARAM } from './walk-through.js';

/** The overview's RAG columns: Complete and Not set together as "Other", so four columns fit a stage. */
export const RAG_COLUMNS = ['Red', 'Amber', 'Green', 'Other'] as const;
export type RagColumn = (typeof RAG_COLUMNS)[number];
export const RAGS_OF_COLUMN: Record<RagColumn, readonly Rag[]> = { Red: ['Red'], Amber: ['Amber'], Green: ['Green'], Other: ['Complete', 'Not set'] };

export interface SectionRow {
  section: Section;
  /** The section as the URL names it: its number when no other section has it, else its id. */
  param: string;
  counts: Record<RagColumn, number>;
  total: number;
}

/** The day "due before the next meeting" counts to: the next meeting, or without one the domain's "due soon" window. */
export interface DueByDay {
  day: DateOnly;
  meeting: PlanMeeting | null;
}

export function dueByDay(meetings: readonly PlanMeeting[], today: DateOnly): DueByDay {
  const next = nextMeeting(meetings, today);
  return next !== null ? { day: next.date, meeting: next } : { day: addDays(today, DUE_SOON_DAYS), meeting: null };
}

export interface StageOverview {
  total: number;
  /** The plan's sections in order, each with its actions counted by RAG; a section with no action is left out. */
  sections: SectionRow[];
  overdue: number;
  dueBy: DueByDay & { count: number };
}

/**
 * What the stage opens with: the plan's RAG by section, how many are overdue, how many are due
 * before the next meeting. Each count is the length of the list its button opens (listParams):
 * the same rules (lateness.ts, isDueBy) decide both.
 */
export function stageOverview(index: PlanIndex, today: DateOnly, meetings: readonly PlanMeeting[]): StageOverview {
  const due = dueByDay(meetings, today);
  const numbers = new Map<string, number>();
  for (const s of index.sections) if (s.number !== null) numbers.set(s.number, (numbers.get(s.number) ?? 0) + 1);
  const rows = new Map<string, SectionRow>();
  for (const section of index.sections) {
    const param = section.number !== null && numbers.get(section.number) === 1 ? section.number : section.id;
    rows.set(section.id, { section, param, counts: { Red: 0, Amber: 0, Green: 0, Other: 0 }, total: 0 });
  }
  let overdue = 0;
  let dueCount = 0;
  for (const action of index.actions) {
    const row = rows.get(action.sectionId);
    if (row !== undefined) {
      row.counts[columnOf(action.rag)] += 1;
      row.total += 1;
    }
    if (lateness(action, today).state === 'overdue') overdue += 1;
    else if (isDueBy(action, today, due.day)) dueCount += 1;
  }
  const sections = [...rows.values()].filter((r) => r.total > 0).sort((a, b) => a.section.order - b.section.order);
  return { total: index.actions.length, sections, overdue, dueBy: { ...due, count: dueCount } };
}

function columnOf(rag: Rag): RagColumn {
  return RAG_COLUMNS.find((c) => RAGS_OF_COLUMN[c].includes(rag)) ?? 'Other';
}

/** A list the overview opens. */
export type StageList =
  | { kind: 'all' }
  | { kind: 'section'; section: string }
  | { kind: 'section-rag'; section: string; column: RagColumn }
  | { kind: 'overdue' }
  | { kind: 'due-by'; day: DateOnly }
  | { kind: 'changed' };

/**
 * The stage URL parameters that walk through exactly a list: every parameter that picks actions is
 * replaced (null removes it); the order, the theme and the rest stay.
 */
export function listParams(list: StageList): Record<string, string | null> {
  const out: Record<string, string | null> = Object.fromEntries([...PICKING_PARAMS, ONLY_CHANGED_PARAM].map((k) => [k, null]));
  switch (list.kind) {
    case 'all':
      break;
    case 'section':
      out.section = list.section;
      break;
    case 'section-rag':
      out.section = list.section;
      out.rag = RAGS_OF_COLUMN[list.column].join(',');
      break;
    case 'overdue':
      out.overdue = 'true';
      break;
    case 'due-by':
      out[DUE_BY_PARAM] = list.day;
      break;
    case 'changed':
      out[ONLY_CHANGED_PARAM] = '1';
      break;
  }
  return out;
}

/** Whether the stage URL walks through exactly this list now. */
export function isListShown(list: StageList, search: string | URLSearchParams): boolean {
  const params = new URLSearchParams(search);
  return Object.entries(listParams(list)).every(([k, v]) => params.get(k) === v);
}

export interface ListWordsContext {
  /** The section a URL's `section` names, in words, or null when the plan has none by that name. */
  sectionName: (param: string) => string | null;
  /** "since the last meeting (15 May 2013)", or null with nothing to compare with. */
  since: string | null;
  nextMeetingDay: DateOnly | null;
}

/** The list a stage URL walks through, in words for the room: "Red, in 2. Awareness", "Overdue", "All actions". */
export function listWords(search: string | URLSearchParams, context: ListWordsContext): string {
  const params = new URLSearchParams(search);
  const filter = readFilter(params);
  const dueBy = readDueBy(params);
  const parts: string[] = [];
  if (filter.rag.length > 0) parts.push(filter.rag.join(' or '));
  if (filter.section) parts.push(`in ${context.sectionName(filter.section) ?? `section ${filter.section}`}`);
  if (filter.overdue) parts.push('overdue');
  if (dueBy !== null) parts.push(`due by ${formatDate(dueBy)}${dueBy === context.nextMeetingDay ? ' (the next meeting)' : ''}`);
  if (params.get(ONLY_CHANGED_PARAM) === '1') parts.push(context.since === null ? 'changed' : `changed ${context.since}`);
  if (filter.lead) parts.push(`led by ${filter.lead}`);
  if (filter.dueBefore) parts.push(`due on or before ${formatDate(filter.dueBefore)}`);
  if (filter.changedSince) parts.push(`updated since ${formatDate(filter.changedSince)}`);
  if (filter.q.trim()) parts.push(`matching “${filter.q.trim()}”`);
  if (parts.length === 0) return 'All actions';
  const words = parts.join(', ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
