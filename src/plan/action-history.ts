import { isClosed, type ClosableAction } from './action-closed.js';
import type { DateOnly } from './calendar-date.js';

/*
 * The record of an action beside its dated updates: every change to its fields and every step of a
 * completion or a new timescale asked for, with who, when, where it came from and "was X, now Y".
 * Entries are appended, never edited; the plan's history is the board's account of what it did.
 */

/**
 * Where a change was made: the tab, a card, chat, the command line, a document (first import or a
 * newer version), SharePoint's own list, or the one-time page a reminder email links to.
 */
export const HISTORY_ORIGINS = ['tab', 'card', 'chat', 'cli', 'import', 're-import', 'sharepoint', 'email'] as const;
export type HistoryOrigin = (typeof HISTORY_ORIGINS)[number];

/** The fields a change names: the action's own, and its status (open, awaiting approval, complete). */
export const HISTORY_FIELDS = ['ref', 'text', 'outcome', 'leads', 'timescale', 'rag', 'status'] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];

/**
 * What an entry records: a change, or a step of the two requests a lead may make of the plan owner
 * (to close the action, to move its timescale), each answered by the owner.
 */
export const HISTORY_KINDS = [
  'changed',
  'completion-proposed',
  'completion-approved',
  'completion-returned',
  'timescale-requested',
  'timescale-agreed',
  'timescale-declined',
] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** Whether an entry's changes were made to the action, not only asked for (a request's "now" is what it asks). */
export function appliesChanges(kind: HistoryKind): boolean {
  return kind === 'changed' || kind === 'completion-approved' || kind === 'timescale-agreed';
}

export interface FieldChange {
  field: HistoryField;
  was: string;
  now: string;
}

/** Who made a change and through what. */
export interface Attribution {
  author: string | null;
  /** Entra ID object id, when the change came from Teams. */
  authorId: string | null;
  origin: HistoryOrigin;
}

export interface NewHistoryEntry extends Attribution {
  kind: HistoryKind;
  changes: FieldChange[];
  /** In the person's words: what difference a completion made, why a timescale should move, why a request was returned. */
  note: string | null;
  /** The day the change counts for: the meeting it was agreed at, or the day it was made in the plan's time zone. */
  date: DateOnly;
  /** When it was recorded (ISO 8601 instant). */
  recordedAt: string;
  /** Idempotency key: storing the same key twice records one entry. */
  key: string;
}

export interface HistoryEntry extends NewHistoryEntry {
  id: string;
  actionId: string;
  /** Position in the action's history, from 0. */
  sequence: number;
}

const FIELD_NAMES: Record<HistoryField, string> = {
  ref: 'Ref',
  text: 'Action text',
  outcome: 'Outcome',
  leads: 'Leads',
  timescale: 'Timescale',
  rag: 'RAG',
  status: 'Status',
};

const ORIGIN_NAMES: Record<HistoryOrigin, string> = {
  tab: 'in the tab',
  card: 'on a card',
  chat: 'in chat',
  cli: 'on the command line',
  import: 'on import',
  're-import': 'from a newer version of the document',
  sharepoint: 'in SharePoint',
  email: 'from a reminder email',
};

export function fieldName(field: HistoryField): string {
  return FIELD_NAMES[field];
}

export function originName(origin: HistoryOrigin): string {
  return ORIGIN_NAMES[origin];
}

/** "RAG changed from Amber to Red", "Timescale changed from "March 2018" to "June 2018"". */
export function describeFieldChange(change: FieldChange): string {
  const short = change.field === 'rag' || change.field === 'ref' || change.field === 'status';
  const quote = (v: string): string => (v.trim() === '' ? '(blank)' : short ? v : `"${v}"`);
  return `${FIELD_NAMES[change.field]} changed from ${quote(change.was)} to ${quote(change.now)}`;
}

const KIND_WORDS: Record<Exclude<HistoryKind, 'changed'>, string> = {
  'completion-proposed': 'Completion proposed',
  'completion-approved': 'Completion approved',
  'completion-returned': 'Completion returned',
  'timescale-requested': 'New timescale asked for',
  'timescale-agreed': 'New timescale agreed',
  'timescale-declined': 'New timescale declined',
};

