import { HISTORY_KINDS, HISTORY_ORIGINS } from '../../plan/action-history.js';
import { RAG_VALUES } from '../../plan/rag.js';
import { UPDATE_ORIGINS } from '../../plan/update.js';
import { REMINDER_REASONS } from '../../plan/reminder-policy.js';

/**
 * The SharePoint lists of one partnership site, as DESIGN.md names them, plus hidden columns that
 * carry what the domain types hold beyond the visible columns (a timescale's reading, leads,
 * sources, markers, the RAG legend, the version record, unplaced text, settings). Visible columns
 * are what managers filter, group and sort in SharePoint's own views; hidden ones are JSON the
 * store reads back ("hidden" columns are returned only when $select names them: columndefinition).
 *
 * Internal names follow DESIGN.md except where SharePoint already has a built-in field of that
 * name in every list: "Order" is PlanOrder and the Updates author is UpdateAuthor (display names
 * stay "Order" and "Author").
 *
 * Beside the Updates, the Action history list keeps every change to an action with was and now,
 * who made it, when and through what (src/plan/action-history.ts): one item per entry, appended,
 * never edited, its Key unique. A hidden list keeps the bot's conversation references, one item
 * per person (UserId unique), so a proactive message needs no other store.
 */
export const SCHEMA_VERSION = 1;
export const SCHEMA_MARKER = `Managed by the plan app (schema ${SCHEMA_VERSION}); add columns freely, but do not rename or delete these.`;

export type ListKey = 'plans' | 'actions' | 'updates' | 'history' | 'reminders' | 'conversations' | 'chatState';

interface ColumnBase {
  name: string;
  displayName?: string;
  description?: string;
  indexed?: boolean;
  hidden?: boolean;
}

export type ColumnSpec = ColumnBase &
  (
    | { kind: 'text'; multiline?: boolean; unique?: boolean }
    | { kind: 'number' }
    | { kind: 'dateTime'; dateOnly: boolean }
    | { kind: 'choice'; choices: readonly string[] }
    | { kind: 'lookup'; list: ListKey }
    | { kind: 'person'; multiple: boolean }
    | { kind: 'boolean' }
  );

export interface ListSpec {
  key: ListKey;
  displayName: string;
  hidden: boolean;
  columns: readonly ColumnSpec[];
}

const json = (name: string, what: string): ColumnSpec => ({ name, kind: 'text', multiline: true, hidden: true, description: `JSON kept by the plan app: ${what}` });

export const PLANS_LIST: ListSpec = {
  key: 'plans',
  displayName: 'Plans',
  hidden: false,
  columns: [
    { name: 'Description', kind: 'text', multiline: true },
    { name: 'Owner', kind: 'person', multiple: false },
    { name: 'RagLegend', displayName: 'RAG legend', kind: 'text', multiline: true },
    { name: 'ReminderLeadDays', displayName: 'Reminder lead days', kind: 'number' },
    { name: 'StaleAfterDays', displayName: 'Stale after days', kind: 'number' },
    { name: 'OwnerName', kind: 'text', hidden: true },
    { name: 'TimeZone', kind: 'text', hidden: true },
    { name: 'ImportState', kind: 'choice', choices: ['importing', 'ready'], hidden: true },
    // The import whose actions are the plan's: replacing a plan writes a new generation, then switches.
    { name: 'Generation', kind: 'text', hidden: true },
    json('PlanJson', 'RAG legend, version record, source, unplaced text, meetings, whether the owner approves, how leads are told and the channel digest'),
    json('SectionsJson', 'sections in order'),
    // Read and written whole, apart from the plan: one PATCH of this item is all or nothing (README.md).
    json('LeadMappingsJson', 'who each lead is in Entra ID, as the plan owner confirmed it'),
  ],
};

