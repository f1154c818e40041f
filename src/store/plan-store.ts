import type { ActionFilter } from '../plan/action-filter.js';
import type { LeadMapping } from '../plan/lead-mapping.js';
import type {
  Action,
  ActionChange,
  ActionView,
  ActionWithUpdates,
  Plan,
  PlanDocument,
  PlanDraft,
  PlanSettings,
  PlanSummary,
  Section,
} from '../plan/plan.js';
import type { NewUpdate, Update } from '../plan/update.js';
import type { PlanRevision } from '../plan/plan-revision.js';
import type { RevisionMeta } from './revision-store.js';
import type { Reminder, NewReminder, ReminderOutcome } from './reminder-log.js';
import type { StoredConversationReference } from './conversation-reference.js';

export interface ImportOptions {
  /** Called as actions are written, for progress on long imports. */
  onProgress?: (written: number, total: number) => void;
  /** Replace this existing plan in the same transaction instead of adding a new one. */
  replacePlanId?: string;
}

/** A change to an action's RAG or timescale, made with the version its author last read. */
export interface ChangeAtVersion {
  expectedVersion: string;
  change: ActionChange;
}

/**
 * Where plans live. Two implementations (SQLite, SharePoint lists through Graph) pass one contract
 * suite (test/contract/plan-store.contract.ts). Every write is all or nothing.
 */
export interface PlanStore {
  /** Stores a whole plan in one transaction: on any failure nothing of it remains. */
  importPlan(draft: PlanDraft, options?: ImportOptions): Promise<Plan>;
  listPlans(): Promise<PlanSummary[]>;
  /** How many plans there are, without reading their actions (health probes, start-up). */
  countPlans(): Promise<number>;
  getPlan(planId: string): Promise<Plan | null>;
  updatePlanSettings(planId: string, settings: Partial<PlanSettings> & { owner?: string | null }): Promise<Plan>;
  deletePlan(planId: string): Promise<void>;
  listSections(planId: string): Promise<Section[]>;
  /** The whole plan with every action and update, for export. */
  exportPlan(planId: string): Promise<PlanDocument | null>;

  /** Actions in plan order with their latest update; throws plan_not_found for an unknown plan. */
  findActions(planId: string, filter?: ActionFilter): Promise<ActionView[]>;
  getAction(actionId: string): Promise<ActionWithUpdates | null>;
  getActionByRef(planId: string, ref: string): Promise<ActionWithUpdates | null>;

  /**
   * Appends an update (never overwrites one), with the change to RAG or timescale it makes when
   * given: the change only if the action is still at its expected version (else
   * VersionConflictError with the current action), and the two as one, so a failure leaves neither
   * or lets a retry complete them. A key is recorded once and bound to its action: a key already
   * recorded on this action returns that update with created false and changes nothing, whatever
   * version or change comes with it (a retried submission must not undo a later change); a key
   * recorded on another action is refused (key_reused) and nothing is written.
   */
  appendUpdate(actionId: string, update: NewUpdate, change?: ChangeAtVersion): Promise<{ update: Update; created: boolean }>;
  /**
   * Reconciles a newer version of the plan's document into it (revisePlan's difference): fields
   * changed with a history entry each (was, now, who, when, from which document), updates and
   * actions added once, removed actions kept. SQLite does it in one transaction; SharePoint lists,
   * which have no transaction across items, write so that importing the document again completes it.
   */
  applyRevision(revision: PlanRevision, incoming: PlanDraft, meta: RevisionMeta): Promise<Plan>;
  /** Changes RAG or timescale if the action is still at expectedVersion; otherwise VersionConflictError with the current action. */
  changeAction(actionId: string, expectedVersion: string, change: ActionChange): Promise<Action>;

  /** Records a reminder before it is sent; claimed is false if its key already exists (another sender has it). */
  claimReminder(reminder: NewReminder): Promise<{ claimed: boolean; reminder: Reminder }>;
  recordReminderOutcome(key: string, outcome: ReminderOutcome): Promise<Reminder>;
  /**
   * Takes a reminder back to 'claimed' for another try: one left 'failed' or 'unreachable', or left
   * 'claimed' by a sender that stopped half way (when to retry is the sender's call). Only if it is
   * still as `seen` (status, claimedAt and attempts), so of two sweeps retrying it at once one gets
   * claimed true and the other sends nothing. A sent or answered reminder is never taken back.
   */
  retakeReminder(key: string, seen: Pick<Reminder, 'status' | 'claimedAt' | 'attempts'>, claimedAt: string): Promise<{ claimed: boolean; reminder: Reminder }>;
  listReminders(filter?: { planId?: string; actionId?: string; status?: Reminder['status'] }): Promise<Reminder[]>;

  /** Who each lead of the plan is in Entra ID, by lead key; throws plan_not_found for an unknown plan. */
  listLeadMappings(planId: string): Promise<LeadMapping[]>;
  /**
   * Upserts mappings by lead key, all or nothing: a mapping of a key already stored replaces it,
   * others are added, and mappings not named are left as they are. deletePlan removes them all.
   */
  saveLeadMappings(planId: string, mappings: readonly LeadMapping[]): Promise<void>;

  saveConversationReference(reference: StoredConversationReference): Promise<void>;
  getConversationReference(userId: string): Promise<StoredConversationReference | null>;
  listConversationReferences(): Promise<StoredConversationReference[]>;

  close(): Promise<void>;
}
