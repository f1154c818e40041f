import type { DateOnly } from '../plan/calendar-date.js';
import type { Plan, PlanDraft } from '../plan/plan.js';
import type { PlanRevision } from '../plan/plan-revision.js';
import type { PlanStore } from './plan-store.js';

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

/**
 * A store that can reconcile a newer version of a plan's document into the stored plan in one
 * transaction: fields changed with a history entry each, updates and actions added once, removed
 * actions kept. The embedded SQLite store has it; SharePoint lists do not yet.
 */
export interface RevisablePlanStore {
  applyRevision(revision: PlanRevision, incoming: PlanDraft, meta: RevisionMeta): Promise<Plan>;
}

export function canApplyRevisions(store: PlanStore): store is PlanStore & RevisablePlanStore {
  return typeof (store as Partial<RevisablePlanStore>).applyRevision === 'function';
}
