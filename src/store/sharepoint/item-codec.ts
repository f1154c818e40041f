import { createHash } from 'node:crypto';
import { describeHistoryEntry, fieldName, type FieldChange, type HistoryEntry, type NewHistoryEntry } from '../../plan/action-history.js';
import { compareReduced, endOfPeriod, startOfPeriod, type ReducedDate } from '../../plan/calendar-date.js';
import { PlanError } from '../../plan/errors.js';
import type { LeadMapping } from '../../plan/lead-mapping.js';
import type { Action, ActionDraft, Plan, PlanDraft, SectionDraft } from '../../plan/plan.js';
import { isRag, type Rag, type RagLegendEntry } from '../../plan/rag.js';
import { yearsNamedIn } from '../../plan/plan-years.js';
import { interpretTimescale, type Timescale } from '../../plan/timescale.js';
import type { NewUpdate, Update } from '../../plan/update.js';
import type { StoredConversationReference } from '../conversation-reference.js';
import type { NewReminder, Reminder } from '../reminder-log.js';
import type { ListItem } from './site-lists.js';
import {
  actionJsonSchema,
  conversationReferenceSchema,
  historyJsonSchema,
  leadMappingsJsonSchema,
  parseStoredJson,
  planJsonSchema,
  reminderJsonSchema,
  sectionsJsonSchema,
  updateJsonSchema,
  type ActionJson,
  type HistoryJson,
  type PlanJson,
  type SeenColumns,
  type UpdateJson,
} from './stored-json.js';

/**
 * Domain values to list item fields and back. Visible columns are what people see and may edit in
 * SharePoint (RAG, text, outcome, timescale); the hidden JSON holds the rest. When a visible
 * column was edited by hand, it wins over the JSON.
 */

const SINGLE_LINE = 255;

/** A single line of text column holds 255 characters; longer text is cut with an ellipsis. */
export function fitLine(text: string): string {
  return text.length <= SINGLE_LINE ? text : `${text.slice(0, SINGLE_LINE - 1)}…`;
}

/** The full text when the column still shows what the store wrote, else the column (edited in SharePoint). */
function fullOrEdited(column: string | null, full: string): string {
  return column === null || column === fitLine(full) ? full : column;
}

/** Keys longer than a text column are stored as a prefix and a hash; the exact key stays in the JSON. */
export function storedKey(key: string): string {
  if (key.length <= SINGLE_LINE) return key;
  return `${key.slice(0, 180)}~${createHash('sha256').update(key).digest('hex')}`;
}

/** A calendar date in a date-only column, as midnight UTC (the exact reduced date lives in the JSON). */
function dateColumn(date: string | null): string | null {
  return date === null ? null : `${date}T00:00:00Z`;
}

export function text(fields: Record<string, unknown>, name: string): string | null {
  const value = fields[name];
  return typeof value === 'string' ? value : null;
}

export function numberField(fields: Record<string, unknown>, name: string): number | null {
  const value = fields[name];
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return null;
}

export function lookupId(fields: Record<string, unknown>, name: string): string | null {
  const value = fields[`${name}LookupId`];
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : null;
}

function where(list: string, item: ListItem, column: string): string {
  return `SharePoint list ${list}, item ${item.id}, column ${column}`;
}

export function latestDate(dates: readonly (ReducedDate | null)[]): ReducedDate | null {
  // Not as text: a quarter '2013-33' or a term '2013-T1' (January to March) sorts as text after '2013-12'.
  let latest: ReducedDate | null = null;
  for (const d of dates) if (d !== null && (latest === null || compareReduced(d, latest) > 0)) latest = d;
  return latest;
}

/* Plans */

function legendText(legend: readonly RagLegendEntry[]): string {
  return legend.map((e) => `${e.colour}: ${e.meaning}`).join('\n');
}

export type PlanHeader = Omit<PlanDraft, 'sections' | 'actions'>;

export function planFields(draft: PlanHeader, sections: readonly SectionDraft[], importState: 'importing' | 'ready', generation: string): Record<string, unknown> {
  const json: PlanJson = {
    title: draft.title,
    ragLegend: draft.ragLegend,
    versionRecord: draft.versionRecord,
    source: draft.source,
    unplacedText: draft.unplacedText,
    meetings: draft.meetings,
    ownerApproves: draft.ownerApproves,
    leadNotice: draft.leadNotice,
    ...(draft.columns !== undefined && { columns: draft.columns }),
  };
  return {
    Title: fitLine(draft.title),
    Description: draft.description,
    RagLegend: legendText(draft.ragLegend),
    ReminderLeadDays: draft.reminderLeadDays,
    StaleAfterDays: draft.staleAfterDays,
    OwnerName: draft.owner === null ? null : fitLine(draft.owner),
    TimeZone: draft.timeZone,
    ImportState: importState,
    Generation: generation,
    PlanJson: JSON.stringify(json),
    SectionsJson: JSON.stringify(sections),
  };
}