/** What a request asks for: "June 2018" in place of "Oct 2017". */
function describeAsked(change: FieldChange): string {
  return `${FIELD_NAMES[change.field].toLowerCase()} "${change.now}" in place of "${change.was}"`;
}

/** One line for an entry, as the detail, the stage, the CLI and cards show it. */
export function describeHistoryEntry(entry: Pick<NewHistoryEntry, 'kind' | 'changes' | 'note'>): string {
  // A request's changes are what it asks for, not what was done.
  const describe = appliesChanges(entry.kind) ? describeFieldChange : describeAsked;
  const changes = entry.changes.filter((c) => c.field !== 'status').map(describe);
  const head = entry.kind === 'changed' ? changes.join('; ') : [KIND_WORDS[entry.kind], ...changes].join(': ');
  return entry.note ? `${head} (${entry.note})` : head;
}

/** A change of one field, or null when the two say the same. */
function changeOf(field: HistoryField, was: string, now: string): FieldChange | null {
  const tidy = (v: string): string => v.replace(/\s+/g, ' ').trim();
  return tidy(was) === tidy(now) ? null : { field, was, now };
}

export interface PendingRequests {
  /** The lead's proposal to close the action, while the owner has not answered it. */
  completion: HistoryEntry | null;
  /** The lead's request for a new timescale, while the owner has not answered it. */
  timescale: HistoryEntry | null;
}

/**
 * The requests still waiting for the plan owner: the latest of each kind, unless answered since. A
 * proposed completion is also settled when the action was closed another way since.
 */
export function pendingRequests(history: readonly HistoryEntry[]): PendingRequests {
  const pending: PendingRequests = { completion: null, timescale: null };
  for (const entry of [...history].sort((a, b) => a.sequence - b.sequence)) {
    if (entry.kind === 'completion-proposed') pending.completion = entry;
    if (entry.kind === 'completion-approved' || entry.kind === 'completion-returned') pending.completion = null;
    if (entry.kind === 'changed' && entry.changes.some((c) => c.field === 'status' && c.now === 'closed')) pending.completion = null;
    if (entry.kind === 'timescale-requested') pending.timescale = entry;
    if (entry.kind === 'timescale-agreed' || entry.kind === 'timescale-declined') pending.timescale = null;
  }
  return pending;
}

/** The timescale a request asks for, as the lead wrote it. */
export function requestedTimescale(request: HistoryEntry): string | null {
  return request.changes.find((c) => c.field === 'timescale')?.now ?? null;
}

/** What a change is written with besides its values: who, through what, what kind of step, why, the day it counts for, and its key. */
export interface ChangeRecord extends Attribution {
  kind: HistoryKind;
  note: string | null;
  date: DateOnly;
  key: string;
}

/** An action's fields that history follows. */
export interface RecordedFields extends ClosableAction {
  ref: string;
  text: string;
  outcome: string;
  leadsText: string;
}

/** "open" or "closed", by the one closed rule; a completion awaiting the owner is "awaiting approval". */
export function statusOf(action: ClosableAction, awaitingApproval = false): string {
  if (isClosed(action)) return 'closed';
  return awaitingApproval ? 'awaiting approval' : 'open';
}

/** Every difference between an action before and after a change, the status included when it opens or closes. */
export function changesBetween(before: RecordedFields, after: RecordedFields): FieldChange[] {
  return [
    changeOf('ref', before.ref, after.ref),
    changeOf('text', before.text, after.text),
    changeOf('outcome', before.outcome, after.outcome),
    changeOf('leads', before.leadsText, after.leadsText),
    changeOf('timescale', before.timescale.asWritten, after.timescale.asWritten),
    changeOf('rag', before.rag, after.rag),
    changeOf('status', statusOf(before), statusOf(after)),
  ].filter((c): c is FieldChange => c !== null);
}

/** The history entry a change makes, or null when it changes nothing and is not a step of a request. */
export function entryOfChange(before: RecordedFields, after: RecordedFields, record: ChangeRecord, recordedAt: string): NewHistoryEntry | null {
  const changes = changesBetween(before, after);
  if (changes.length === 0 && record.kind === 'changed') return null;
  return { ...record, changes, recordedAt };
}
