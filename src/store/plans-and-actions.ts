import type { ActionFilter } from '../plan/action-filter.js';
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
import type { ChannelDigest } from '../plan/channel-digest.js';
import type { PlanMeeting } from '../plan/plan-meetings.js';
import type { PlanRevision } from '../plan/plan-revision.js';
import type { RevisionMeta } from './revision-store.js';

/** What of a plan's own record can change apart from its actions: settings, owner, meetings. */
export type PlanHeaderChange = Partial<PlanSettings> & { owner?: string | null; meetings?: PlanMeeting[]; channelDigest?: ChannelDigest | null };

export interface ImportOptions {
  /** Called as actions are written, for progress on long imports. */
  onProgress?: (written: number, total: number) => void;
  /** Replace this existing plan in the same transaction instead of adding a new one. */
  replacePlanId?: string;
}

/** Plans and their sections and actions: imported whole, read, filtered, revised, changed at a version. */
export interface PlansAndActions {
  /** Stores a whole plan in one transaction: on any failure nothing of it remains. */
  importPlan(draft: PlanDraft, options?: ImportOptions): Promise<Plan>;
  listPlans(): Promise<PlanSummary[]>;
  /** How many plans there are, without reading their actions (health probes, start-up). */
  countPlans(): Promise<number>;
  getPlan(planId: string): Promise<Plan | null>;
  /** Changes the plan's settings, owner, meetings or channel digest; what is not named stays. */
  updatePlanSettings(planId: string, settings: PlanHeaderChange): Promise<Plan>;
  deletePlan(planId: string): Promise<void>;
  listSections(planId: string): Promise<Section[]>;
  /** The whole plan with every action and update, for export. */
  exportPlan(planId: string): Promise<PlanDocument | null>;

  /** Actions in plan order with their latest update; throws plan_not_found for an unknown plan. */
  findActions(planId: string, filter?: ActionFilter): Promise<ActionView[]>;
  getAction(actionId: string): Promise<ActionWithUpdates | null>;
  getActionByRef(planId: string, ref: string): Promise<ActionWithUpdates | null>;

  /**
   * Reconciles a newer version of the plan's document into it (revisePlan's difference): fields
   * changed with a history entry each (was, now, who, when, from which document), updates and
   * actions added once, removed actions kept. SQLite does it in one transaction; SharePoint lists,
   * which have no transaction across items, write so that importing the document again completes it.
   */
  applyRevision(revision: PlanRevision, incoming: PlanDraft, meta: RevisionMeta): Promise<Plan>;
  /** Changes RAG or timescale if the action is still at expectedVersion; otherwise VersionConflictError with the current action. */
  changeAction(actionId: string, expectedVersion: string, change: ActionChange): Promise<Action>;
}