export interface StoredPlan {
  plan: Plan;
  sections: SectionDraft[];
  importState: string | null;
  generation: string | null;
  /** The PlanJson column as read, and the item's eTag, for a PATCH that rewrites it. */
  json: PlanJson;
  eTag: string;
}

export function readPlan(item: ListItem): StoredPlan {
  const f = item.fields;
  const json = parseStoredJson(planJsonSchema, text(f, 'PlanJson'), where('Plans', item, 'PlanJson'));
  const sections = parseStoredJson(sectionsJsonSchema, text(f, 'SectionsJson'), where('Plans', item, 'SectionsJson'));
  const plan: Plan = {
    id: item.id,
    title: fullOrEdited(text(f, 'Title'), json.title),
    description: text(f, 'Description') ?? '',
    owner: text(f, 'OwnerName'),
    reminderLeadDays: numberField(f, 'ReminderLeadDays') ?? 14,
    staleAfterDays: numberField(f, 'StaleAfterDays') ?? 60,
    timeZone: text(f, 'TimeZone') ?? 'Europe/London',
    ragLegend: json.ragLegend,
    versionRecord: json.versionRecord,
    source: json.source,
    unplacedText: json.unplacedText,
    meetings: json.meetings ?? [],
    ownerApproves: json.ownerApproves ?? false,
    leadNotice: json.leadNotice ?? 'card',
    ...(json.columns !== undefined && { columns: json.columns }),
    ...(json.channelDigest && { channelDigest: json.channelDigest }),
  };
  return { plan, sections, importState: text(f, 'ImportState'), generation: text(f, 'Generation'), json, eTag: item.eTag };
}

export function sectionId(planId: string, index: number): string {
  return `${planId}-s${index + 1}`;
}

export function sectionLabel(section: SectionDraft): string {
  const name = section.label && section.number ? `${section.label} ${section.number}` : section.number ? `${section.number}.` : null;
  return fitLine(name ? `${name} ${section.title}` : section.title);
}

/* Actions */

function dueDateOf(timescale: Timescale): string | null {
  const r = timescale.reading;
  return r.kind === 'due' ? r.due : r.kind === 'ongoing' ? r.reviewBy : null;
}

function recurrenceOf(timescale: Timescale): string | null {
  return timescale.reading.kind === 'recurring' ? fitLine(timescale.reading.recurrence.label) : null;
}

/** Columns that follow from RAG and timescale, written together when either changes. */
export function timescaleColumns(timescale: Timescale): Record<string, unknown> {
  return {
    Timescale: timescale.asWritten,
    DueDate: dateColumn(dueDateOf(timescale)),
    Recurrence: recurrenceOf(timescale),
  };
}

/** The visible columns as the app writes them: what a later sync compares a column with to tell a hand edit. */
export function seenColumns(action: Pick<ActionDraft, 'ref' | 'text' | 'outcome' | 'rag'>): SeenColumns {
  return { ref: fitLine(action.ref), text: action.text, outcome: action.outcome, rag: action.rag };
}

export function actionJson(
  draft: Pick<ActionDraft, 'title' | 'parentRef' | 'timescale' | 'leads' | 'leadsText' | 'sources' | 'markers' | 'ragNote' | 'duplicateOf'>,
  fieldsChangedOn: string | null,
  seen?: SeenColumns,
): ActionJson {
  return {
    title: draft.title,
    parentRef: draft.parentRef,
    timescale: draft.timescale,
    leads: draft.leads,
    leadsText: draft.leadsText,
    sources: draft.sources,
    markers: draft.markers,
    ragNote: draft.ragNote,
    duplicateOf: draft.duplicateOf,
    fieldsChangedOn,
    ...(seen !== undefined && { seen }),
  };
}

export function actionFields(draft: ActionDraft, planId: string, order: number, section: SectionDraft, lastUpdated: ReducedDate | null, generation: string): Record<string, unknown> {
  return {
    Title: fitLine(draft.title),
    PlanLookupId: planId,
    Ref: fitLine(draft.ref),
    Section: sectionLabel(section),
    SectionOrder: draft.sectionIndex,
    PlanOrder: order,
    ActionText: draft.text,
    Outcome: draft.outcome,
    LeadsText: fitLine(draft.leadsText),
    ...timescaleColumns(draft.timescale),
    Rag: draft.rag,
    Sources: draft.sources.join('; '),
    LastUpdated: dateColumn(lastUpdated === null ? null : endOfPeriod(lastUpdated)),
    Generation: generation,
    ActionJson: JSON.stringify(actionJson(draft, null, seenColumns(draft))),
  };
}

