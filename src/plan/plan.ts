import type { ChangeRecord, HistoryEntry } from './action-history.js';
import type { DateOnly, ReducedDate } from './calendar-date.js';
import type { ChannelDigest } from './channel-digest.js';
import type { PlanMeeting } from './plan-meetings.js';
import type { Lead } from './lead.js';
import type { Rag, RagLegendEntry } from './rag.js';
import type { Timescale } from './timescale.js';
import type { Update, UpdateEntry } from './update.js';

/** A section or priority of a plan: "1. Multi Agency Partnerships", "Priority 2". */
export interface Section {
  id: string;
  planId: string;
  /** Its number as the plan gives it ("1", "2"), or null for an unnumbered heading. */
  number: string | null;
  /** The plan's own word for its sections when it has one ("Priority", "Objective"): shown as "Priority 2". */
  label?: string | null;
  title: string;
  description: string;
  order: number;
}

/** One line of a plan's version record ("V03 15/05/13 Version updated to reflect ..."). */
export interface VersionRecordEntry {
  version: string;
  date: ReducedDate | null;
  description: string;
  author: string | null;
  /** Every cell of the row under its header, so nothing of the record is lost. */
  cells: Record<string, string>;
}

export interface PlanSettings {
  /** Days before a due date that a lead is reminded. */
  reminderLeadDays: number;
  /** Days without an update after which an open action counts as gone quiet. */
  staleAfterDays: number;
  /** IANA zone the plan's meetings and reminders run in. */
  timeZone: string;
  /** Whether closing an action or moving its timescale waits for the plan owner: others propose, the owner approves or returns. */
  ownerApproves: boolean;
  /** How a lead in the tenant is told a reminder is due: a card in their chat with the bot, or Teams' activity feed first. */
  leadNotice: LeadNotice;
}

/**
 * 'activity-feed': the feed, and the card only when the feed cannot reach the person (the app is not
 * installed for them); never both for one reminder. 'card': the card in their chat, as always.
 */
export const LEAD_NOTICES = ['card', 'activity-feed'] as const;
export type LeadNotice = (typeof LEAD_NOTICES)[number];

export const DEFAULT_PLAN_SETTINGS: PlanSettings = {
  reminderLeadDays: 14,
  staleAfterDays: 60,
  timeZone: 'Europe/London',
  ownerApproves: false,
  leadNotice: 'card',
};

/** The kinds of document a plan can come from. */
export const PLAN_SOURCE_FORMATS = ['text-export', 'docx', 'csv', 'xlsx', 'json'] as const;

export interface PlanSource {
  fileName: string;
  format: (typeof PLAN_SOURCE_FORMATS)[number];
  importedAt: string;
}

/** What a column of a plan's table holds, read from its heading's meaning. */
export const COLUMN_ROLES = ['ref', 'action', 'outcome', 'lead', 'timescale', 'updates', 'rag', 'sources'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

/** A column of the plan's table as the document heads it ("Lead(s)", "BRAG"), in the document's order. */
export interface PlanColumn {
  heading: string;
  /** Null for a column the plan does not use ("Notes for chair"), kept so the order stays the document's. */
  role: ColumnRole | null;
}

export interface Plan extends PlanSettings {
  id: string;
  title: string;
  description: string;
  owner: string | null;
  ragLegend: RagLegendEntry[];
  versionRecord: VersionRecordEntry[];
  source: PlanSource | null;
  /** Text from the source document that could not be placed in an action, kept verbatim. */
  unplacedText: string[];
  /** The group's meetings, in date order: "since the last meeting" counts from the last of them. */
  meetings: PlanMeeting[];
  /**
   * The plan table's columns as the document headed and ordered them, so an export gives the board
   * its own paper back. Absent for plans imported before they were kept, or made without a document.
   */
  columns?: PlanColumn[];
  /** Where and when the bot posts "since the last meeting"; absent or null when the plan has no channel. */
  channelDigest?: ChannelDigest | null;
}

export interface Action {
  id: string;
  planId: string;
  sectionId: string;
  /** "1.4", "4.2b", "1a"; sub-actions take their parent's ref and a letter. */
  ref: string;
  parentRef: string | null;
  /** Position in the plan as written, from 0. */
  order: number;
  /** Short form for lists and SharePoint's Title column. */
  title: string;
  text: string;
  outcome: string;
  leads: Lead[];
  /** The leads cell exactly as written. */
  leadsText: string;
  timescale: Timescale;
  rag: Rag;
  /** The RAG cell as written when it was not a plain value ("●", "Green – complete"). */
  ragNote: string | null;
  /** References the action cites: "ACPO 2.4", "OCC Interim Report Recommendation 7". */
  sources: string[];
  /** Markers written beside the ref, such as "New". */
  markers: string[];
  /** Ref of the action this one says it duplicates. */
  duplicateOf: string | null;
  /** Latest of its updates' dates and of changes to its fields. */
  lastUpdated: ReducedDate | null;
  /** Opaque concurrency token (SharePoint's eTag); a change with a stale one is refused. */
  version: string;
}

/** An action as lists show it: with its most recent update. */
export interface ActionView extends Action {
  latestUpdate: Update | null;
  updateCount: number;
}

export interface ActionWithUpdates extends Action {
  /** In the order written or recorded. */
  updates: Update[];
  /** Every change to its fields and every step of a request, in the order recorded. */
  history: HistoryEntry[];
}

/** A whole plan, as exported for scripts and board reports. */
export interface PlanDocument {
  plan: Plan;
  sections: Section[];
  actions: ActionWithUpdates[];
}

export interface PlanSummary {
  id: string;
  title: string;
  sectionCount: number;
  actionCount: number;
  ragCounts: Record<Rag, number>;
  lastUpdated: ReducedDate | null;
}

/* Drafts: what an importer produces before a store gives it ids. */

export interface SectionDraft {
  number: string | null;
  label?: string | null;
  title: string;
  description: string;
}

/** An action as read from a document: the fields of Action a store does not assign, and its history. */
export interface ActionDraft extends Omit<Action, 'id' | 'planId' | 'sectionId' | 'order' | 'lastUpdated' | 'version'> {
  /** Index into PlanDraft.sections. */
  sectionIndex: number;
  updates: UpdateEntry[];
}

export interface PlanDraft extends Omit<Plan, 'id'> {
  sections: SectionDraft[];
  actions: ActionDraft[];
}

/** A change to an action's own fields, made with the version it was read at. */
export interface ActionChange {
  rag?: Rag;
  timescale?: Timescale;
  /** When the change was made (ISO 8601 instant); the day becomes the action's lastUpdated. */
  changedAt: string;
  /** Who made it, through what and why: the store records it as a history entry with the change's was and now. */
  record: ChangeRecord;
}

export type { DateOnly };
