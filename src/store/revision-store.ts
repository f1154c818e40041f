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