export interface StoredAction {
  /** Everything but lastUpdated, which also depends on the action's updates. */
  action: Omit<Action, 'lastUpdated'>;
  json: ActionJson;
  /** The import that wrote it; null for an item added by hand in SharePoint. */
  generation: string | null;
}

export function readAction(item: ListItem): StoredAction {
  const f = item.fields;
  const json = parseStoredJson(actionJsonSchema, text(f, 'ActionJson'), where('Actions', item, 'ActionJson'));
  const planId = lookupId(f, 'Plan');
  if (planId === null) throw new Error(`${where('Actions', item, 'Plan')}: the action belongs to no plan`);
  const ragColumn = text(f, 'Rag');
  const rag: Rag = ragColumn !== null && isRag(ragColumn) ? ragColumn : 'Not set';
  // A timescale retyped in SharePoint is read again beside its new words; the stored reading is for the old ones.
  const written = text(f, 'Timescale');
  const timescale =
    written === null || written === json.timescale.asWritten
      ? json.timescale
      : interpretTimescale(written, { planYears: yearsNamedIn([json.timescale.asWritten, written]) });
  return {
    json,
    generation: text(f, 'Generation'),
    action: {
      id: item.id,
      planId,
      sectionId: sectionId(planId, numberField(f, 'SectionOrder') ?? 0),
      ref: text(f, 'Ref') ?? '',
      parentRef: json.parentRef,
      order: numberField(f, 'PlanOrder') ?? 0,
      title: fullOrEdited(text(f, 'Title'), json.title),
      text: text(f, 'ActionText') ?? '',
      outcome: text(f, 'Outcome') ?? '',
      leads: json.leads,
      leadsText: fullOrEdited(text(f, 'LeadsText'), json.leadsText),
      timescale,
      rag,
      ragNote: json.ragNote,
      sources: json.sources,
      markers: json.markers,
      duplicateOf: json.duplicateOf,
      version: item.eTag,
    },
  };
}

/* Updates */

/** `position` is the update's place in its action's history when a whole history is written at once. */
export function updateFields(update: NewUpdate, action: { id: string; planId: string; ref: string }, position: number | null = null): Record<string, unknown> {
  const json: UpdateJson = {
    date: update.date,
    dateSource: update.dateSource,
    author: update.author,
    authorId: update.authorId,
    ragAfter: update.ragAfter,
    timescaleAfter: update.timescaleAfter,
    origin: update.origin,
    key: update.key,
    recordedAt: update.recordedAt,
    ...(position !== null && { position }),
  };
  return {
    Title: fitLine(`${action.ref} ${update.date ?? 'undated'}`),
    ActionLookupId: action.id,
    PlanLookupId: action.planId,
    Ref: fitLine(action.ref),
    UpdateDate: dateColumn(update.date === null ? null : startOfPeriod(update.date)),
    UpdateDateText: update.date,
    AuthorName: update.author === null ? null : fitLine(update.author),
    Text: update.text,
    RagAfter: update.ragAfter,
    TimescaleAfter: update.timescaleAfter === null ? null : fitLine(update.timescaleAfter),
    Origin: update.origin,
    Key: storedKey(update.key),
    UpdateJson: JSON.stringify(json),
  };
}

export interface StoredUpdate {
  update: Omit<Update, 'sequence'>;
  planId: string | null;
  position: number | null;
}

export function readUpdate(item: ListItem): StoredUpdate {
  const f = item.fields;
  const json = parseStoredJson(updateJsonSchema, text(f, 'UpdateJson'), where('Updates', item, 'UpdateJson'));
  const actionId = lookupId(f, 'Action');
  if (actionId === null) throw new Error(`${where('Updates', item, 'Action')}: the update belongs to no action`);
  return {
    planId: lookupId(f, 'Plan'),
    update: {
      id: item.id,
      actionId,
      date: json.date,
      dateSource: json.dateSource,
      author: json.author,
      authorId: json.authorId,
      text: text(f, 'Text') ?? '',
      origin: json.origin,
      ragAfter: json.ragAfter,
      timescaleAfter: json.timescaleAfter,
      key: json.key,
      recordedAt: json.recordedAt,
    },
    position: json.position ?? null,
  };
}

/**
 * Items of one action in the order of its record: those written with the whole record by their
 * position, then those recorded one at a time since, by item id (ids grow as items are created).
 */
function inSequence<T extends { id: string }>(items: readonly { value: T; position: number | null }[]): (T & { sequence: number })[] {
  const rank = (i: { position: number | null }): number => (i.position === null ? Number.MAX_SAFE_INTEGER : i.position);
  return [...items].sort((a, b) => rank(a) - rank(b) || Number(a.value.id) - Number(b.value.id)).map(({ value }, sequence) => ({ ...value, sequence }));
}

/** Updates of one action in history order (inSequence). */
export function sequenced(updates: readonly Pick<StoredUpdate, 'update' | 'position'>[]): Update[] {
  return inSequence(updates.map((u) => ({ value: u.update, position: u.position })));
}