export const ACTIONS_LIST: ListSpec = {
  key: 'actions',
  displayName: 'Actions',
  hidden: false,
  columns: [
    { name: 'Plan', kind: 'lookup', list: 'plans', indexed: true },
    { name: 'Ref', kind: 'text', indexed: true },
    { name: 'Section', kind: 'text' },
    { name: 'SectionOrder', displayName: 'Section order', kind: 'number' },
    { name: 'PlanOrder', displayName: 'Order', kind: 'number' },
    { name: 'ActionText', displayName: 'Action', kind: 'text', multiline: true },
    { name: 'Outcome', kind: 'text', multiline: true },
    { name: 'Leads', kind: 'person', multiple: true },
    // Single-line so "By lead" can group on it: SharePoint cannot group by a multi-value Person column.
    { name: 'LeadsText', displayName: 'Leads (as written)', kind: 'text' },
    { name: 'Timescale', kind: 'text', multiline: true },
    { name: 'DueDate', displayName: 'Due date', kind: 'dateTime', dateOnly: true, indexed: true },
    { name: 'Recurrence', kind: 'text' },
    { name: 'Rag', displayName: 'RAG', kind: 'choice', choices: RAG_VALUES, indexed: true },
    { name: 'Sources', kind: 'text', multiline: true },
    { name: 'LastUpdated', displayName: 'Last updated', kind: 'dateTime', dateOnly: true },
    { name: 'Generation', kind: 'text', hidden: true },
    json('ActionJson', 'timescale reading, leads, sources, markers, parent and duplicate refs, RAG note, the last change and its history entry, the visible columns as last written'),
  ],
};

export const UPDATES_LIST: ListSpec = {
  key: 'updates',
  displayName: 'Updates',
  hidden: false,
  columns: [
    { name: 'Action', kind: 'lookup', list: 'actions', indexed: true },
    { name: 'Plan', kind: 'lookup', list: 'plans', indexed: true, hidden: true },
    { name: 'Ref', kind: 'text' },
    { name: 'UpdateDate', displayName: 'Update date', kind: 'dateTime', dateOnly: true },
    // The date exactly as stated (YYYY, YYYY-MM, YYYY-MM-DD) sorts as text in date order; a quarter
    // (YYYY-33..36) or term (YYYY-T1..T3) sorts after its year's months, so readers compare within a year by period.
    { name: 'UpdateDateText', kind: 'text', indexed: true, hidden: true },
    { name: 'UpdateAuthor', displayName: 'Author', kind: 'person', multiple: false },
    { name: 'AuthorName', displayName: 'Author name', kind: 'text' },
    { name: 'Text', kind: 'text', multiline: true },
    { name: 'RagAfter', displayName: 'RAG after', kind: 'choice', choices: RAG_VALUES },
    { name: 'TimescaleAfter', displayName: 'Timescale after', kind: 'text' },
    // The origins the product writes here; an update someone added in SharePoint keeps the blank they left.
    { name: 'Origin', kind: 'choice', choices: UPDATE_ORIGINS.filter((o) => o !== 'sharepoint') },
    { name: 'Key', kind: 'text', unique: true, indexed: true },
    json('UpdateJson', 'date source, author id, recorded time'),
  ],
};

/**
 * The history of each action: one item per entry (a change with was and now, or a step of a
 * request to the plan owner). Visible, so managers can filter it by action, kind, origin or day;
 * HistoryJson holds the entry whole, and the store reads it from there.
 */
export const HISTORY_LIST: ListSpec = {
  key: 'history',
  displayName: 'Action history',
  hidden: false,
  columns: [
    { name: 'Action', kind: 'lookup', list: 'actions', indexed: true },
    { name: 'Plan', kind: 'lookup', list: 'plans', indexed: true, hidden: true },
    { name: 'Ref', kind: 'text' },
    { name: 'Kind', kind: 'choice', choices: HISTORY_KINDS },
    // One line a field: "RAG: Red → Amber".
    { name: 'Changes', kind: 'text', multiline: true },
    { name: 'Note', kind: 'text', multiline: true },
    { name: 'AuthorName', displayName: 'Author name', kind: 'text' },
    { name: 'Origin', kind: 'choice', choices: HISTORY_ORIGINS },
    // The day the entry counts for: "what changed since the last meeting" filters on it.
    { name: 'HistoryDate', displayName: 'Date', kind: 'dateTime', dateOnly: true, indexed: true },
    { name: 'Key', kind: 'text', unique: true, indexed: true },
    json('HistoryJson', 'the whole history entry'),
  ],
};

