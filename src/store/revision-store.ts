import type { ChangeRecord } from '../plan/action-history.js';
import type { DateOnly } from '../plan/calendar-date.js';

/** Who applies a revision, when, and from which document: every change it records says so. */
export interface RevisionMeta {
  /** When it is recorded (ISO 8601 instant). */
  recordedAt: string;
  /** The day in the plan's time zone: the date of the change entries. */
  recordedOn: DateOnly;
  author: string;
  /** The document it came from, as the history names it: "re-import of plan-v4.docx". */
  source: string;
}

/** What each change a revision makes is recorded with: the person who brought the document in, from it, on the day. */
export function revisionRecord(meta: RevisionMeta, key: string): ChangeRecord {
  return { kind: 'changed', note: meta.source, date: meta.recordedOn, key, author: meta.author, authorId: null, origin: 're-import' };
}