/* History */

function changeLine(change: FieldChange): string {
  const shown = (v: string): string => (v.trim() === '' ? '(blank)' : v);
  return `${fieldName(change.field)}: ${shown(change.was)} → ${shown(change.now)}`;
}

/** `position` is the entry's place in its action's history when a whole history is written at once (a migration). */
export function historyFields(entry: NewHistoryEntry, action: { id: string; planId: string; ref: string }, position: number | null = null): Record<string, unknown> {
  const json: HistoryJson = { ...entry, ...(position !== null && { position }) };
  const line = describeHistoryEntry({ ...entry, note: null });
  return {
    Title: fitLine(line === '' ? `${action.ref} ${entry.date}` : `${action.ref}: ${line}`),
    ActionLookupId: action.id,
    PlanLookupId: action.planId,
    Ref: fitLine(action.ref),
    Kind: entry.kind,
    Changes: entry.changes.map(changeLine).join('\n'),
    Note: entry.note,
    AuthorName: entry.author === null ? null : fitLine(entry.author),
    Origin: entry.origin,
    HistoryDate: dateColumn(entry.date),
    Key: storedKey(entry.key),
    HistoryJson: JSON.stringify(json),
  };
}

export interface StoredHistory {
  entry: Omit<HistoryEntry, 'sequence'>;
  planId: string | null;
  position: number | null;
}

/** An entry as the app wrote it: the record is HistoryJson, whatever was typed over the visible columns since. */
export function readHistory(item: ListItem): StoredHistory {
  const f = item.fields;
  const { position, ...entry } = parseStoredJson(historyJsonSchema, text(f, 'HistoryJson'), where('Action history', item, 'HistoryJson'));
  const actionId = lookupId(f, 'Action');
  if (actionId === null) throw new Error(`${where('Action history', item, 'Action')}: the entry belongs to no action`);
  return { planId: lookupId(f, 'Plan'), entry: { ...entry, id: item.id, actionId }, position: position ?? null };
}

/** History entries of one action in the order recorded (inSequence). */
export function sequencedHistory(entries: readonly StoredHistory[]): HistoryEntry[] {
  return inSequence(entries.map((e) => ({ value: e.entry, position: e.position })));
}

/* Reminders */

export function reminderFields(reminder: Reminder): Record<string, unknown> {
  return {
    Title: fitLine(`${reminder.reason} ${reminder.period}`),
    ActionLookupId: reminder.actionId,
    PlanLookupId: reminder.planId,
    LeadName: fitLine(reminder.lead),
    Reason: reminder.reason,
    Period: fitLine(reminder.period),
    Key: storedKey(reminder.key),
    Status: reminder.status,
    SentAt: reminder.sentAt,
    AnsweredAt: reminder.answeredAt,
    ReminderJson: JSON.stringify(reminder),
  };
}

export function newReminder(claim: NewReminder): Reminder {
  return { ...claim, status: 'claimed', sentAt: null, answeredAt: null, attempts: 0, lastError: null, via: null };
}

export function readReminder(item: ListItem): Reminder {
  return parseStoredJson(reminderJsonSchema, text(item.fields, 'ReminderJson'), where('Reminders', item, 'ReminderJson'));
}

/* Conversation references */

export function conversationFields(reference: StoredConversationReference): Record<string, unknown> {
  return { Title: fitLine(reference.userName ?? reference.userId), UserId: storedKey(reference.userId), ReferenceJson: JSON.stringify(reference) };
}

export function readConversation(item: ListItem): StoredConversationReference {
  return parseStoredJson(conversationReferenceSchema, text(item.fields, 'ReferenceJson'), where('Plan bot conversations', item, 'ReferenceJson'));
}

/* Lead mappings, in the plan item */

/** What a multi-line text column holds in a list (SharePoint's limit, which the local server enforces too). */
export const MULTI_LINE_LIMIT = 63_999;

export function leadMappingsFields(mappings: readonly LeadMapping[]): Record<string, unknown> {
  const json = JSON.stringify(mappings);
  if (json.length > MULTI_LINE_LIMIT) {
    throw new PlanError(
      'invalid_input',
      `the plan's ${mappings.length} lead mappings take ${json.length} characters, more than the Plans item's LeadMappingsJson column holds (${MULTI_LINE_LIMIT}); nothing was saved`,
    );
  }
  return { LeadMappingsJson: json };
}

/** The plan's mappings; an empty column (a plan never matched) is none. */
export function readLeadMappings(item: ListItem): LeadMapping[] {
  const raw = text(item.fields, 'LeadMappingsJson');
  if (raw === null || raw === '') return [];
  return parseStoredJson(leadMappingsJsonSchema, raw, where('Plans', item, 'LeadMappingsJson'));
}