export const REMINDERS_LIST: ListSpec = {
  key: 'reminders',
  displayName: 'Reminders',
  hidden: false,
  columns: [
    { name: 'Action', kind: 'lookup', list: 'actions', indexed: true },
    { name: 'Plan', kind: 'lookup', list: 'plans', indexed: true, hidden: true },
    { name: 'Lead', kind: 'person', multiple: false },
    { name: 'LeadName', displayName: 'Lead name', kind: 'text' },
    { name: 'Reason', kind: 'choice', choices: REMINDER_REASONS },
    { name: 'Period', kind: 'text' },
    { name: 'Key', kind: 'text', unique: true, indexed: true },
    { name: 'Status', kind: 'choice', choices: ['claimed', 'sent', 'failed', 'unreachable', 'answered'] },
    { name: 'SentAt', displayName: 'Sent at', kind: 'dateTime', dateOnly: false },
    { name: 'AnsweredAt', displayName: 'Answered at', kind: 'dateTime', dateOnly: false },
    json('ReminderJson', 'the whole reminder record'),
  ],
};

export const CONVERSATIONS_LIST: ListSpec = {
  key: 'conversations',
  displayName: 'Plan bot conversations',
  hidden: true,
  columns: [
    { name: 'UserId', kind: 'text', unique: true, indexed: true },
    json('ReferenceJson', "the bot's conversation reference for this person"),
  ],
};

/** What the bot remembers between a conversation's turns, one item per conversation (src/store/chat-state.ts). */
export const CHAT_STATE_LIST: ListSpec = {
  key: 'chatState',
  displayName: 'Plan bot chat state',
  hidden: true,
  columns: [
    { name: 'ConversationKey', displayName: 'Conversation key', kind: 'text', unique: true, indexed: true },
    json('StateJson', "what the bot keeps between this conversation's turns"),
  ],
};

export const PLAN_LISTS: readonly ListSpec[] = [PLANS_LIST, ACTIONS_LIST, UPDATES_LIST, HISTORY_LIST, REMINDERS_LIST, CONVERSATIONS_LIST, CHAT_STATE_LIST];

/** The Graph columnDefinition for a column (resources/columndefinition and its type facets). */
export function columnDefinition(column: ColumnSpec, listIds: ReadonlyMap<ListKey, string>): Record<string, unknown> {
  const definition: Record<string, unknown> = {
    name: column.name,
    displayName: column.displayName ?? column.name,
    description: column.description ?? '',
    indexed: column.indexed === true,
    hidden: column.hidden === true,
  };
  switch (column.kind) {
    case 'text':
      definition.text = column.multiline ? { allowMultipleLines: true, textType: 'plain' } : { allowMultipleLines: false, maxLength: 255 };
      if (column.unique) definition.enforceUniqueValues = true;
      break;
    case 'number':
      definition.number = {};
      break;
    case 'dateTime':
      definition.dateTime = { format: column.dateOnly ? 'dateOnly' : 'dateTime' };
      break;
    case 'choice':
      definition.choice = { choices: [...column.choices], allowTextEntry: false, displayAs: 'dropDownMenu' };
      break;
    case 'lookup': {
      const listId = listIds.get(column.list);
      if (!listId) throw new Error(`column ${column.name}: list ${column.list} must exist first`);
      definition.lookup = { listId, columnName: column.list === 'actions' ? 'Ref' : 'Title' };
      break;
    }
    case 'person':
      definition.personOrGroup = { allowMultipleSelection: column.multiple, chooseFromType: 'peopleAndGroups', displayAs: 'nameWithPresence' };
      break;
    case 'boolean':
      definition.boolean = {};
      break;
  }
  return definition;
}

/** The type facet a column definition read back from Graph carries. */
export function facetOf(column: ColumnSpec): string {
  return column.kind === 'person' ? 'personOrGroup' : column.kind;
}

/** Every column the store reads from a list, for $expand=fields($select=...). */
export function selectFor(list: ListSpec): string[] {
  return [
    'Title',
    // Person columns are written by the lead mapping and shown by SharePoint; the store reads names from text columns.
    ...list.columns.filter((c) => c.kind !== 'person').map((c) => (c.kind === 'lookup' ? `${c.name}LookupId` : c.name)),
  ];
}
