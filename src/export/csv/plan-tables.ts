import { whyClosed } from '../../plan/action-closed.js';
import { precisionOf, type ReducedDate } from '../../plan/calendar-date.js';
import { latestUpdate } from '../../plan/latest-update.js';
import type { ActionWithUpdates, PlanDocument, Section } from '../../plan/plan.js';
import { sectionHeading } from '../docx/plan-docx.js';
import { PlanError } from '../../plan/errors.js';
import type { Rag } from '../../plan/rag.js';

/**
 * A plan as the tables a spreadsheet holds: one row per action, or one per update. CSV and Excel
 * write the same tables, so a column means the same in both; each cell keeps its kind (text, a date
 * at the precision the plan states it, a count, a RAG) so Excel can type it and CSV can word it.
 */

export type TableCell =
  | { kind: 'text'; text: string }
  /** Null when the plan has no date here (an undated update, a timescale with no due day). */
  | { kind: 'date'; date: ReducedDate | null }
  | { kind: 'count'; value: number }
  | { kind: 'rag'; rag: Rag | null };

export interface TableColumn {
  header: string;
  /** Characters a reader needs to see of it: the spreadsheet's column width. */
  width: number;
}

export interface PlanTable {
  /** The sheet's name in a workbook. */
  name: string;
  columns: readonly TableColumn[];
  rows: TableCell[][];
}

/** What a row of the export stands for: an action (the default) or one dated update. */
export const TABLE_ROWS = ['actions', 'updates'] as const;
export type TableRows = (typeof TABLE_ROWS)[number];

/** `--rows` or `?rows=` as the table it asks for; anything else is refused, naming the choices. */
export function readTableRows(word: string | undefined): TableRows {
  if (word === undefined || word === '') return 'actions';
  const found = TABLE_ROWS.find((rows) => rows === word.trim().toLowerCase());
  if (found) return found;
  throw new PlanError('invalid_input', `rows: "${word}" is not a kind of row; use ${TABLE_ROWS.join(' or ')}`);
}

const text = (value: string): TableCell => ({ kind: 'text', text: value });

export const ACTION_COLUMNS: readonly TableColumn[] = [
  { header: 'Ref', width: 8 },
  { header: 'Section', width: 28 },
  { header: 'Action', width: 50 },
  { header: 'Outcome', width: 36 },
  { header: 'Leads', width: 28 },
  { header: 'Timescale', width: 22 },
  { header: 'Due date', width: 13 },
  { header: 'RAG', width: 11 },
  { header: 'Status', width: 24 },
  { header: 'Latest update date', width: 14 },
  { header: 'Latest update', width: 50 },
  { header: 'Updates', width: 9 },
];

export const UPDATE_COLUMNS: readonly TableColumn[] = [
  { header: 'Ref', width: 8 },
  { header: 'Date', width: 14 },
  { header: 'Date precision', width: 12 },
  { header: 'Who', width: 24 },
  { header: 'Update', width: 80 },
  { header: 'RAG after', width: 11 },
  { header: 'Origin', width: 10 },
];

function actionRow(action: ActionWithUpdates, sections: ReadonlyMap<string, Section>): TableCell[] {
  const section = sections.get(action.sectionId);
  const reading = action.timescale.reading;
  const latest = latestUpdate(action.updates);
  const closed = whyClosed(action);
  return [
    text(action.ref),
    text(section ? sectionHeading(section) : ''),
    text(action.text),
    text(action.outcome),
    text(action.leadsText),
    text(action.timescale.asWritten),
    { kind: 'date', date: reading.kind === 'due' ? reading.due : null },
    { kind: 'rag', rag: action.rag },
    text(closed === null ? 'Open' : `Closed: ${closed}`),
    { kind: 'date', date: latest?.date ?? null },
    text(latest?.text ?? ''),
    { kind: 'count', value: action.updates.length },
  ];
}

function updateRows(action: ActionWithUpdates): TableCell[][] {
  return action.updates.map((update) => [
    text(action.ref),
    { kind: 'date', date: update.date },
    text(update.date === null ? 'undated' : precisionOf(update.date)),
    text(update.author ?? ''),
    text(update.text),
    { kind: 'rag', rag: update.ragAfter },
    text(update.origin),
  ]);
}

/** The plan as one table of the rows asked for, actions in plan order and updates in the order written. */
export function planTable(document: PlanDocument, rows: TableRows): PlanTable {
  const actions = [...document.actions].sort((a, b) => a.order - b.order);
  if (rows === 'updates') return { name: 'Updates', columns: UPDATE_COLUMNS, rows: actions.flatMap(updateRows) };
  const sections = new Map(document.sections.map((s) => [s.id, s]));
  return { name: 'Actions', columns: ACTION_COLUMNS, rows: actions.map((a) => actionRow(a, sections)) };
}
